import { randomUUID } from 'node:crypto';
import type { ChannelId, ParsedInboundMessage } from '../channel.js';
import type { Database, Queryable } from './database.js';
import type {
  Case,
  CaseClock,
  CaseEvent,
  CaseKind,
  CaseStage,
  Consent,
  ConsentKind,
  Conversation,
  Customer,
  HandoffState,
  Message,
  MessageStatus,
  Priority,
  Representative,
  SendAttempt,
  SendAttemptOutcome,
  SlackPost,
  SlackThread,
} from './rows.js';

/** Human reference prefixes: the kind is readable at a glance in Slack and on letters. */
export const referencePrefix: Record<CaseKind, string> = {
  formal_complaint: 'CMP',
  first_time_fix: 'FTF',
  enquiry: 'ENQ',
  emergency: 'EMG',
};

export const referencePattern = /\b(CMP|FTF|ENQ|EMG)-(\d{4})-(\d{6})\b/i;

export interface NewClock {
  name: string;
  dueAt: Date;
  remindAt: Date | null;
  basis: string;
}

export interface NewCase {
  kind: CaseKind;
  stage: CaseStage;
  priority?: Priority;
  category?: string | null;
  team?: string | null;
  flags?: string[];
  policyPack: string;
  customerId: string | null;
  conversationId: string | null;
  channelId: ChannelId;
  customerWords: string;
  desiredOutcome?: string | null;
  startedWhen?: string | null;
  representative?: Representative | null;
  classification?: Record<string, unknown> | null;
  complaintOffered?: boolean;
  complaintOfferChoice?: string | null;
  receivedAt: Date;
  clocks: NewClock[];
  actor: string;
  /** The inbound message whose turn made the case: a replayed turn gets the same case back. */
  originMessageId?: string | null;
}

export type CasePatch = Partial<
  Pick<
    Case,
    | 'kind'
    | 'stage'
    | 'status'
    | 'priority'
    | 'category'
    | 'team'
    | 'assignee'
    | 'stage1_handler'
    | 'stage2_handler'
    | 'flags'
    | 'desired_outcome'
    | 'started_when'
    | 'representative'
    | 'acknowledged_at'
    | 'resolved_at'
    | 'closed_at'
    | 'resolution'
    | 'complaint_offered'
    | 'complaint_offer_choice'
  >
>;

export type CustomerPatch = Partial<
  Pick<
    Customer,
    | 'name'
    | 'preferred_language'
    | 'preferred_format'
    | 'contact_method'
    | 'uk_division'
    | 'phone'
    | 'email'
    | 'postcode'
    | 'tenancy_ref'
    | 'address'
    | 'access_needs'
    | 'vulnerable'
    | 'contact_adjustments'
  >
>;

const jsonColumns = new Set(['representative', 'resolution', 'classification', 'channel_data', 'details', 'data']);

/** Build `set a = $2, b = $3` from a patch whose keys are column names we control (never user input). */
function setClause(patch: Record<string, unknown>, offset: number): { sql: string; values: unknown[] } {
  const keys = Object.keys(patch).filter((k) => patch[k] !== undefined);
  const values = keys.map((k) => (jsonColumns.has(k) && patch[k] !== null ? JSON.stringify(patch[k]) : patch[k]));
  const sql = keys.map((k, i) => `${k} = $${i + offset}`).join(', ');
  return { sql, values };
}

// Building an Intl formatter costs far more than using one: make it once.
const londonYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' });

function londonYear(at: Date): number {
  return Number(londonYearFormat.format(at));
}

/** A message to a customer moved on: handed to the provider, delivered, refused, suppressed. */
export interface OutboundStatusChange {
  messageId: string;
  conversationId: string;
  author: string;
  status: MessageStatus;
}

export interface CaseStoreOptions {
  /**
   * Told after an outbound message's status changes (sent, delivered, failed...), so staff
   * can see what became of what they wrote. A failure here fails the change's caller, which
   * retries (a provider's callback, a send job). @defaultValue none
   */
  onOutboundStatus?: (change: OutboundStatusChange) => Promise<void>;
}

