import type { Database, Queryable } from './database.js';

/**
 * Anonymisation (docs/rules/data-protection.md#retention and #erasure): what identifies or
 * describes a person is blanked; what reports count and time (kinds, stages, statuses,
 * flags, categories, clocks, when each step happened) stays. Rows are kept so counts
 * stay right. case_events stays append-only except for this, inside a transaction that
 * says so (migration 013).
 */

/** Event fields that say what happened, not who to: kept when their value is a code, a number or a date. */
const eventKeysKept = new Set([
  'kind',
  'from',
  'to',
  'stage',
  'status',
  'clock',
  'clocks',
  'alert',
  'outcome',
  'channel',
  'channelId',
  'language',
  'format',
  'contactMethod',
  'category',
  'flag',
  'flags',
  'hazard',
  'round',
  'reference',
  'workingDays',
  'workingDaysRequested',
  'dueAt',
  'newDueAt',
  'previousDueAt',
  'requestedAt',
  'respondedAt',
  'stage1ReceivedAt',
  'at',
  'mode',
  'letter',
  'documentKind',
  'code',
]);
const codeLike = /^[A-Za-z][A-Za-z0-9_.:-]{0,39}$/;
const isoDate = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/;

function keepValue(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return true;
  if (typeof value === 'string') return codeLike.test(value) || isoDate.test(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' && (codeLike.test(v) || isoDate.test(v)));
  return false;
}

/** An event's data with only what reports need: listed keys whose values are codes, numbers or dates. */
export function anonymisedEventData(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (eventKeysKept.has(key) && keepValue(value)) out[key] = value;
  out['anonymised'] = true;
  return out;
}

async function anonymiseMessages(tx: Queryable, where: string, param: unknown, at: Date): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `update messages set text = '', media = '[]', choices = '[]', status_detail = null, anonymised_at = $2
     where ${where} and anonymised_at is null returning id`,
    [param, at],
  );
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) await tx.query('delete from media where message_id = any($1::uuid[])', [ids]);
  return ids.length;
}

/**
 * What was sent to the person and what they told us outside a message, by case or by
 * customer: each notice's words and where it went, a restriction's reason and detail (its
 * arrangement is a code and stays, with its dates), a survey's free-text answer (its scores
 * stay for the report).
 */
async function anonymiseCaseRecords(tx: Queryable, where: string, param: string): Promise<void> {
  await tx.query(
    `update customer_deliveries set body = '', subject = null, recipient = null, last_error = null where ${where}`,
    [param],
  );
  await tx.query(`update contact_restrictions set reason = 'anonymised', arrangement_detail = null where ${where}`, [
    param,
  ]);
  await tx.query(`update survey_responses set comment = null where ${where}`, [param]);
}

export class AnonymiseRepository {
  constructor(private readonly db: Database) {}

  /** One case: its words, representative, resolution text, messages, files, letters' facts and events. */
  async anonymiseCase(caseId: string, at: Date): Promise<{ messages: number; events: number }> {
    return this.db.transaction(async (tx) => {
      await tx.query(`select set_config('intake.anonymising', 'on', true)`);
      await tx.query(
        `update cases set customer_words = '', desired_outcome = null, started_when = null, representative = null,
           classification = case when classification ? 'kind' then jsonb_build_object('kind', classification->'kind') else null end,
           resolution = case when resolution ? 'outcome' then jsonb_build_object('outcome', resolution->'outcome') else null end,
           anonymised_at = $2, updated_at = now()
         where id = $1`,
        [caseId, at],
      );
      await tx.query('update case_clocks set extension_reason = null where case_id = $1', [caseId]);
      const messages = await anonymiseMessages(tx, 'case_id = $1', caseId, at);
      const events = await tx.query<{ id: number; data: Record<string, unknown> }>(
        'select id, data from case_events where case_id = $1 order by id',
        [caseId],
      );
      for (const e of events)
        if (e.data['anonymised'] !== true)
          await tx.query('update case_events set data = $2 where id = $1', [
            e.id,
            JSON.stringify(anonymisedEventData(e.data)),
          ]);
      await tx.query(`update documents set facts = '{}' where case_id = $1`, [caseId]);
      await tx.query('update fulfilment_tasks set description = null where case_id = $1', [caseId]);
      await tx.query(`update consents set details = '{}' where case_id = $1`, [caseId]);
      await anonymiseCaseRecords(tx, 'case_id = $1', caseId);
      // A representative is someone else, named on this case only: their details go with it.
      await tx.query(
        `update case_parties set name = 'anonymised', relationship = null, organisation = null, phone = null,
           email = null, updated_at = now() where case_id = $1`,
        [caseId],
      );
      await tx.query(`update case_remedies set note = '' where case_id = $1`, [caseId]);
      return { messages, events: events.length };
    });
  }

