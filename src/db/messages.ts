import { randomUUID } from 'node:crypto';
import type { ChannelId, ParsedInboundMessage } from '../channel.js';
import { conversationFromJson } from './conversations.js';
import type { Database } from './database.js';
import type { Conversation, Message, MessageStatus } from './rows.js';

/** A message to a customer moved on: handed to the provider, delivered, refused, suppressed. */
export interface OutboundStatusChange {
  messageId: string;
  conversationId: string;
  author: string;
  status: MessageStatus;
}

export interface OutboundStatusOptions {
  /**
   * Told after an outbound message's status changes (sent, delivered, failed...), so staff
   * can see what became of what they wrote. A failure here fails the change's caller, which
   * retries (a provider's callback, a send job). @defaultValue none
   */
  onOutboundStatus?: (change: OutboundStatusChange) => Promise<void>;
}

/** A conversation and some of its messages, read as rows of `to_jsonb(v) as conversation_row, m.*` (a left join: m may be null). */
export interface ConversationWithMessages {
  conversation: Conversation | undefined;
  messages: Message[];
}

export function conversationWithMessages(
  rows: readonly (Message & { conversation_row: Record<string, unknown> })[],
): ConversationWithMessages {
  const first = rows[0];
  if (!first) return { conversation: undefined, messages: [] };
  return {
    conversation: conversationFromJson(first.conversation_row),
    messages: rows.filter((r) => r.id !== null).map(({ conversation_row: _conversation, ...message }) => message),
  };
}

/** What was said in a conversation, both ways, and what is still to be done with it. */
export class MessageRepository {
  constructor(
    private readonly db: Database,
    private readonly options: OutboundStatusOptions = {},
  ) {}

  /**
   * Store an inbound message durably, once. The unique (channel, provider id) makes a
   * retried webhook a no-op: the caller learns it was a duplicate and enqueues nothing new.
   */
  async recordInbound(
    message: ParsedInboundMessage,
  ): Promise<{ messageId: string; conversationId: string; duplicate: boolean }> {
    const [result] = await this.recordInboundBatch([message]);
    if (!result) throw new Error('inbound message was neither stored nor found');
    return result;
  }