/**
 * The system of record: customers, conversations, messages, cases and their clocks,
 * consents, and the append-only audit trail. One class over one SQL dialect, so the
 * same code and tests run on PostgreSQL and on PGlite.
 */
export class CaseStore {
  constructor(
    readonly db: Database,
    private readonly options: CaseStoreOptions = {},
  ) {}

  // ── conversations and messages ─────────────────────────────────────────────

  /**
   * Store an inbound message durably, once. The unique (channel, provider id) makes a
   * retried webhook a no-op: the caller learns it was a duplicate and enqueues nothing new.
   */
  async recordInbound(message: ParsedInboundMessage): Promise<{ messageId: string; conversationId: string; duplicate: boolean }> {
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
  ): Promise<{ messageId: string; conversationId: string; duplicate: boolean; status: MessageStatus }[]> {
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
      ? await this.db.query<{ id: string; conversation_id: string; channel_id: string; provider_message_id: string; status: MessageStatus }>(
          `select id, conversation_id, channel_id, provider_message_id, status from messages
           where (channel_id, provider_message_id) in (select * from unnest($1::text[], $2::text[]))`,
          [duplicates.map((m) => m.channelId), duplicates.map((m) => m.providerMessageId)],
        )
      : [];
    const byProviderId = new Map(existing.map((e) => [`${e.channel_id}\u0000${e.provider_message_id}`, e]));
    return messages.map((m, i) => {
      const row = rows[i]!;
      if (row.fresh) return { messageId: ids[i]!, conversationId: row.conversation_id, duplicate: false, status: 'received' as const };
      const stored = byProviderId.get(`${m.channelId}\u0000${m.providerMessageId}`);
      if (!stored) throw new Error('inbound message was neither stored nor found');
      return { messageId: stored.id, conversationId: stored.conversation_id, duplicate: true, status: stored.status };
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
    if (row?.direction === 'outbound') await this.outboundStatusChanged({ messageId: id, conversationId: row.conversation_id, author: row.author, status });
  }

  private async outboundStatusChanged(change: OutboundStatusChange): Promise<void> {
    await this.options.onOutboundStatus?.(change);
  }

  async attachMessageToCase(messageId: string, caseId: string): Promise<void> {
    await this.db.query('update messages set case_id = $2 where id = $1 and case_id is null', [messageId, caseId]);
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

  async recordDeliveries(messageId: string, channelId: ChannelId, providerMessageIds: string[], status: string): Promise<void> {
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
    if (sent[0]) await this.outboundStatusChanged({ messageId, conversationId: sent[0].conversation_id, author: sent[0].author, status: 'sent' });
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
      const statuses = parts.map((p) => (rank.includes(p.status as MessageStatus) ? (p.status as MessageStatus) : 'sent'));
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
      await this.outboundStatusChanged({ messageId: result.messageId, conversationId: message.conversation_id, author: message.author, status: result.status });
    }
    return result;
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    return (await this.db.query<Conversation>('select * from conversations where id = $1', [id]))[0];
  }

  async findConversation(channelId: ChannelId, address: string): Promise<Conversation[]> {
    return this.db.query<Conversation>('select * from conversations where channel_id = $1 and address = $2 order by created_at', [channelId, address]);
  }

  async setHandoff(conversationId: string, state: HandoffState, assignee: string | null): Promise<void> {
    await this.db.query('update conversations set handoff_state = $2, assignee = $3, updated_at = now() where id = $1', [
      conversationId,
      state,
      assignee,
    ]);
  }

  async setConversationLocale(conversationId: string, locale: string): Promise<void> {
    await this.db.query('update conversations set locale = $2, updated_at = now() where id = $1', [conversationId, locale]);
  }

  async setOptOut(channelId: ChannelId, address: string, optedOut: boolean): Promise<void> {
    await this.db.query('update conversations set opted_out = $3, updated_at = now() where channel_id = $1 and address = $2', [
      channelId,
      address,
      optedOut,
    ]);
  }

  async mergeChannelData(conversationId: string, data: Record<string, unknown>): Promise<void> {
    await this.db.query(`update conversations set channel_data = channel_data || $2::jsonb, updated_at = now() where id = $1`, [
      conversationId,
      JSON.stringify(data),
    ]);
  }

  /**
   * Merge `entries` into one object under `key` of a conversation's channel data, keeping
   * the entries already there (mergeChannelData replaces a top-level key whole).
   */
  async mergeChannelDataEntries(conversationId: string, key: string, entries: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `update conversations set channel_data = channel_data || jsonb_build_object($2::text,
         (case when jsonb_typeof(channel_data -> $2::text) = 'object' then channel_data -> $2::text else '{}'::jsonb end) || $3::jsonb),
         updated_at = now() where id = $1`,
      [conversationId, key, JSON.stringify(entries)],
    );
  }

  /**
   * A conversation the customer has not written in yet, e.g. the Messenger thread a
   * private reply to a public comment opens. Creating it sets no last_inbound_at.
   */
  async ensureConversation(channelId: ChannelId, address: string, ourAddress: string): Promise<Conversation> {
    const rows = await this.db.query<Conversation>(
      `insert into conversations (id, channel_id, address, our_address) values ($1, $2, $3, $4)
       on conflict (channel_id, address, our_address) do update set updated_at = now()
       returning *`,
      [randomUUID(), channelId, address, ourAddress],
    );
    const row = rows[0];
    if (!row) throw new Error('conversation upsert returned nothing');
    return row;
  }

  /**
   * Record one provider message of an outbound message as soon as the provider accepts
   * it, without changing the message's status: a send split into parts that fails half
   * way is retried from the first part not yet recorded, so no part goes twice.
   */
  async recordDeliveryPart(messageId: string, channelId: ChannelId, providerMessageId: string, status: string): Promise<void> {
    await this.db.query(
      `insert into message_deliveries (channel_id, provider_message_id, message_id, status) values ($1, $2, $3, $4)
       on conflict (channel_id, provider_message_id) do nothing`,
      [channelId, providerMessageId, messageId, status],
    );
  }

  /** Written just before a part of a message goes to the provider: its outcome is unknown until settled. */
  async beginSendAttempt(input: { messageId: string; part: number; channelId: ChannelId; recipient: string }): Promise<SendAttempt> {
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
      await this.db.query(`update send_attempts set outcome = $2, provider_message_id = $3, finished_at = now() where id = $1`, [target.attemptId, outcome, providerMessageId]);
      return;
    }
    await this.db.query(
      `update send_attempts set outcome = $3, provider_message_id = $4, finished_at = now() where message_id = $1 and part = $2 and outcome = 'unknown'`,
      [target.messageId, target.part, outcome, providerMessageId],
    );
  }

