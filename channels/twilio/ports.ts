import type { CaseEventRepository } from '../../src/db/case-events.js';
import type { CaseRepository } from '../../src/db/cases.js';
import type { ConversationRepository } from '../../src/db/conversations.js';
import type { CustomerRepository } from '../../src/db/customers.js';
import type { DeliveryRepository } from '../../src/db/deliveries.js';
import type { MessageRepository } from '../../src/db/messages.js';

/** What the Twilio channel (SMS and WhatsApp) reads and writes of the system of record. */
export type TwilioStore = Pick<CaseEventRepository, 'appendEvent'> &
  Pick<CaseRepository, 'getCase' | 'listCasesForConversation'> &
  Pick<
    ConversationRepository,
    'findConversation' | 'getConversation' | 'mergeChannelData' | 'mergeChannelDataEntries' | 'setOptOut'
  > &
  Pick<CustomerRepository, 'findCustomerForConversation'> &
  Pick<
    DeliveryRepository,
    | 'beginSendAttempt'
    | 'getDelivery'
    | 'listDeliveries'
    | 'recordDeliveryPart'
    | 'settleSendAttempts'
    | 'unknownSendAttempts'
    | 'updateDelivery'
  > &
  Pick<MessageRepository, 'getMessage'>;
