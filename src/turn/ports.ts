import type { ConversationRepository } from '../db/conversations.js';
import type { DeliveryRepository } from '../db/deliveries.js';
import type { MessageRepository } from '../db/messages.js';
import type { TurnCommitRepository } from '../db/turn-commits.js';

/** What a turn reads and writes of the system of record. */
export type TurnStore = Pick<ConversationRepository, 'getConversation'> &
  Pick<
    MessageRepository,
    'getMessage' | 'pendingInbound' | 'pendingWithConversation' | 'recordOutbound' | 'setMessageStatus'
  > &
  Pick<TurnCommitRepository, 'commitTurn'>;

/** What the outbound queue's sender reads and writes of the system of record. */
export type OutboundStore = Pick<ConversationRepository, 'getConversation'> &
  Pick<DeliveryRepository, 'recordDeliveries' | 'recordDeliveriesMany'> &
  Pick<MessageRepository, 'getMessage' | 'pendingOutbound' | 'pendingWithConversation' | 'setMessageStatus'>;