  /**
   * Store a batch of inbound messages durably, each once, in arrival order, in one
   * statement whatever the batch size: webhooks arriving together share one round trip
   * and one commit (group commit), which is what lets store-then-200 keep up under load.
   * The conversations are upserted and the messages inserted by data-modifying CTEs, so
   * the statement is atomic without BEGIN and COMMIT round trips.
   * A message already stored (a provider's retry) comes back with duplicate: true and
   * its current status, so the caller can re-enqueue one that never got its turn.
   */
  async recordInboundBatch(
    messages: ParsedInboundMessage[],
  ): Promise<
    { messageId: string; conversationId: string; duplicate: boolean; status: MessageStatus; storedAt?: string }[]
  > {
    if (messages.length === 0) return [];
    const conversationKey = (m: ParsedInboundMessage) => `${m.channelId}\u0000${m.from}\u0000${m.to}`;
    const latest = new Map<string, ParsedInboundMessage>();
    for (const m of messages) {
      const seen = latest.get(conversationKey(m));
      if (!seen || seen.receivedAt < m.receivedAt) latest.set(conversationKey(m), m);
    }
    // One row per conversation: ON CONFLICT DO UPDATE may not touch a row twice in one statement.
    const conversationsToUpsert = [...latest.values()];
    const ids = messages.map(() => randomUUID());
    const rows = await this.db.query<{ conversation_id: string; fresh: boolean }>(
      `with conv as (
         insert into conversations (id, channel_id, address, our_address, last_inbound_at)
         select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
         on conflict (channel_id, address, our_address) do update
           set last_inbound_at = greatest(conversations.last_inbound_at, excluded.last_inbound_at), updated_at = now()
         returning id, channel_id, address, our_address
       ), incoming as (
         select m.*, conv.id as conversation_id
         from unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[], $15::text[])
           with ordinality as m(id, channel_id, address, our_address, provider_message_id, text, media, locale, created_at, kind, n)
         join conv on conv.channel_id = m.channel_id and conv.address = m.address and conv.our_address = m.our_address
       ), inserted as (
         insert into messages (id, conversation_id, direction, channel_id, provider_message_id, author, text, media, locale, status, created_at, kind)
         select id, conversation_id, 'inbound', channel_id, provider_message_id, 'customer', text, media::jsonb, locale, 'received', created_at, kind
         from incoming
         order by n
         on conflict (channel_id, provider_message_id) do nothing
         returning id
       )
       select incoming.conversation_id, inserted.id is not null as fresh
       from incoming left join inserted on inserted.id = incoming.id
       order by incoming.n`,
      [
        conversationsToUpsert.map(() => randomUUID()),
        conversationsToUpsert.map((m) => m.channelId),
        conversationsToUpsert.map((m) => m.from),
        conversationsToUpsert.map((m) => m.to),
        conversationsToUpsert.map((m) => m.receivedAt),
        ids,
        messages.map((m) => m.channelId),
        messages.map((m) => m.from),
        messages.map((m) => m.to),
        messages.map((m) => m.providerMessageId),
        messages.map((m) => m.text),
        messages.map((m) => JSON.stringify(m.media)),
        messages.map((m) => m.locale ?? null),
        messages.map((m) => m.receivedAt),
        messages.map((m) => m.kind ?? 'message'),
      ],
    );
    if (rows.length !== messages.length) throw new Error('inbound batch: a message found no conversation');
    const duplicates = messages.filter((_, i) => !rows[i]!.fresh);
    // A retry of a stored message: report the stored row, so a message whose job was lost is queued again.
    const existing = duplicates.length
      ? await this.db.query<{
          id: string;
          conversation_id: string;
          channel_id: string;
          provider_message_id: string;
          status: MessageStatus;
          created_at: string | Date;
        }>(
          `select id, conversation_id, channel_id, provider_message_id, status, created_at from messages
           where (channel_id, provider_message_id) in (select * from unnest($1::text[], $2::text[]))`,
          [duplicates.map((m) => m.channelId), duplicates.map((m) => m.providerMessageId)],
        )
      : [];
    const byProviderId = new Map(existing.map((e) => [`${e.channel_id}\u0000${e.provider_message_id}`, e]));
    return messages.map((m, i) => {
      const row = rows[i]!;
      if (row.fresh)
        return {
          messageId: ids[i]!,
          conversationId: row.conversation_id,
          duplicate: false,
          status: 'received' as const,
        };
      const stored = byProviderId.get(`${m.channelId}\u0000${m.providerMessageId}`);
      if (!stored) throw new Error('inbound message was neither stored nor found');
      return {
        messageId: stored.id,
        conversationId: stored.conversation_id,
        duplicate: true,
        status: stored.status,
        storedAt: new Date(stored.created_at).toISOString(),
      };
    });
  }

  async getMessage(id: string): Promise<Message | undefined> {
    return (await this.db.query<Message>('select * from messages where id = $1', [id]))[0];
  }