  /** A conversation: the address it came from (replaced by a placeholder) and every message in it. */
  async anonymiseConversation(conversationId: string, at: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ channel_id: string; address: string }>(
        'select channel_id, address from conversations where id = $1 and anonymised_at is null for update',
        [conversationId],
      );
      const conversation = rows[0];
      if (!conversation) return 0;
      await tx.query('delete from customer_addresses where channel_id = $1 and address = $2', [
        conversation.channel_id,
        conversation.address,
      ]);
      await tx.query(
        `update conversations set address = 'anonymised:' || id::text, channel_data = '{}', assignee = null,
           anonymised_at = $2, updated_at = now() where id = $1`,
        [conversationId, at],
      );
      return anonymiseMessages(tx, 'conversation_id = $1', conversationId, at);
    });
  }

  /** A customer: name, contact details, address, needs and circumstances; language and format stay. */
  async anonymiseCustomer(customerId: string, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('delete from customer_addresses where customer_id = $1', [customerId]);
      await tx.query(
        `update customers set name = null, phone = null, email = null, postcode = null, tenancy_ref = null, address = null,
           access_needs = null, vulnerable = null, contact_adjustments = null, anonymised_at = $2, updated_at = now()
         where id = $1`,
        [customerId, at],
      );
      await tx.query(`update consents set details = '{}' where customer_id = $1`, [customerId]);
      await tx.query(`update documents set facts = '{}' where customer_id = $1`, [customerId]);
      await anonymiseCaseRecords(tx, 'customer_id = $1', customerId);
    });
  }

  /** Closed cases past their kind's period (months per kind), not yet anonymised. */
  async expiredCases(
    monthsByKind: Readonly<Record<string, number>>,
    now: Date,
  ): Promise<{ id: string; kind: string }[]> {
    const kinds = Object.keys(monthsByKind);
    return this.db.query<{ id: string; kind: string }>(
      `select c.id, c.kind from cases c
         join unnest($1::text[], $2::int[]) as p(kind, months) on p.kind = c.kind
       where c.status <> 'open' and c.anonymised_at is null
         and coalesce(c.closed_at, c.resolved_at, c.updated_at) + make_interval(months => p.months) < $3
       order by c.id`,
      [kinds, kinds.map((k) => monthsByKind[k]), now],
    );
  }

  /**
   * Conversations with nothing left to keep: every case on them anonymised (or none), and
   * nothing said for `months`.
   */
  async idleConversations(months: number, now: Date): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select v.id from conversations v
       where v.anonymised_at is null
         and not exists (select 1 from cases c where c.conversation_id = v.id and c.anonymised_at is null)
         and coalesce((select max(m.created_at) from messages m where m.conversation_id = v.id), v.created_at)
             + make_interval(months => $1) < $2
       order by v.id`,
      [months, now],
    );
    return rows.map((r) => r.id);
  }

  /** Customers with nothing left to keep: every case and conversation of theirs anonymised. */
  async customersWithNothingKept(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(
      `select u.id from customers u
       where u.anonymised_at is null
         and not exists (select 1 from cases c where c.customer_id = u.id and c.anonymised_at is null)
         and not exists (select 1 from conversations v where v.customer_id = u.id and v.anonymised_at is null)
       order by u.id`,
    );
    return rows.map((r) => r.id);
  }
}
