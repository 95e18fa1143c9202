import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import type { Database } from './database.js';
import type { OutboundStatusChange, OutboundStatusOptions } from './messages.js';
import type { MessageStatus, SendAttempt, SendAttemptOutcome } from './rows.js';

/**
 * What became of a message to a customer at the provider: the provider messages it went
 * out as (an SMS may be several), their delivery status, and each try at sending a part.
 */
export class DeliveryRepository {
  constructor(
    private readonly db: Database,
    private readonly options: OutboundStatusOptions = {},
  ) {}

  async recordDeliveries(
    messageId: string,
    channelId: ChannelId,
    providerMessageIds: string[],
    status: string,
  ): Promise<void> {
    const sent = await this.db.transaction(async (tx) => {
      for (const providerId of providerMessageIds) {
        await tx.query(
          `insert into message_deliveries (channel_id, provider_message_id, message_id, status) values ($1, $2, $3, $4)
           on conflict (channel_id, provider_message_id) do nothing`,
          [channelId, providerId, messageId, status],
        );
      }
      return tx.query<{ conversation_id: string; author: string }>(
        `update messages set status = 'sent', updated_at = now() where id = $1 and status in ('queued', 'failed') returning conversation_id, author`,
        [messageId],
      );
    });
    if (sent[0])
      await this.#outboundStatusChanged({
        messageId,
        conversationId: sent[0].conversation_id,
        author: sent[0].author,
        status: 'sent',
      });
  }

  /**
   * Several messages of one conversation sent together (a turn's replies in one web chat
   * append), recorded in one statement: their provider ids and each message 'sent'.
   */
  async recordDeliveriesMany(
    channelId: ChannelId,
    sends: readonly { messageId: string; providerMessageIds: readonly string[] }[],
    status: string,
  ): Promise<void> {
    const pairs = sends.flatMap((s) => s.providerMessageIds.map((p) => [p, s.messageId] as const));
    if (sends.length === 0) return;
    const sent = await this.db.query<{ id: string; conversation_id: string; author: string }>(
      `with delivered as (
         insert into message_deliveries (channel_id, provider_message_id, message_id, status)
         select $1, p, m, $4 from unnest($2::text[], $3::uuid[]) as t(p, m)
         on conflict (channel_id, provider_message_id) do nothing
       )
       update messages set status = 'sent', updated_at = now()
       where id = any($5::uuid[]) and status in ('queued', 'failed')
       returning id, conversation_id, author`,
      [channelId, pairs.map(([p]) => p), pairs.map(([, m]) => m), status, sends.map((s) => s.messageId)],
    );
    const byId = new Map(sent.map((row) => [row.id, row]));
    for (const { messageId } of sends) {
      const row = byId.get(messageId);
      if (row)
        await this.#outboundStatusChanged({
          messageId,
          conversationId: row.conversation_id,
          author: row.author,
          status: 'sent',
        });
    }
  }

  /**
   * A provider's delivery callback. The message's status is the worst of its parts,
   * so one undelivered SMS segment shows as undelivered.
   */
  async updateDelivery(
    channelId: ChannelId,
    providerMessageId: string,
    status: string,
    errorCode: string | null,
  ): Promise<{ messageId: string; status: MessageStatus } | undefined> {
    const updated = await this.db.transaction(async (tx) => {
      const rows = await tx.query<{ message_id: string }>(
        `update message_deliveries set status = $3, error_code = coalesce($4, error_code), updated_at = now()
         where channel_id = $1 and provider_message_id = $2 returning message_id`,
        [channelId, providerMessageId, status, errorCode],
      );
      const messageId = rows[0]?.message_id;
      if (!messageId) return undefined;
      const parts = await tx.query<{ status: string; error_code: string | null }>(
        'select status, error_code from message_deliveries where message_id = $1',
        [messageId],
      );
      const rank: MessageStatus[] = ['failed', 'undelivered', 'sent', 'delivered', 'read'];
      const statuses = parts.map((p) =>
        rank.includes(p.status as MessageStatus) ? (p.status as MessageStatus) : 'sent',
      );
      const worst = rank.find((r) => statuses.includes(r)) ?? 'sent';
      const detail = parts.find((p) => p.error_code)?.error_code ?? null;
      const message = (
        await tx.query<{ conversation_id: string; author: string; before: MessageStatus }>(
          `update messages m set status = $2, status_detail = coalesce($3, m.status_detail), updated_at = now()
           from (select status from messages where id = $1) as before
           where m.id = $1 returning m.conversation_id, m.author, before.status as before`,
          [messageId, worst, detail],
        )
      )[0];
      return { messageId, status: worst, message };
    });
    if (!updated) return undefined;
    const { message, ...result } = updated;
    if (message && message.before !== result.status) {
      await this.#outboundStatusChanged({
        messageId: result.messageId,
        conversationId: message.conversation_id,
        author: message.author,
        status: result.status,
      });
    }
    return result;
  }

  async #outboundStatusChanged(change: OutboundStatusChange): Promise<void> {
    await this.options.onOutboundStatus?.(change);
  }

  /**
   * Record one provider message of an outbound message as soon as the provider accepts
   * it, without changing the message's status: a send split into parts that fails half
   * way is retried from the first part not yet recorded, so no part goes twice.
   */
  async recordDeliveryPart(
    messageId: string,
    channelId: ChannelId,
    providerMessageId: string,
    status: string,
  ): Promise<void> {
    await this.db.query(
      `insert into message_deliveries (channel_id, provider_message_id, message_id, status) values ($1, $2, $3, $4)
       on conflict (channel_id, provider_message_id) do nothing`,
      [channelId, providerMessageId, messageId, status],
    );
  }

  /** One provider message's delivery row, e.g. to ignore a status callback that arrives late. */
  async getDelivery(
    channelId: ChannelId,
    providerMessageId: string,
  ): Promise<{ message_id: string; status: string; error_code: string | null } | undefined> {
    return (
      await this.db.query<{ message_id: string; status: string; error_code: string | null }>(
        'select message_id, status, error_code from message_deliveries where channel_id = $1 and provider_message_id = $2',
        [channelId, providerMessageId],
      )
    )[0];
  }

  /** The provider messages an outbound message went out as, with their delivery status. */
  async listDeliveries(
    messageId: string,
  ): Promise<{ provider_message_id: string; status: string; error_code: string | null }[]> {
    return this.db.query(
      'select provider_message_id, status, error_code from message_deliveries where message_id = $1',
      [messageId],
    );
  }

  /** Written just before a part of a message goes to the provider: its outcome is unknown until settled. */
  async beginSendAttempt(input: {
    messageId: string;
    part: number;
    channelId: ChannelId;
    recipient: string;
  }): Promise<SendAttempt> {
    const rows = await this.db.query<SendAttempt>(
      `insert into send_attempts (id, message_id, part, channel_id, recipient) values ($1, $2, $3, $4, $5)
       returning id, message_id, part, started_at, outcome, provider_message_id`,
      [randomUUID(), input.messageId, input.part, input.channelId, input.recipient],
    );
    const row = rows[0];
    if (!row) throw new Error('send attempt insert returned nothing');
    return row;
  }

  /** Earlier tries at this part whose outcome nobody knows (the worker died, or the answer was lost). */
  async unknownSendAttempts(messageId: string, part: number): Promise<SendAttempt[]> {
    return this.db.query<SendAttempt>(
      `select id, message_id, part, started_at, outcome, provider_message_id from send_attempts
       where message_id = $1 and part = $2 and outcome = 'unknown' order by started_at`,
      [messageId, part],
    );
  }

  /** Settle one attempt, or (with `part`) every unknown attempt at a part after a look-up at the provider. */
  async settleSendAttempts(
    target: { attemptId: string } | { messageId: string; part: number },
    outcome: Exclude<SendAttemptOutcome, 'unknown'>,
    providerMessageId: string | null = null,
  ): Promise<void> {
    if ('attemptId' in target) {
      await this.db.query(
        `update send_attempts set outcome = $2, provider_message_id = $3, finished_at = now() where id = $1`,
        [target.attemptId, outcome, providerMessageId],
      );
      return;
    }
    await this.db.query(
      `update send_attempts set outcome = $3, provider_message_id = $4, finished_at = now() where message_id = $1 and part = $2 and outcome = 'unknown'`,
      [target.messageId, target.part, outcome, providerMessageId],
    );
  }
}
