import { NotFoundError, PolicyError } from '../errors.js';
import { insertEvent } from './case-events.js';
import type { Database } from './database.js';

/** What was done to put a complaint right (Code 2024 section 7; docs/rules/responses.md#remedies). */
export const remedyKinds = ['apology', 'repair', 'compensation', 'other'] as const;
export type RemedyKind = (typeof remedyKinds)[number];

/** A row of case_remedies (migration 010): a contract the reports read. */
export interface CaseRemedy {
  id: string;
  case_id: string;
  kind: RemedyKind;
  /** Compensation in pence; null where no money is involved. */
  amount_pence: number | null;
  /** When the money was paid; null while it is owed (or for a remedy that is not a payment). */
  paid_at: Date | null;
  note: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface NewRemedy {
  id: string;
  caseId: string;
  kind: RemedyKind;
  amountPence: number | null;
  note: string;
  actor: string;
  at: Date;
}

/** A case's remedies, each recorded and paid with an audit event in the same transaction. */
export class RemedyRepository {
  constructor(private readonly db: Database) {}

  /** Record a remedy once: the same id again (a retried click) returns the first. */
  async recordRemedy(input: NewRemedy): Promise<CaseRemedy> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<CaseRemedy>(
        `insert into case_remedies (id, case_id, kind, amount_pence, note, recorded_by, recorded_at)
         values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing returning *`,
        [input.id, input.caseId, input.kind, input.amountPence, input.note, input.actor, input.at],
      );
      const created = rows[0];
      if (!created) {
        const existing = (await tx.query<CaseRemedy>('select * from case_remedies where id = $1', [input.id]))[0];
        if (!existing) throw new NotFoundError(`no remedy ${input.id}`);
        return existing;
      }
      await insertEvent(tx, input.caseId, input.actor, 'remedy_recorded', {
        remedyId: created.id,
        kind: created.kind,
        amountPence: created.amount_pence,
        note: created.note,
      });
      return created;
    });
  }

  /** Mark a remedy's money paid. A remedy already paid, or one with no amount, is refused. */
  async markRemedyPaid(remedyId: string, actor: string, at: Date): Promise<CaseRemedy> {
    return this.db.transaction(async (tx) => {
      const current = (
        await tx.query<CaseRemedy>('select * from case_remedies where id = $1 for update', [remedyId])
      )[0];
      if (!current) throw new NotFoundError(`no remedy ${remedyId}`);
      if (current.paid_at) throw new PolicyError('that remedy is already marked paid');
      if (current.amount_pence === null) throw new PolicyError('that remedy has no amount to pay');
      const updated = (
        await tx.query<CaseRemedy>('update case_remedies set paid_at = $2 where id = $1 returning *', [remedyId, at])
      )[0];
      if (!updated) throw new NotFoundError(`no remedy ${remedyId}`);
      await insertEvent(tx, current.case_id, actor, 'remedy_paid', {
        remedyId,
        amountPence: current.amount_pence,
        paidAt: at.toISOString(),
      });
      return updated;
    });
  }

  async getRemedy(remedyId: string): Promise<CaseRemedy | undefined> {
    return (await this.db.query<CaseRemedy>('select * from case_remedies where id = $1', [remedyId]))[0];
  }

  /** A case's remedies, in the order they were recorded. */
  async listRemedies(caseId: string): Promise<CaseRemedy[]> {
    return this.db.query<CaseRemedy>('select * from case_remedies where case_id = $1 order by recorded_at, id', [
      caseId,
    ]);
  }
}
