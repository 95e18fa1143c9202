import type { Case, Customer, Message, PreferredFormat } from '../db/rows.js';
import type { CaseEventRepository } from '../db/case-events.js';
import type { CaseRepository } from '../db/cases.js';
import type { ConversationRepository } from '../db/conversations.js';
import type { CustomerRepository } from '../db/customers.js';
import type { PartyRepository } from '../db/parties.js';
import type { Delivery, DeliveryRoute } from './delivery-store.js';
import type { FallbackReason } from './routes.js';

/**
 * The one way a notice or letter reaches a customer outside the conversation's own turn
 * (docs/rules/delivery.md#by-contact-method): by the contact method they chose (email, a
 * printed letter, a colleague's call) or, by choice or as the fallback, on the channel the
 * case came from.
 */
export interface CustomerNotice {
  caseId: string;
  /** Stable for one notice: asking again (a retried job, a replayed turn) delivers it once. */
  key: string;
  /** `bot`, `system` or the colleague (`staff:U…`) it is from. */
  author: string;
  /** The words in the customer's language; `context` is the chat channel's wording (sms, whatsapp) when it goes by chat. */
  text: (lang: string, context: string | undefined) => string;
  /** The subject line of an email, in the customer's language. @defaultValue "<reference>: a message from <landlord>" */
  subject?: (lang: string) => string;
  /** The letter issued with it: attached to an email, printed for the post, linked on chat. */
  documentId?: string | null;
  /** The letter issued for the same step says everything this notice does: by post, the letter alone goes. */
  inLetter?: boolean;
  /** The id of the chat message (stable, so it is stored once). */
  chatId: string;
  /** Record and queue the chat message now, even during a bot turn (a colleague's response). @defaultValue false */
  immediate?: boolean;
}

export interface DeliveryOutcome {
  route: DeliveryRoute;
  /** Why it went by chat instead of the method chosen. */
  fallback: FallbackReason | null;
  /** The record of it; null when it went by chat as chosen and the case has no private channel. */
  delivery: Delivery | null;
  /** The chat message, when it was said at once (`immediate`). */
  message: Message | null;
  /** False when nothing could reach the customer (chat chosen, no private channel). */
  reached: boolean;
}

export interface DeliveryPort {
  deliver(notice: CustomerNotice): Promise<DeliveryOutcome>;
}

/** A stored letter as a PDF, for attaching and printing (DocumentService). */
export interface LetterPdfs {
  letterPdf(documentId: string): Promise<{ pdf: Buffer; kind: string; format: PreferredFormat } | undefined>;
}

/** What the delivery service reads and writes of the system of record. */
export type DeliveryRecords = Pick<CaseRepository, 'getCase'> &
  Pick<CaseEventRepository, 'appendEvent'> &
  Pick<ConversationRepository, 'getConversation'> &
  Pick<CustomerRepository, 'getCustomer'> &
  Pick<PartyRepository, 'caseConversationFor'>;

export type { Case, Customer };
