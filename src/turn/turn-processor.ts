import { ConversationState, type Activity, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import type { ChannelId } from '../channel-id.js';
import { NotFoundError } from '../errors.js';
import type { TurnStore } from './ports.js';
import type { ConversationWithMessages } from '../db/messages.js';
import type { Conversation, Message } from '../db/rows.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { TurnNotices } from '../outbox.js';
import { withConversationLock } from '../queues/conversation-lock.js';
import type { Queues } from '../queues/queues.js';
import { GatewayAdapter, repliesOf, setStoredConversation, type PendingReply } from './gateway-adapter.js';
import { ETagConflictError, newItemETag, type RedisStorage } from './redis-storage.js';

/** What runs a turn: botbuilder's ActivityHandler and our dialogs bot both have this shape. */
export interface Bot {
  run(context: TurnContext): Promise<void>;
  /**
   * A turn while a colleague has the conversation (or it waits for one): the message has
   * gone to staff already; the bot says nothing unless safety needs it (an emergency's
   * advice, issue 11 item 7). Without it the bot is silent while handed off.
   */
  runHandedOff?(context: TurnContext): Promise<void>;
}

/**
 * Saved with the dialog state in the same eTag-checked write: the last message the
 * bot handled and what it said. A turn replayed after a crash sees the message was
 * handled and only re-queues the replies (their ids are stable, so nothing repeats).
 */
interface TurnLedger {
  lastMessageId?: string;
  replies?: PendingReply[];
}

export interface TurnProcessorOptions {
  store: TurnStore;
  queues: Queues;
  redis: Redis;
  conversationState: ConversationState;
  /** The storage under conversationState: the turn saves through it with the eTag it read. */
  storage: RedisStorage;
  bot: Bot;
  logger: Logger;
  metrics: Metrics;
  adapter?: GatewayAdapter;
  /** How long a conversation lock lives without renewal (a dead worker's lock expires). @defaultValue 30000 */
  lockTtlMs?: number;
  /** Attempts at a turn that loses an eTag race before giving up to the queue's retry. @defaultValue 5 */
  maxConflictRetries?: number;
  /** Called instead of the bot while a colleague has the conversation (Slack relay). */
  whenHandedOff?: (conversation: Conversation, message: Message) => Promise<void>;
  /** Called before the bot (e.g. SMS STOP/HELP). Return true when the message was fully handled. */
  preempt?: (conversation: Conversation, message: Message) => Promise<boolean>;
  /**
   * Called as the bot starts a turn; what it returns is called when the turn is over (its
   * replies queued, or failed). The composition root shows the customer a typing indicator
   * with it (ChannelAdapter.typing).
   */
  whileTurnRuns?: (conversation: Conversation) => (() => void) | undefined;
  lockPrefix?: string;
  /**
   * The caller sends the turn's replies itself once the turn is over (the inbound job does,
   * docs/rules/turn-pipeline.md#delivery-in-the-turn), so the turn only stores them. Without
   * it each turn queues an outbound job for its replies.
   */
  repliesDeliveredByCaller?: boolean;
  /**
   * Channels whose replies that caller sends in one step (`sendMany`): for these the turn's
   * last commit reads back what is waiting to be sent, so the caller need not read it. A
   * channel that sends one message per request (SMS) is sent to from its outbound queue, and
   * the read would be wasted.
   */
  readsBackPending?: (channelId: ChannelId) => boolean;
}

export function activityFor(conversation: Conversation, message: Message): Partial<Activity> {
  const user = { id: conversation.address, name: conversation.address, role: 'user' };
  return {
    // A chat client opening the conversation reaches the bot as botbuilder's own "members added".
    ...(message.kind === 'join'
      ? { type: 'conversationUpdate', membersAdded: [user] }
      : { type: 'message', text: message.text }),
    id: message.id,
    channelId: conversation.channel_id,
    serviceUrl: 'gateway://',
    timestamp: new Date(message.created_at),
    locale: message.locale ?? conversation.locale ?? undefined,
    from: user,
    recipient: { id: conversation.our_address, name: 'bot', role: 'bot' },
    conversation: { id: conversation.id, isGroup: false, conversationType: 'personal', name: conversation.channel_id },
    channelData: { media: message.media, ...conversation.channel_data },
  };
}

/**
 * Runs stored inbound messages through the bot, one conversation at a time and in
 * arrival order, across any number of worker processes: the queue job is only a
 * nudge; whoever holds the conversation's lock drains its pending messages in seq order.
 */
export class TurnProcessor {
  readonly adapter: GatewayAdapter;
  private readonly ledger: StatePropertyAccessor<TurnLedger>;
  private readonly lockTtlMs: number;
  private readonly lockPrefix: string;

  constructor(private readonly options: TurnProcessorOptions) {
    this.adapter = options.adapter ?? new GatewayAdapter();
    this.ledger = options.conversationState.createProperty<TurnLedger>('gateway.turnLedger');
    this.lockTtlMs = options.lockTtlMs ?? 30_000;
    this.lockPrefix = options.lockPrefix ?? 'gw:lock:turn:';
  }

  /**
   * Drain a conversation's pending messages: the conversation and what is waiting are read
   * in one statement, then each message has its turn in order. A message stored after that
   * read has a nudge of its own, which finds the lock held, steps aside and comes back
   * (docs/rules/turn-pipeline.md#one-read-per-turn). `acquired` is false when another worker
   * holds it; `channelId` is the conversation's channel when a message was processed.
   */
  async drain(conversationId: string): Promise<{
    acquired: boolean;
    processed: number;
    channelId?: ChannelId;
    /** What the last turn's commit read back: the conversation and its replies waiting to be sent. */
    pending?: ConversationWithMessages;
  }> {
    let channelId: ChannelId | undefined;
    let pending: ConversationWithMessages | undefined;
    const result = await withConversationLock(
      this.options.redis,
      this.lockPrefix + conversationId,
      this.lockTtlMs,
      async () => {
        const { conversation, messages } = await this.options.store.pendingWithConversation(conversationId, 'inbound');
        if (!conversation) return 0;
        let processed = 0;
        for (const message of messages) {
          // A turn may change the conversation (a handoff, an opt-out, its language): the next reads it again.
          const current = processed === 0 ? conversation : await this.options.store.getConversation(conversationId);
          if (!current) throw new NotFoundError(`no conversation ${conversationId}`);
          pending = await this.processMessage(current, message);
          channelId = message.channel_id;
          processed += 1;
        }
        return processed;
      },
    );
    return result.acquired
      ? {
          acquired: true,
          processed: result.value,
          ...(channelId ? { channelId } : {}),
          ...(pending ? { pending } : {}),
        }
      : { acquired: false, processed: 0 };
  }

  /**
   * A message whose turn failed on every attempt: it must not hold up the customer's later
   * messages, nor be tried again forever by the recovery sweep. After one last try it is
   * marked failed, shown to colleagues in Slack with the conversation (a person reads it and
   * answers), and the next pending message gets its turn. If the database or Redis is still
   * away, this fails too and the message stays pending for the sweep.
   */
  async retriesExhausted(conversationId: string, messageId: string, lastError: string): Promise<void> {
    const { store, queues, logger, metrics } = this.options;
    // One last try first: what failed may have been an outage that is over by now (the
    // database back after three minutes), and then the bot should answer, not a person.
    let detail = lastError;
    try {
      await this.drain(conversationId);
      return;
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
    }
    const pending = await store.pendingInbound(conversationId);
    // The message at the head of the line is the one that kept failing.
    const head = pending[0] ?? (await store.getMessage(messageId));
    if (!head || head.status !== 'received') return;
    await store.setMessageStatus(
      head.id,
      'failed',
      `the assistant could not process this message: ${detail}`.slice(0, 500),
    );
    metrics.turns.inc({ channel: head.channel_id, outcome: 'failed' });
    logger.error(
      { conversationId, messageId: head.id, err: detail },
      'a turn failed on every attempt: the message is shown to colleagues',
    );
    await queues.add(
      'handoff',
      { type: 'handoff_requested', conversationId, caseId: head.case_id, reason: 'turn_failed' },
      { id: `turn-failed-${head.id}` },
    );
    const next = pending.find((m) => m.id !== head.id);
    if (next)
      await queues.add('inbound', { conversationId, messageId: next.id }, { id: `in-${next.id}-after-${head.id}` });
  }

  /**
   * One message's turn. Returns what its last commit read back (the conversation and every
   * reply still to send) when that commit was the turn's last write of anything to send;
   * otherwise nothing, and the sender reads them itself.
   */
  private async processMessage(
    conversation: Conversation,
    message: Message,
  ): Promise<ConversationWithMessages | undefined> {
    const { store, metrics } = this.options;
    const stop = metrics.turnDuration.startTimer();
    // A join says nothing: with a colleague in charge there is no one to greet it.
    if (message.kind === 'join' && conversation.handoff_state !== 'bot') {
      await store.setMessageStatus(message.id, 'processed');
      metrics.turns.inc({ channel: conversation.channel_id, outcome: 'preempted' });
      stop();
      return undefined;
    }
    // Channel keywords first: a STOP must be recorded even while a colleague has the conversation.
    if (this.options.preempt && (await this.options.preempt(conversation, message))) {
      await store.setMessageStatus(message.id, 'processed');
      metrics.turns.inc({ channel: conversation.channel_id, outcome: 'preempted' });
      stop();
      return undefined;
    }
    if (conversation.handoff_state !== 'bot' && this.options.whenHandedOff) {
      await this.options.whenHandedOff(conversation, message);
      const { bot } = this.options;
      let replies: PendingReply[] = [];
      // Safety first in every state: an emergency still gets its advice at once.
      if (bot.runHandedOff && message.kind !== 'join')
        replies = await this.runBot(conversation, message, (context) => bot.runHandedOff!(context));
      const pending = await this.commit(conversation, message, replies, 0, 'processed');
      metrics.turns.inc({ channel: conversation.channel_id, outcome: 'relayed' });
      stop();
      return pending;
    }
    // A notice the turn causes (a new case's letter) follows the turn's own replies, except a
    // closing question with buttons. It is released even if the turn fails: the turn's ledger
    // may already say it happened. The message is marked processed only once what the turn
    // said, notices included, is stored.
    const notices = new TurnNotices(conversation.id, {
      deliveredByTurn: this.options.repliesDeliveredByCaller === true,
    });
    const typingDone = this.options.whileTurnRuns?.(conversation);
    let committed = false;
    let pending: ConversationWithMessages | undefined;
    try {
      const replies = await notices.run(() => this.runBot(conversation, message));
      const last = replies.at(-1);
      if (last && last.choices.length > 0 && notices.holding) {
        // A question with buttons stays the last thing said: a notice after it (a new case's
        // letter) would take its buttons away in web chat and bury the question on SMS.
        await this.commit(conversation, message, replies.slice(0, -1), 0, 'more');
        await notices.release();
        pending = await this.commit(conversation, message, [last], replies.length - 1, 'processed');
        committed = true;
      } else {
        // Holding a notice, this commit is not the last and reads nothing back: the notice is
        // released after it, and the sender reads for itself.
        pending = await this.commit(conversation, message, replies, 0, notices.holding ? 'more' : 'processed');
        committed = !notices.holding;
      }
    } finally {
      typingDone?.();
      await notices.release();
    }
    if (!committed) await store.setMessageStatus(message.id, 'processed');
    metrics.turns.inc({ channel: conversation.channel_id, outcome: 'bot' });
    stop();
    return pending;
  }

  /** Run the bot; on an eTag conflict, run it again from freshly read state. */
  private async runBot(
    conversation: Conversation,
    message: Message,
    run: (context: TurnContext) => Promise<void> = (context) => this.options.bot.run(context),
  ): Promise<PendingReply[]> {
    const maxRetries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      let replies: PendingReply[] = [];
      try {
        await this.adapter.processActivity(activityFor(conversation, message), async (context) => {
          const ledger = await this.ledger.get(context, {});
          if (ledger.lastMessageId === message.id) {
            // This message already had its turn (we crashed before marking it); say the same again.
            replies = ledger.replies ?? [];
            return;
          }
          setStoredConversation(context, conversation);
          await run(context);
          replies = [...repliesOf(context)];
          await this.ledger.set(context, { lastMessageId: message.id, replies });
          await this.saveWithETag(context);
        });
        return replies;
      } catch (error) {
        if (error instanceof ETagConflictError && attempt < maxRetries) {
          this.options.metrics.turns.inc({ channel: conversation.channel_id, outcome: 'conflict_retry' });
          this.options.logger.warn(
            { conversationId: conversation.id, attempt },
            'conversation state changed under this turn; running it again',
          );
          continue;
        }
        throw error;
      }
    }
  }

  /**
   * botbuilder's BotState.saveChanges writes with eTag '*' (last writer wins). A turn
   * must instead fail if anyone saved this conversation since it read it, so it saves
   * with the eTag it read, or as a new item when there was none.
   */
  private async saveWithETag(context: TurnContext): Promise<void> {
    const { conversationState, storage } = this.options;
    const state = conversationState.get(context) as Record<string, unknown> | undefined;
    const key = conversationState.getStorageKey(context);
    if (!state || !key) return;
    const eTag = typeof state.eTag === 'string' && state.eTag !== '*' ? state.eTag : newItemETag;
    await storage.write({ [key]: { ...state, eTag } });
  }

  /**
   * The turn's commit (docs/rules/turn-pipeline.md#the-turns-commit): its replies, in order,
   * and, when `then` is 'processed', the message marked processed, in one statement.
   * `firstIndex`: the first reply's place among the turn's replies, which its stable id is
   * made from. Without a caller that delivers, an outbound job is queued for the replies
   * before the message is marked processed, as it always was.
   */
  private async commit(
    conversation: Conversation,
    message: Message,
    replies: PendingReply[],
    firstIndex: number,
    then: 'processed' | 'more',
  ): Promise<ConversationWithMessages | undefined> {
    const { store, queues } = this.options;
    const rows = replies.map((reply, index) => ({
      id: stableUuid(message.id, 'reply', String(firstIndex + index)),
      conversationId: conversation.id,
      channelId: conversation.channel_id,
      caseId: message.case_id,
      author: 'bot',
      text: reply.text,
      choices: reply.choices,
      locale: reply.locale ?? null,
    }));
    if (this.options.repliesDeliveredByCaller) {
      // Sent by whoever ran the turn, once it is over: stored is all this step owes. The turn's
      // last commit reads back what is waiting to be sent, for that sender.
      if (then === 'processed')
        return this.options.readsBackPending?.(conversation.channel_id)
          ? store.commitTurn(rows, message.id, conversation.id)
          : store.commitTurn(rows, message.id);
      if (rows.length > 0) await store.commitTurn(rows, null);
      return undefined;
    }
    if (rows.length > 0) {
      await store.commitTurn(rows, null);
      // One job for the turn: the sender drains every queued reply of the conversation in
      // order, so a job per reply would only queue behind the lock and retry.
      await queues.add(
        'outbound',
        { conversationId: conversation.id, messageId: rows[0]!.id },
        { id: `out-${rows[0]!.id}` },
      );
    }
    if (then === 'processed') await store.setMessageStatus(message.id, 'processed');
    return undefined;
  }
}
