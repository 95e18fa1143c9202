import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import { NotFoundError } from '../errors.js';
import { writeClocks, type NewClock } from './case-clocks.js';
import { insertEvent } from './case-events.js';
import type { Database, Queryable } from './database.js';
import type { Case, CaseClock, CaseKind, CaseStage, Priority, Representative } from './rows.js';
import { setClause } from './sql.js';

/** Human reference prefixes: the kind is readable at a glance in Slack and on letters. */
export const referencePrefix: Record<CaseKind, string> = {
  formal_complaint: 'CMP',
  first_time_fix: 'FTF',
  enquiry: 'ENQ',
  emergency: 'EMG',
  // Requests under the customer's data protection rights (migration 013).
  subject_access: 'SAR',
  erasure_request: 'ERA',
};

export type { NewClock } from './case-clocks.js';

export const referencePattern = /\b(CMP|FTF|ENQ|EMG|SAR|ERA)-(\d{4})-(\d{6})\b/i;

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
    | 'refusal_reason'
  >
>;

// Building an Intl formatter costs far more than using one: make it once.
const londonYearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' });

function londonYear(at: Date): number {
  return Number(londonYearFormat.format(at));
}

/**
 * Cases: what each is, its reference, who holds it. A case, its clocks and its first
 * event are made in one transaction; its clocks and audit trail have their own
 * repositories (case-clocks.ts, case-events.ts).
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
    return (await this.createCaseWithClocks(input)).case;
  }

  /**
   * createCase, saying whether the case was made now or found (a replayed turn, by its origin
   * message), with its clocks as they stand, soonest first: no reads before or after it.
   */
  async createCaseWithClocks(input: NewCase): Promise<{ case: Case; clocks: CaseClock[]; replayed: boolean }> {
    return this.db.transaction(async (tx) => {
      if (input.originMessageId) {
        const existing = (
          await tx.query<Case>('select * from cases where origin_message_id = $1', [input.originMessageId])
        )[0];
        if (existing)
          return {
            case: existing,
            clocks: await tx.query<CaseClock>('select * from case_clocks where case_id = $1 order by due_at', [
              existing.id,
            ]),
            replayed: true,
          };
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
      const clocks = await writeClocks(tx, id, input.clocks);
      await insertEvent(tx, id, input.actor, 'case_created', {
        reference,
        kind: input.kind,
        stage: input.stage,
        clocks: input.clocks.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
      return { case: created, clocks, replayed: false };
    });
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
    return this.db.query<Case>(`select * from cases where assignee = $1 and status = 'open' order by received_at`, [
      assignee,
    ]);
  }

  /** Change a case and record the change, with who made it, in the audit trail. */
  async updateCase(
    id: string,
    patch: CasePatch,
    actor: string,
    eventType: string,
    data: Record<string, unknown> = {},
  ): Promise<Case> {
    return this.db.transaction(async (tx) => {
      const { sql, values } = setClause(patch as Record<string, unknown>, 2);
      const row = sql
        ? (
            await tx.query<Case>(`update cases set ${sql}, updated_at = now() where id = $1 returning *`, [
              id,
              ...values,
            ])
          )[0]
        : (await tx.query<Case>('select * from cases where id = $1', [id]))[0];
      if (!row) throw new NotFoundError(`no case ${id}`);
      await insertEvent(tx, id, actor, eventType, { ...data, changed: Object.keys(patch) });
      return row;
    });
  }
}