  /** One provider message's delivery row, e.g. to ignore a status callback that arrives late. */
  async getDelivery(channelId: ChannelId, providerMessageId: string): Promise<{ message_id: string; status: string; error_code: string | null } | undefined> {
    return (
      await this.db.query<{ message_id: string; status: string; error_code: string | null }>(
        'select message_id, status, error_code from message_deliveries where channel_id = $1 and provider_message_id = $2',
        [channelId, providerMessageId],
      )
    )[0];
  }

  /** The provider messages an outbound message went out as, with their delivery status. */
  async listDeliveries(messageId: string): Promise<{ provider_message_id: string; status: string; error_code: string | null }[]> {
    return this.db.query('select provider_message_id, status, error_code from message_deliveries where message_id = $1', [messageId]);
  }

  /** What was said in a conversation, both ways; a chat client's join (migration 006) is not a message and is left out. */
  async listMessages(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(`select * from messages where conversation_id = $1 and kind = 'message' order by seq`, [conversationId]);
  }

  /** Inbound messages not yet through a turn, in arrival order. */
  async pendingInbound(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select * from messages where conversation_id = $1 and direction = 'inbound' and status = 'received' order by seq`,
      [conversationId],
    );
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
  async conversationsWithPendingWork(olderThanMs = 0): Promise<{ conversation_id: string; direction: 'inbound' | 'outbound'; message_id: string }[]> {
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

  // ── customers ──────────────────────────────────────────────────────────────

  /** The customer behind a conversation, created on first need and linked to the channel address. */
  async ensureCustomer(conversationId: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const conversation = (await tx.query<Conversation>('select * from conversations where id = $1 for update', [conversationId]))[0];
      if (!conversation) throw new Error(`no conversation ${conversationId}`);
      if (conversation.customer_id) {
        const existing = (await tx.query<Customer>('select * from customers where id = $1', [conversation.customer_id]))[0];
        if (existing) return existing;
      }
      const linked = (
        await tx.query<Customer>(
          'select c.* from customers c join customer_addresses a on a.customer_id = c.id where a.channel_id = $1 and a.address = $2',
          [conversation.channel_id, conversation.address],
        )
      )[0];
      let customer = linked;
      if (!customer) {
        const isPhone = conversation.channel_id === 'sms' || conversation.channel_id === 'whatsapp';
        customer = (
          await tx.query<Customer>('insert into customers (id, phone) values ($1, $2) returning *', [
            randomUUID(),
            isPhone ? conversation.address.replace(/^whatsapp:/, '') : null,
          ])
        )[0];
        if (!customer) throw new Error('customer insert returned nothing');
        await tx.query('insert into customer_addresses (channel_id, address, customer_id) values ($1, $2, $3) on conflict do nothing', [
          conversation.channel_id,
          conversation.address,
          customer.id,
        ]);
      }
      await tx.query('update conversations set customer_id = $2 where id = $1', [conversationId, customer.id]);
      return customer;
    });
  }

  /**
   * The customer already behind a conversation, without creating one: a customer who has
   * not agreed to the privacy notice must leave no customer row (UK GDPR; domain-rules §8).
   */
  async findCustomerForConversation(conversationId: string): Promise<Customer | undefined> {
    const conversation = await this.getConversation(conversationId);
    if (!conversation) return undefined;
    if (conversation.customer_id) return this.getCustomer(conversation.customer_id);
    return (
      await this.db.query<Customer>(
        'select c.* from customers c join customer_addresses a on a.customer_id = c.id where a.channel_id = $1 and a.address = $2',
        [conversation.channel_id, conversation.address],
      )
    )[0];
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    return (await this.db.query<Customer>('select * from customers where id = $1', [id]))[0];
  }

  async updateCustomer(id: string, patch: CustomerPatch): Promise<Customer> {
    const { sql, values } = setClause(patch, 2);
    if (!sql) {
      const current = await this.getCustomer(id);
      if (!current) throw new Error(`no customer ${id}`);
      return current;
    }
    const row = (await this.db.query<Customer>(`update customers set ${sql}, updated_at = now() where id = $1 returning *`, [id, ...values]))[0];
    if (!row) throw new Error(`no customer ${id}`);
    return row;
  }

  // ── consents ───────────────────────────────────────────────────────────────

  async recordConsent(input: {
    /** A deterministic id makes a replayed turn's consent a no-op instead of a second row. */
    id?: string;
    customerId: string | null;
    caseId?: string | null;
    conversationId: string | null;
    kind: ConsentKind;
    wordingVersion: string;
    granted: boolean;
    channelId: ChannelId;
    details?: Record<string, unknown>;
  }): Promise<Consent> {
    const row = (
      await this.db.query<Consent>(
        `insert into consents (id, customer_id, case_id, conversation_id, kind, wording_version, granted, channel_id, details)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (id) do update set id = excluded.id
         returning *`,
        [
          input.id ?? randomUUID(),
          input.customerId,
          input.caseId ?? null,
          input.conversationId,
          input.kind,
          input.wordingVersion,
          input.granted,
          input.channelId,
          JSON.stringify(input.details ?? {}),
        ],
      )
    )[0];
    if (!row) throw new Error('consent insert returned nothing');
    return row;
  }

  /** Consents as they stand now (the latest row of each kind), for a customer or a case. */
  async currentConsents(filter: { customerId?: string; caseId?: string }): Promise<Consent[]> {
    const rows = await this.db.query<Consent>(
      `select distinct on (kind, coalesce(case_id::text, '')) * from consents
       where ($1::uuid is null or customer_id = $1) and ($2::uuid is null or case_id = $2)
       order by kind, coalesce(case_id::text, ''), recorded_at desc, id`,
      [filter.customerId ?? null, filter.caseId ?? null],
    );
    return rows;
  }

  async listConsents(customerId: string): Promise<Consent[]> {
    return this.db.query<Consent>('select * from consents where customer_id = $1 order by recorded_at', [customerId]);
  }

  // ── cases ──────────────────────────────────────────────────────────────────

  private async nextReference(tx: Queryable, kind: CaseKind, at: Date): Promise<string> {
    const prefix = referencePrefix[kind];
    const year = londonYear(at);
    const rows = await tx.query<{ last_value: number }>(
      `insert into reference_counters (prefix, year, last_value) values ($1, $2, 1)
       on conflict (prefix, year) do update set last_value = reference_counters.last_value + 1
       returning last_value`,
      [prefix, year],
    );
    const n = rows[0]?.last_value ?? 1;
    return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
  }

  /** Create a case with its reference, clocks and first audit event, in one transaction. */
  async createCase(input: NewCase): Promise<Case> {
    return this.db.transaction(async (tx) => {
      if (input.originMessageId) {
        const existing = (await tx.query<Case>('select * from cases where origin_message_id = $1', [input.originMessageId]))[0];
        if (existing) return existing;
      }
      const id = randomUUID();
      const reference = await this.nextReference(tx, input.kind, input.receivedAt);
      const created = (
        await tx.query<Case>(
          `insert into cases (id, reference, kind, stage, priority, category, team, flags, policy_pack, customer_id, conversation_id,
             channel_id, customer_words, desired_outcome, started_when, representative, classification, complaint_offered,
             complaint_offer_choice, received_at, origin_message_id)
           values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21) returning *`,
          [
            id,
            reference,
            input.kind,
            input.stage,
            input.priority ?? (input.kind === 'emergency' ? 'emergency' : 'normal'),
            input.category ?? null,
            input.team ?? null,
            input.flags ?? [],
            input.policyPack,
            input.customerId,
            input.conversationId,
            input.channelId,
            input.customerWords,
            input.desiredOutcome ?? null,
            input.startedWhen ?? null,
            input.representative ? JSON.stringify(input.representative) : null,
            input.classification ? JSON.stringify(input.classification) : null,
            input.complaintOffered ?? false,
            input.complaintOfferChoice ?? null,
            input.receivedAt,
            input.originMessageId ?? null,
          ],
        )
      )[0];
      if (!created) throw new Error('case insert returned nothing');
      await this.writeClocks(tx, id, input.clocks);
      await this.insertEvent(tx, id, input.actor, 'case_created', {
        reference,
        kind: input.kind,
        stage: input.stage,
        clocks: input.clocks.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
      return created;
    });
  }

  private async writeClocks(tx: Queryable, caseId: string, clocks: NewClock[]): Promise<void> {
    for (const clock of clocks) {
      await tx.query(
        `insert into case_clocks (case_id, name, due_at, original_due_at, remind_at, basis) values ($1, $2, $3, $3, $4, $5)
         on conflict (case_id, name) do update set due_at = excluded.due_at, original_due_at = excluded.original_due_at,
           remind_at = excluded.remind_at, basis = excluded.basis, status = 'running', extended_working_days = 0,
           extension_reason = null, met_at = null, breached_at = null`,
        [caseId, clock.name, clock.dueAt, clock.remindAt, clock.basis],
      );
    }
  }

  /** Replace running clocks (reclassification, a new stage) and record why. */
  async replaceClocks(caseId: string, clocks: NewClock[], actor: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`update case_clocks set status = 'cancelled' where case_id = $1 and status = 'running'`, [caseId]);
      await this.writeClocks(tx, caseId, clocks);
      await this.insertEvent(tx, caseId, actor, 'clocks_set', {
        reason,
        clocks: clocks.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
    });
  }

  async extendClock(caseId: string, name: string, newDueAt: Date, workingDays: number, reason: string, actor: string): Promise<CaseClock> {
    return this.db.transaction(async (tx) => {
      const row = (
        await tx.query<CaseClock>(
          `update case_clocks set due_at = $3, extended_working_days = $4, extension_reason = $5, remind_at = null
           where case_id = $1 and name = $2 returning *`,
          [caseId, name, newDueAt, workingDays, reason],
        )
      )[0];
      if (!row) throw new Error(`no clock ${name} on case ${caseId}`);
      await this.insertEvent(tx, caseId, actor, 'clock_extended', { clock: name, newDueAt: newDueAt.toISOString(), workingDays, reason });
      return row;
    });
  }

  async setClockStatus(caseId: string, name: string, status: 'met' | 'breached' | 'cancelled', at: Date, actor: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const column = status === 'met' ? 'met_at' : status === 'breached' ? 'breached_at' : null;
      const rows = await tx.query(
        `update case_clocks set status = $3${column ? `, ${column} = $4` : ''} where case_id = $1 and name = $2 and status = 'running' returning name`,
        column ? [caseId, name, status, at] : [caseId, name, status],
      );
      if (rows.length === 0) return false;
      await this.insertEvent(tx, caseId, actor, `clock_${status}`, { clock: name, at: at.toISOString() });
      return true;
    });
  }

  async listClocks(caseId: string): Promise<CaseClock[]> {
    return this.db.query<CaseClock>('select * from case_clocks where case_id = $1 order by due_at', [caseId]);
  }

  async getCase(id: string): Promise<Case | undefined> {
    return (await this.db.query<Case>('select * from cases where id = $1', [id]))[0];
  }

  /** The case a turn already made from this inbound message, if any (a replayed turn finds it). */
  async getCaseByOrigin(originMessageId: string): Promise<Case | undefined> {
    return (await this.db.query<Case>('select * from cases where origin_message_id = $1', [originMessageId]))[0];
  }

  async listCasesForConversation(conversationId: string, onlyOpen = false): Promise<Case[]> {
    return this.db.query<Case>(
      `select * from cases where conversation_id = $1 ${onlyOpen ? `and status = 'open'` : ''} order by received_at desc, created_at desc`,
      [conversationId],
    );
  }

  async getCaseByReference(reference: string): Promise<Case | undefined> {
    return (await this.db.query<Case>('select * from cases where reference = $1', [reference.toUpperCase()]))[0];
  }

  async listCasesForCustomer(customerId: string, onlyOpen = false): Promise<Case[]> {
    return this.db.query<Case>(
      `select * from cases where customer_id = $1 ${onlyOpen ? `and status = 'open'` : ''} order by received_at desc`,
      [customerId],
    );
  }

  /** Change a case and record the change, with who made it, in the audit trail. */
  async updateCase(id: string, patch: CasePatch, actor: string, eventType: string, data: Record<string, unknown> = {}): Promise<Case> {
    return this.db.transaction(async (tx) => {
      const { sql, values } = setClause(patch as Record<string, unknown>, 2);
      const row = sql
        ? (await tx.query<Case>(`update cases set ${sql}, updated_at = now() where id = $1 returning *`, [id, ...values]))[0]
        : (await tx.query<Case>('select * from cases where id = $1', [id]))[0];
      if (!row) throw new Error(`no case ${id}`);
      await this.insertEvent(tx, id, actor, eventType, { ...data, changed: Object.keys(patch) });
      return row;
    });
  }

  async appendEvent(caseId: string, actor: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.insertEvent(this.db, caseId, actor, type, data);
  }

  /**
   * An event from a delivery that may come twice (a retried Slack event): kept once per
   * case and key. Returns false when it was already there.
   */
  async appendEventOnce(caseId: string, key: string, actor: string, type: string, data: Record<string, unknown> = {}): Promise<boolean> {
    const rows = await this.db.query<{ id: number }>(
      `insert into case_events (case_id, actor, type, data, key) values ($1, $2, $3, $4, $5)
       on conflict (case_id, key) where key is not null do nothing
       returning id`,
      [caseId, actor, type, JSON.stringify(data), key],
    );
    return rows.length > 0;
  }

  private async insertEvent(q: Queryable, caseId: string, actor: string, type: string, data: Record<string, unknown>): Promise<void> {
    await q.query('insert into case_events (case_id, actor, type, data) values ($1, $2, $3, $4)', [caseId, actor, type, JSON.stringify(data)]);
  }

  async listEvents(caseId: string): Promise<CaseEvent[]> {
    return this.db.query<CaseEvent>('select * from case_events where case_id = $1 order by id', [caseId]);
  }

  // ── Slack (migration 003) ──────────────────────────────────────────────────

  /** A post already made under this key (a retried job must not post twice). */
  async getSlackPost(key: string): Promise<SlackPost | undefined> {
    return (await this.db.query<SlackPost>('select * from slack_posts where key = $1', [key]))[0];
  }

  /**
   * Record a post, and the thread it starts when it is a card, in one transaction. The
   * first record under a key wins; the caller gets back whichever is stored.
   */
  async recordSlackPost(
    post: { key: string; channel: string; ts: string },
    thread?: { caseId: string | null; conversationId: string | null; mention?: string | null; reason?: string | null },
  ): Promise<SlackPost> {
    return this.db.transaction(async (tx) => {
      const inserted = (
        await tx.query<SlackPost>(
          'insert into slack_posts (key, channel, ts) values ($1, $2, $3) on conflict (key) do nothing returning *',
          [post.key, post.channel, post.ts],
        )
      )[0];
      if (!inserted) {
        const existing = (await tx.query<SlackPost>('select * from slack_posts where key = $1', [post.key]))[0];
        if (!existing) throw new Error(`slack post ${post.key} was neither stored nor found`);
        return existing;
      }
      if (thread) {
        await tx.query(
          `insert into slack_threads (channel, thread_ts, case_id, conversation_id, mention, reason) values ($1, $2, $3, $4, $5, $6)
           on conflict (channel, thread_ts) do nothing`,
          [post.channel, post.ts, thread.caseId, thread.conversationId, thread.mention ?? null, thread.reason ?? null],
        );
      }
      return inserted;
    });
  }

  async getSlackThread(channel: string, threadTs: string): Promise<SlackThread | undefined> {
    return (await this.db.query<SlackThread>('select * from slack_threads where channel = $1 and thread_ts = $2', [channel, threadTs]))[0];
  }

  /** Live handoff cards of a conversation that have no case, oldest first. */
  async listSlackThreadsForConversation(conversationId: string): Promise<SlackThread[]> {
    return this.db.query<SlackThread>('select * from slack_threads where conversation_id = $1 and case_id is null order by created_at, thread_ts', [
      conversationId,
    ]);
  }

  /** Every card of a case, oldest first. */
  async listSlackThreadsForCase(caseId: string): Promise<SlackThread[]> {
    return this.db.query<SlackThread>('select * from slack_threads where case_id = $1 order by created_at, thread_ts', [caseId]);
  }

  /** The card a conversation was last discussed under: where its customer's messages go. */
  async latestSlackThreadForConversation(conversationId: string): Promise<SlackThread | undefined> {
    return (
      await this.db.query<SlackThread>(
        `select t.* from slack_threads t left join cases c on c.id = t.case_id
         where t.conversation_id = $1 or c.conversation_id = $1
         order by t.created_at desc, t.thread_ts desc limit 1`,
        [conversationId],
      )
    )[0];
  }

  /** A customer message to show in Slack; a replayed turn queues it once. */
  async queueSlackRelay(messageId: string, conversationId: string): Promise<void> {
    await this.db.query('insert into slack_relay (message_id, conversation_id) values ($1, $2) on conflict (message_id) do nothing', [
      messageId,
      conversationId,
    ]);
  }

  /** Customer messages not yet shown in Slack, in arrival order. */
  async pendingSlackRelay(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select m.* from slack_relay r join messages m on m.id = r.message_id
       where r.conversation_id = $1 and r.posted_at is null order by m.seq`,
      [conversationId],
    );
  }

  async markSlackRelayed(messageId: string): Promise<void> {
    await this.db.query('update slack_relay set posted_at = now() where message_id = $1', [messageId]);
  }

  /** The card's link, once Slack has given it (chat.getPermalink). */
  async setSlackThreadPermalink(channel: string, threadTs: string, permalink: string): Promise<void> {
    await this.db.query('update slack_threads set permalink = $3 where channel = $1 and thread_ts = $2', [channel, threadTs, permalink]);
  }

  /**
   * Every open case with its running and missed clocks and the link to its latest card,
   * oldest first (App Home: unclaimed, overdue, due soon, by colleague). A missed clock
   * keeps the case in view until the case is resolved or closed.
   */
  async listOpenCasesWithClocks(): Promise<{ case: Case; clocks: CaseClock[]; permalink: string | null }[]> {
    const rows = await this.db.query<Case & { card_permalink: string | null }>(
      `select c.*, (select t.permalink from slack_threads t where t.case_id = c.id and t.permalink is not null
                    order by t.created_at desc, t.thread_ts desc limit 1) as card_permalink
       from cases c where c.status = 'open' order by c.received_at, c.id`,
    );
    if (rows.length === 0) return [];
    const clocks = await this.db.query<CaseClock>(
      `select * from case_clocks where case_id = any($1::uuid[]) and status in ('running', 'breached') order by due_at`,
      [rows.map((r) => r.id)],
    );
    const byCase = new Map<string, CaseClock[]>();
    for (const clock of clocks) byCase.set(clock.case_id, [...(byCase.get(clock.case_id) ?? []), clock]);
    return rows.map(({ card_permalink, ...row }) => ({ case: row, clocks: byCase.get(row.id) ?? [], permalink: card_permalink }));
  }

  /** Open cases assigned to someone (App Home "My cases"). */
  async listOpenCasesAssignedTo(assignee: string): Promise<Case[]> {
    return this.db.query<Case>(`select * from cases where assignee = $1 and status = 'open' order by received_at`, [assignee]);
  }

  /** Open cases with a running clock due by `before`, soonest first, with that clock. */
  async listOpenCasesDueBy(before: Date): Promise<{ case: Case; clock: CaseClock }[]> {
    const rows = await this.db.query<Case & { clock_name: string }>(
      `select distinct on (c.id) c.*, k.name as clock_name from cases c
       join case_clocks k on k.case_id = c.id
       where c.status = 'open' and k.status = 'running' and k.due_at <= $1
       order by c.id, k.due_at`,
      [before],
    );
    const result: { case: Case; clock: CaseClock }[] = [];
    for (const { clock_name, ...row } of rows) {
      const clock = (await this.listClocks(row.id)).find((c) => c.name === clock_name);
      if (clock) result.push({ case: row, clock });
    }
    return result.sort((a, b) => new Date(a.clock.due_at).getTime() - new Date(b.clock.due_at).getTime());
  }
}
