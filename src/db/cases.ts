import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import type { Database, Queryable } from './database.js';
import type { Case, CaseClock, CaseEvent, CaseKind, CaseStage, Priority, Representative } from './rows.js';
import { setClause } from './sql.js';

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

// Building an Intl formatter costs far more than using one: make it once.
const londonYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' });

function londonYear(at: Date): number {
  return Number(londonYearFormat.format(at));
}

/**
 * Cases with their clocks and their append-only audit trail: what a case is, when each
 * answer is due, and who changed what. A case, its clocks and its first event are made
 * in one transaction.
 */
export class CaseRepository {
  constructor(private readonly db: Database) {}

  async #nextReference(tx: Queryable, kind: CaseKind, at: Date): Promise<string> {
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
      const reference = await this.#nextReference(tx, input.kind, input.receivedAt);
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
      await this.#writeClocks(tx, id, input.clocks);
      await this.#insertEvent(tx, id, input.actor, 'case_created', {
        reference,
        kind: input.kind,
        stage: input.stage,
        clocks: input.clocks.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
      return created;
    });
  }

  async #writeClocks(tx: Queryable, caseId: string, clocks: NewClock[]): Promise<void> {
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
      await this.#writeClocks(tx, caseId, clocks);
      await this.#insertEvent(tx, caseId, actor, 'clocks_set', {
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
      await this.#insertEvent(tx, caseId, actor, 'clock_extended', { clock: name, newDueAt: newDueAt.toISOString(), workingDays, reason });
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
      await this.#insertEvent(tx, caseId, actor, `clock_${status}`, { clock: name, at: at.toISOString() });
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

  /** Change a case and record the change, with who made it, in the audit trail. */
  async updateCase(id: string, patch: CasePatch, actor: string, eventType: string, data: Record<string, unknown> = {}): Promise<Case> {
    return this.db.transaction(async (tx) => {
      const { sql, values } = setClause(patch as Record<string, unknown>, 2);
      const row = sql
        ? (await tx.query<Case>(`update cases set ${sql}, updated_at = now() where id = $1 returning *`, [id, ...values]))[0]
        : (await tx.query<Case>('select * from cases where id = $1', [id]))[0];
      if (!row) throw new Error(`no case ${id}`);
      await this.#insertEvent(tx, id, actor, eventType, { ...data, changed: Object.keys(patch) });
      return row;
    });
  }

  async appendEvent(caseId: string, actor: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
    await this.#insertEvent(this.db, caseId, actor, type, data);
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

  async #insertEvent(q: Queryable, caseId: string, actor: string, type: string, data: Record<string, unknown>): Promise<void> {
    await q.query('insert into case_events (case_id, actor, type, data) values ($1, $2, $3, $4)', [caseId, actor, type, JSON.stringify(data)]);
  }

  async listEvents(caseId: string): Promise<CaseEvent[]> {
    return this.db.query<CaseEvent>('select * from case_events where case_id = $1 order by id', [caseId]);
  }
}
