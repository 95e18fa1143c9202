import { AsyncLocalStorage } from 'node:async_hooks';
import { NotFoundError } from './errors.js';
import type { Choice } from './channel.js';
import type { ConversationRepository } from './db/conversations.js';
import type { MessageRepository } from './db/messages.js';
import type { PartyRepository } from './db/parties.js';
import type { Message } from './db/rows.js';
import type { Queues } from './queues/queues.js';

/**
 * The author of the one message that may still go to a customer who has just opted out:
 * the confirmation that they have (WhatsApp, where no carrier confirms it for us).
 */
export const OPT_OUT_CONFIRMATION_AUTHOR = 'bot:opt-out-confirmation';

/**
 * The author of the satisfaction survey's messages (seed 002): a channel that can reach a
 * customer only with approved templates (WhatsApp after 24 hours) sends the survey's own.
 */
export const SURVEY_AUTHOR = 'bot:survey';

type SayInput = {
  text: string;
  choices?: Choice[];
  author: string;
  caseId?: string | null;
  id?: string;
  locale?: string | null;
};

interface TurnInProgress {
  conversationId: string;
  /** The turn's own job sends what it stored once the turn is over: a held notice is only stored. */
  deliveredByTurn: boolean;
  held: (() => Promise<unknown>)[];
}

const turnInProgress = new AsyncLocalStorage<TurnInProgress>();

/**
 * A bot turn on one conversation. Notices said to that conversation from inside the turn
 * (the acknowledgement letter's link when the dialog opens a case) wait until `release`,
 * which the turn processor calls after recording the turn's own replies: the customer
 * reads "your reference is…" before "here is our letter about it".
 */
export class TurnNotices {
  private readonly turn: TurnInProgress;

  constructor(conversationId: string, options: { deliveredByTurn?: boolean } = {}) {
    this.turn = { conversationId, deliveredByTurn: options.deliveredByTurn === true, held: [] };
  }

  run<T>(turn: () => Promise<T>): Promise<T> {
    return turnInProgress.run(this.turn, turn);
  }

  /** True when the turn said something that waits for its replies. */
  get holding(): boolean {
    return this.turn.held.length > 0;
  }

  /** Record and queue what the turn held back, in the order it was said. */
  async release(): Promise<void> {
    for (const say of this.turn.held.splice(0)) await say();
  }
}

/**
 * Messages to a customer from outside a bot turn: a colleague's reply from Slack, a
 * clock's notice, a complaint response. Stored first, then queued, so the customer's
 * channel gets them in order and a provider outage only delays them.
 */
export class Outbox {
  constructor(
    private readonly store: Pick<ConversationRepository, 'getConversation'> &
      Pick<MessageRepository, 'recordOutbound'> &
      Partial<Pick<PartyRepository, 'withheldFromRepresentative'>>,
    private readonly queues: Queues,
  ) {}

  /**
   * A notice the system sends (a letter's link, a change of due date). During a bot turn
   * on the same conversation it waits for the turn's replies (TurnNotices); otherwise it
   * is said at once. Give it a stable id: a turn run again says it once.
   */
  async notify(conversationId: string, message: SayInput): Promise<void> {
    const turn = turnInProgress.getStore();
    if (turn && turn.conversationId === conversationId) {
      // docs/rules/turn-pipeline.md#delivery-in-the-turn: the turn's job sends it with the turn's replies.
      turn.held.push(() =>
        turn.deliveredByTurn ? this.record(conversationId, message) : this.say(conversationId, message),
      );
      return;
    }
    await this.say(conversationId, message);
  }

  async say(conversationId: string, message: SayInput): Promise<Message> {
    const row = await this.record(conversationId, message);
    // Held back (kept, marked suppressed): nothing to send.
    if (row.status === 'suppressed') return row;
    await this.queues.add('outbound', { conversationId, messageId: row.id }, { id: `out-${row.id}` });
    return row;
  }

  /** Stored, for a sender that drains the conversation anyway (the turn's own job). */
  private async record(conversationId: string, message: SayInput): Promise<Message> {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
    // Until the customer agrees (or after they withdraw), nothing about their case goes to a
    // representative, whoever asks to send it (docs/rules/contacts.md#representatives): kept, never sent.
    const withheld =
      message.caseId && this.store.withheldFromRepresentative
        ? await this.store.withheldFromRepresentative(conversationId, message.caseId)
        : false;
    return this.store.recordOutbound({
      id: message.id,
      conversationId,
      channelId: conversation.channel_id,
      caseId: message.caseId ?? null,
      author: message.author,
      text: message.text,
      choices: message.choices ?? [],
      locale: message.locale ?? null,
      ...(withheld ? { status: 'suppressed' as const } : {}),
    });
  }
}