  async setMessageStatus(id: string, status: MessageStatus, detail?: string | null): Promise<void> {
    const rows = await this.db.query<{ conversation_id: string; author: string; direction: string }>(
      'update messages set status = $2, status_detail = coalesce($3, status_detail), updated_at = now() where id = $1 returning conversation_id, author, direction',
      [id, status, detail ?? null],
    );
    const row = rows[0];
    if (row?.direction === 'outbound')
      await this.#outboundStatusChanged({
        messageId: id,
        conversationId: row.conversation_id,
        author: row.author,
        status,
      });
  }

  async #outboundStatusChanged(change: OutboundStatusChange): Promise<void> {
    await this.options.onOutboundStatus?.(change);
  }

  async attachMessageToCase(messageId: string, caseId: string): Promise<void> {
    await this.db.query('update messages set case_id = $2 where id = $1 and case_id is null', [messageId, caseId]);
  }

  /** attachMessageToCase for many messages, in one statement: each goes on the case unless it is on one already. */
  async attachMessagesToCase(messageIds: readonly string[], caseId: string): Promise<void> {
    if (messageIds.length === 0) return;
    await this.db.query('update messages set case_id = $2 where id = any($1::uuid[]) and case_id is null', [
      [...new Set(messageIds)],
      caseId,
    ]);
  }

  /** Record a message to the customer before it is queued, so nothing said is lost if sending fails. */
  async recordOutbound(input: {
    /** A deterministic id makes a replayed turn's replies no-ops instead of repeats. */
    id?: string;
    conversationId: string;
    channelId: ChannelId;
    caseId?: string | null;
    author: string;
    text: string;
    choices?: { title: string; value: string }[];
    locale?: string | null;
    status?: MessageStatus;
  }): Promise<Message> {
    const rows = await this.db.query<Message>(
      `insert into messages (id, conversation_id, case_id, direction, channel_id, author, text, choices, locale, status)
       values ($1, $2, $3, 'outbound', $4, $5, $6, $7, $8, $9)
       on conflict (id) do update set id = excluded.id
       returning *`,
      [
        input.id ?? randomUUID(),
        input.conversationId,
        input.caseId ?? null,
        input.channelId,
        input.author,
        input.text,
        JSON.stringify(input.choices ?? []),
        input.locale ?? null,
        input.status ?? 'queued',
      ],
    );
    const row = rows[0];
    if (!row) throw new Error('outbound insert returned nothing');
    return row;
  }

  /** What was said in a conversation, both ways; a chat client's join (migration 006) is not a message and is left out. */
  async listMessages(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select * from messages where conversation_id = $1 and kind = 'message' order by seq`,
      [conversationId],
    );
  }

  /** Inbound messages not yet through a turn, in arrival order. */
  async pendingInbound(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select * from messages where conversation_id = $1 and direction = 'inbound' and status = 'received' order by seq`,
      [conversationId],
    );
  }

  /**
   * The conversation and its messages waiting to go through a turn (inbound, 'received') or to
   * the provider (outbound, 'queued'), in order, in one statement: what a turn or a send
   * reads first (docs/rules/turn-pipeline.md#one-read-per-turn).
   */
  async pendingWithConversation(
    conversationId: string,
    direction: 'inbound' | 'outbound',
  ): Promise<ConversationWithMessages> {
    const rows = await this.db.query<Message & { conversation_row: Record<string, unknown> }>(
      `select to_jsonb(v) as conversation_row, m.*
       from conversations v
       left join messages m on m.conversation_id = v.id and m.direction = $2 and m.status = $3
       where v.id = $1
       order by m.seq`,
      [conversationId, direction, direction === 'inbound' ? 'received' : 'queued'],
    );
    return conversationWithMessages(rows);
  }

  /** Outbound messages not yet handed to the provider, in the order they were said. */
  async pendingOutbound(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select * from messages where conversation_id = $1 and direction = 'outbound' and status = 'queued' order by seq`,
      [conversationId],
    );
  }

  /**
   * Conversations with work left over from a crash: stored but never enqueued (Redis was
   * down), or enqueued and lost. `olderThanMs` leaves out messages whose own job is likely
   * still on its way.
   */
  async conversationsWithPendingWork(
    olderThanMs = 0,
  ): Promise<{ conversation_id: string; direction: 'inbound' | 'outbound'; message_id: string }[]> {
    return this.db.query(
      `select conversation_id, direction, (array_agg(id order by seq))[1] as message_id from messages
       where ((direction = 'inbound' and status = 'received') or (direction = 'outbound' and status = 'queued'))
         and updated_at <= now() - make_interval(secs => $1::float8 / 1000)
       group by conversation_id, direction`,
      [olderThanMs],
    );
  }

  async listCaseMessages(caseId: string): Promise<Message[]> {
    return this.db.query<Message>('select * from messages where case_id = $1 order by seq', [caseId]);
  }
}
