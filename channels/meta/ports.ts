import type { CaseEventRepository } from '../../src/db/case-events.js';
import type { CaseRepository } from '../../src/db/cases.js';
import type { ConversationRepository } from '../../src/db/conversations.js';
import type { DeliveryRepository } from '../../src/db/deliveries.js';
import type { MessageRepository } from '../../src/db/messages.js';

/** What the Meta channel (Page comments, Messenger, Instagram) reads and writes of the system of record. */
export type MetaStore = Pick<CaseEventRepository, 'appendEvent'> &
  Pick<CaseRepository, 'listCasesForConversation'> &
  Pick<
    ConversationRepository,
    'ensureConversation' | 'getConversation' | 'mergeChannelData' | 'mergeChannelDataEntries'
  > &
  Pick<
    DeliveryRepository,
    | 'beginSendAttempt'
    | 'getDelivery'
    | 'listDeliveries'
    | 'recordDeliveries'
    | 'recordDeliveryPart'
    | 'settleSendAttempts'
    | 'unknownSendAttempts'
    | 'updateDelivery'
  > &
  Pick<MessageRepository, 'getMessage' | 'recordOutbound'>;
