/** Delivery by the customer's chosen contact method (docs/rules/delivery.md). */
export { DeliveryQueue, deliveryQueueName, startDeliveryWorker, type DeliveryQueueOptions } from './delivery-queue.js';
export { DeliveryService, type DeliveryServiceDeps, type EmailJobs } from './delivery-service.js';
export { DeliveryStore, type Delivery, type DeliveryRoute, type PrintBatch } from './delivery-store.js';
export { smtpMailer, type Mailer, type OutgoingEmail } from './mailer.js';
export { PrintBatcher, type PrintRun } from './print-batch.js';
export type { CustomerNotice, DeliveryOutcome, DeliveryPort, LetterPdfs } from './ports.js';
export { chooseRoute, fallbackReasons, maskRecipient, postalAddress, type FallbackReason } from './routes.js';
