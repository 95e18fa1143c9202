import type { Choice } from './channel.js';
import type { CaseStore } from './db/case-store.js';
import type { Message } from './db/rows.js';
import type { Queues } from './queues/queues.js';

/**
 * Messages to a customer from outside a bot turn: a colleague's reply from Slack, a
 * clock's notice, a complaint response. Stored first, then queued, so the customer's
 * channel gets them in order and a provider outage only delays them.
 */
export class Outbox {
  constructor(
    private readonly store: CaseStore,
    private readonly queues: Queues,
  ) {}

  async say(
    conversationId: string,
    message: { text: string; choices?: Choice[]; author: string; caseId?: string | null; id?: string; locale?: string | null },
  ): Promise<Message> {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) throw new Error(`no conversation ${conversationId}`);
    const row = await this.store.recordOutbound({
      id: message.id,
      conversationId,
      channelId: conversation.channel_id,
      caseId: message.caseId ?? null,
      author: message.author,
      text: message.text,
      choices: message.choices ?? [],
      locale: message.locale ?? null,
    });
    await this.queues.add('outbound', { conversationId, messageId: row.id }, { id: `out-${row.id}` });
    return row;
  }
}
