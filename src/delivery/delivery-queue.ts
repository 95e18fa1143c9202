import { Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { DeliveryService, EmailJobs } from './delivery-service.js';
import type { PrintBatcher } from './print-batch.js';

/**
 * The delivery queue: emails (retried with backoff through an SMTP outage, then handed to the
 * chat channel, never dropped) and the daily print run (docs/rules/delivery.md#email).
 * Its own queue, beside the four of src/queues, so a mail server's outage never holds up a
 * conversation's replies.
 */
export const deliveryQueueName = 'delivery';

const EmailJobSchema = z.object({ deliveryId: z.uuid() });
const PrintJobSchema = z.object({}).passthrough();

export interface DeliveryQueueOptions {
  connection: Redis | ConnectionOptions;
  /** @defaultValue 'gw' */
  prefix?: string;
  /** Tries per email before it goes by chat instead. @defaultValue 12 (about 17 hours with the default backoff) */
  emailAttempts?: number;
  /** The first retry's delay; each next one doubles. @defaultValue 30000 */
  emailBackoffMs?: number;
}

/** Producer side: queue an email, and (once, on start-up) the daily print run's schedule. */
export class DeliveryQueue implements EmailJobs {
  readonly queue: Queue;

  constructor(private readonly options: DeliveryQueueOptions) {
    this.queue = new Queue(deliveryQueueName, {
      connection: options.connection,
      prefix: options.prefix ?? 'gw',
      defaultJobOptions: { removeOnComplete: { age: 7 * 86_400 }, removeOnFail: { age: 30 * 86_400 } },
    });
    this.queue.on('error', () => undefined);
  }

  async sendEmail(deliveryId: string, options: { delayMs?: number } = {}): Promise<void> {
    await this.queue.add(
      'email',
      { deliveryId },
      {
        jobId: `email-${deliveryId}`,
        ...(options.delayMs ? { delay: options.delayMs } : {}),
        attempts: this.options.emailAttempts ?? 12,
        backoff: { type: 'exponential', delay: this.options.emailBackoffMs ?? 30_000 },
      },
    );
  }

  /**
   * The print run, every day at a time London keeps (cron, seconds first). Idempotent: the
   * scheduler is named, so every worker that starts up sets the same one.
   * @defaultValue '0 0 15 * * 1-5': 3pm on weekdays, in time for the post
   */
  async schedulePrintRun(pattern = '0 0 15 * * 1-5'): Promise<void> {
    await this.queue.upsertJobScheduler(
      'print-run',
      { pattern, tz: 'Europe/London' },
      { name: 'print-run', data: {}, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } } },
    );
  }

  /** A print run now (an operator, or a test). */
  async runPrintNow(id: string): Promise<void> {
    await this.queue.add('print-run', {}, { jobId: `print-run-${id}`, attempts: 3 });
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

export interface DeliveryWorkerOptions {
  connection: Redis | ConnectionOptions;
  /** @defaultValue 'gw' */
  prefix?: string;
  service: Pick<DeliveryService, 'sendEmailNow' | 'sendEmailGaveUp' | 'requeueWaitingEmails'>;
  printer: Pick<PrintBatcher, 'run'>;
  logger: Logger;
  /** @defaultValue 4 */
  concurrency?: number;
}

/** Consumer side: sends emails and runs the print batch. */
export function startDeliveryWorker(options: DeliveryWorkerOptions): Worker {
  const { service, printer, logger } = options;
  const worker = new Worker(
    deliveryQueueName,
    async (job) => {
      if (job.name === 'email') {
        const parsed = EmailJobSchema.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError('invalid email job payload');
        await service.sendEmailNow(parsed.data.deliveryId);
        return;
      }
      if (job.name === 'print-run') {
        PrintJobSchema.parse(job.data);
        await printer.run();
        // Emails whose job was lost go again (docs/rules/delivery.md#email).
        await service.requeueWaitingEmails();
        return;
      }
      throw new UnrecoverableError(`unknown delivery job ${job.name}`);
    },
    {
      connection: options.connection,
      prefix: options.prefix ?? 'gw',
      concurrency: options.concurrency ?? 4,
    },
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    logger.warn(
      { queue: deliveryQueueName, jobId: job.id, attempt: job.attemptsMade, final, err: error.message },
      'delivery job failed',
    );
    if (!final || job.name !== 'email') return;
    const parsed = EmailJobSchema.safeParse(job.data);
    if (!parsed.success) return;
    service
      .sendEmailGaveUp(parsed.data.deliveryId, error.message)
      .catch((e: unknown) => logger.error({ err: (e as Error).message }, 'email fallback failed'));
  });
  worker.on('error', (error) => logger.error({ queue: deliveryQueueName, err: error.message }, 'worker error'));
  return worker;
}
