import type { Conversation } from '../db/rows.js';

/**
 * Where a conversation began when it began in another one: a channel that answers a
 * public post in private knows it, and says so through an OriginReader. The case
 * service reads every case's conversation with the readers the composition root gives
 * it, and puts what they find on the case (docs/rules/channels.md#public-comments: staff see what was said in
 * public and what we answered).
 */
export interface ConversationOrigin {
  /** The conversation it began in: its messages not yet on a case join the case made here. */
  conversationId: string;
  /** The audit event that records the origin on the case, and its data. */
  event: string;
  data: Record<string, unknown>;
}

export type OriginReader = (conversation: Conversation) => ConversationOrigin | undefined;
