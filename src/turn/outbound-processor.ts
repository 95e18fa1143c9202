import type { Redis } from 'ioredis';
import type { ChannelAdapter, ChannelId, OutboundMessage, SendResult } from '../channel.js';
import type { OutboundStore } from './ports.js';
import type { ConversationWithMessages } from '../db/messages.js';
import type { Conversation, Message } from '../db/rows.js';
import { NotFoundError, PermanentSendError, TransientSendError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../observability/metrics.js';
import { OPT_OUT_CONFIRMATION_AUTHOR } from '../outbox.js';
import { withConversationLock } from '../queues/conversation-lock.js';
import type { Queues } from '../queues/queues.js';

export interface OutboundProcessorOptions {
  store: OutboundStore;
  redis: Redis;
  queues: Queues;
  channels: Map<ChannelId, ChannelAdapter>;
  metrics: Metrics;
  logger: Logger;
  lockTtlMs?: number;
}

export function outboundMessageFor(conversation: Conversation, message: Message): OutboundMessage {
  return {
    messageId: message.id,
    conversationId: conversation.id,
    channelId: conversation.channel_id,
    to: conversation.address,
    from: conversation.our_address,
    text: message.text,
    choices: message.choices,
    fromHuman: message.author.startsWith('staff:'),
    // The language the words are in, so a channel can say so (web chat marks each message's lang).
    channelData: message.locale ? { ...conversation.channel_data, locale: message.locale } : conversation.channel_data,
  };
}

/**
 * Hands queued messages to their channel, in the order they were said, one sender per
 * conversation at a time. A transient failure stops the drain and throws, so the job
 * retries with backoff and later messages wait behind the one that failed; a permanent
 * failure is recorded, shown to staff, and not retried.
 */
export class OutboundProcessor {
  constructor(private readonly options: OutboundProcessorOptions) {}

  /**
   * `once`: send what is pending now and stop, without looking again (the turn's own job:
   * whatever is stored after this read has a job of its own that sends it).
   */
  async drain(conversationId: string, { once = false } = {}): Promise<{ acquired: boolean; sent: number }> {
    const { store } = this.options;
    const result = await withConversationLock(
      this.options.redis,
      `gw:lock:out:${conversationId}`,
      this.options.lockTtlMs ?? 30_000,
      async () => {
        let sent = 0;
        for (;;) {
          const { conversation, messages: pending } = await store.pendingWithConversation(conversationId, 'outbound');
          if (pending.length === 0) return sent;
          if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
          if (await this.sendTogether(conversation, pending)) {
            sent += pending.length;
          } else {
            for (const message of pending) {
              await this.sendOne(conversation, message);
              sent += 1;
            }
          }
          if (once) return sent;
        }
      },
    );
    return result.acquired ? { acquired: true, sent: result.value } : { acquired: false, sent: 0 };
  }

  /** Whether a turn's replies on this channel are sent by the turn, in one step (`sendMany`; see deliverNow). */
  sendsInTurn(channelId: ChannelId): boolean {
    return this.options.channels.get(channelId)?.sendMany !== undefined;
  }

  /**
   * Sends the conversation's stored replies now, from the job that ran the turn
   * (docs/rules/turn-pipeline.md#delivery-in-the-turn). When another sender holds the
   * conversation, or a send fails, an outbound job carries the rest with the queue's
   * retries and backoff; only if that cannot be queued either does this throw, so the
   * turn's job is retried and sends them then.
   *
   * Only a channel that can take a turn's replies in one step (`sendMany`: web chat's
   * append) is sent to from the turn: a provider's HTTP send (an SMS, a Messenger message)
   * would hold the turn's worker slot for its round trip, so those go on the outbound queue
   * as before. `channelId`: the conversation's channel, when the turn knows it.
   */
  async deliverNow(conversationId: string, channelId?: ChannelId, pending?: ConversationWithMessages): Promise<void> {
    let delayMs = 0;
    try {
      const together = channelId !== undefined && this.sendsInTurn(channelId);
      // One step needs no send lock (see sendPendingTogether); the lock is for the rest.
      if (together && (await this.sendPendingTogether(conversationId, pending))) return;
      if ((together || channelId === undefined) && (await this.drain(conversationId, { once: true })).acquired) return;
    } catch (error) {
      // Logged by sendOne when the channel refused it; the queue's backoff takes over from here.
      delayMs = 500;
      this.options.logger.debug(
        { conversationId, err: (error as Error).message },
        'sending from the turn failed; an outbound job will retry',
      );
    }
    const head = (await this.options.store.pendingOutbound(conversationId))[0];
    if (head)
      await this.options.queues.add(
        'outbound',
        { conversationId, messageId: head.id },
        { id: `out-${head.id}`, ...(delayMs > 0 ? { delayMs } : {}) },
      );
  }

  /**
   * What is pending, sent in the channel's one step without the conversation's send lock
   * (docs/rules/turn-pipeline.md#delivery-in-the-turn). `sendMany` sends them all in order or
   * none, and one already sent is not sent again and keeps its place; every sender sends all
   * that is pending, in order, as it reads it, and a message is pending until it has been
   * sent. So of two senders at once, whichever goes first gives each message its place and
   * the other adds nothing before it: the order is the one the lock would have kept, and the
   * lock's two round trips are saved on every turn. False when the channel cannot take them
   * so (an opted-out customer, a refusal): the locked path records each.
   */
  private async sendPendingTogether(conversationId: string, read?: ConversationWithMessages): Promise<boolean> {
    // The turn's commit read what is waiting in the statement that stored its replies; a message
    // stored since then has a sender of its own (its outbound job, or the turn that stored it).
    const { conversation, messages } =
      read ?? (await this.options.store.pendingWithConversation(conversationId, 'outbound'));
    if (messages.length === 0) return true;
    if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
    return this.sendTogether(conversation, messages);
  }

  /**
   * The pending messages in one step where the channel can (web chat: one append for them
   * all, one statement recording them). False when it cannot, or refused them for good: then
   * each is sent (or refused and recorded) alone.
   */
  private async sendTogether(conversation: Conversation, pending: Message[]): Promise<boolean> {
    const { store, metrics, logger } = this.options;
    const channel = this.options.channels.get(conversation.channel_id);
    if (!channel?.sendMany || conversation.opted_out) return false;
    let results: SendResult[];
    try {
      results = await channel.sendMany(pending.map((message) => outboundMessageFor(conversation, message)));
    } catch (error) {
      if (error instanceof PermanentSendError) return false;
      metrics.sends.inc({ channel: conversation.channel_id, result: 'transient_error' }, pending.length);
      logger.warn({ conversationId: conversation.id, err: (error as Error).message }, 'send failed; will retry');
      throw error instanceof TransientSendError ? error : new TransientSendError((error as Error).message);
    }
    await store.recordDeliveriesMany(
      conversation.channel_id,
      pending.map((message, i) => ({
        messageId: message.id,
        providerMessageIds: results[i]?.providerMessageIds ?? [],
      })),
      'sent',
    );
    metrics.sends.inc({ channel: conversation.channel_id, result: 'sent' }, pending.length);
    return true;
  }

  private async sendOne(conversation: Conversation, message: Message): Promise<void> {
    const { store, metrics, logger } = this.options;
    const channel = this.options.channels.get(conversation.channel_id);
    if (conversation.opted_out && message.author !== OPT_OUT_CONFIRMATION_AUTHOR) {
      // The customer texted STOP: nothing more goes to that number until START (bar saying so, where no carrier does).
      await store.setMessageStatus(message.id, 'suppressed', 'customer opted out');
      metrics.sends.inc({ channel: conversation.channel_id, result: 'suppressed' });
      return;
    }
    if (!channel) {
      await this.permanentFailure(conversation, message, `channel ${conversation.channel_id} is not configured`);
      return;
    }
    try {
      const result = await channel.send(outboundMessageFor(conversation, message));
      await store.recordDeliveries(message.id, conversation.channel_id, result.providerMessageIds, 'sent');
      metrics.sends.inc({ channel: conversation.channel_id, result: 'sent' });
    } catch (error) {
      if (error instanceof PermanentSendError) {
        metrics.sends.inc({ channel: conversation.channel_id, result: 'permanent_error' });
        await this.permanentFailure(
          conversation,
          message,
          error.providerCode ? `${error.providerCode}: ${error.message}` : error.message,
        );
        return;
      }
      metrics.sends.inc({ channel: conversation.channel_id, result: 'transient_error' });
      logger.warn(
        { conversationId: conversation.id, messageId: message.id, err: (error as Error).message },
        'send failed; will retry',
      );
      throw error instanceof TransientSendError ? error : new TransientSendError((error as Error).message);
    }
  }

  private async permanentFailure(conversation: Conversation, message: Message, detail: string): Promise<void> {
    await this.options.store.setMessageStatus(message.id, 'failed', detail);
    await this.options.queues.add(
      'handoff',
      { type: 'delivery_failed', conversationId: conversation.id, messageId: message.id, detail },
      { id: `fail-${message.id}` },
    );
  }

  /** The queue gave up retrying: record the failure so the drain moves on and staff see it. */
  async retriesExhausted(conversationId: string, messageId: string, detail: string): Promise<void> {
    const conversation = await this.options.store.getConversation(conversationId);
    const message = await this.options.store.getMessage(messageId);
    if (!conversation || !message) return;
    const pending = await this.options.store.pendingOutbound(conversationId);
    // The message at the head of the line is the one that kept failing.
    const head = pending[0] ?? message;
    await this.permanentFailure(conversation, head, `gave up after retries: ${detail}`);
    if (pending.length > 1) {
      await this.options.queues.add(
        'outbound',
        { conversationId, messageId: pending[1]!.id },
        { id: `out-${pending[1]!.id}-after-${head.id}` },
      );
    }
  }
}
