import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { Database } from './database.js';

/** A contact restriction a colleague recorded (migration 011; seed 004 unacceptable behaviour). */
export interface ContactRestriction {
  id: string;
  customer_id: string | null;
  case_id: string | null;
  reason: string;
  arrangement: string;
  arrangement_detail: string | null;
  review_at: Date;
  recorded_by: string;
  status: 'active' | 'lifted';
  lifted_at: Date | null;
  lifted_by: string | null;
  created_at: Date;
}

/** Contact restrictions: recorded, read for a customer, reviewed, lifted. Never made by the bot. */
export class RestrictionRepository {
  constructor(private readonly db: Database) {}

  async addRestriction(input: {
    id?: string;
    customerId: string | null;
    caseId: string | null;
    reason: string;
    arrangement: string;
    arrangementDetail?: string | null;
    reviewAt: Date;
    recordedBy: string;
  }): Promise<ContactRestriction> {
    const row = (
      await this.db.query<ContactRestriction>(
        `insert into contact_restrictions (id, customer_id, case_id, reason, arrangement, arrangement_detail, review_at, recorded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (id) do update set id = excluded.id
         returning *`,
        [
          input.id ?? randomUUID(),
          input.customerId,
          input.caseId,
          input.reason,
          input.arrangement,
          input.arrangementDetail ?? null,
          input.reviewAt,
          input.recordedBy,
        ],
      )
    )[0];
    if (!row) throw new Error('restriction insert returned nothing');
    return row;
  }

  async getRestriction(id: string): Promise<ContactRestriction | undefined> {
    return (await this.db.query<ContactRestriction>('select * from contact_restrictions where id = $1', [id]))[0];
  }

  /** The restrictions in force for a customer (or, with no customer, a case), newest first. */
  async activeRestrictions(filter: {
    customerId?: string | null;
    caseId?: string | null;
  }): Promise<ContactRestriction[]> {
    return this.db.query<ContactRestriction>(
      `select * from contact_restrictions where status = 'active'
       and (($1::uuid is not null and customer_id = $1) or ($2::uuid is not null and case_id = $2))
       order by created_at desc`,
      [filter.customerId ?? null, filter.caseId ?? null],
    );
  }

  /** A new review date after a review that keeps the restriction. */
  async setReviewDate(id: string, reviewAt: Date): Promise<ContactRestriction> {
    const row = (
      await this.db.query<ContactRestriction>(
        'update contact_restrictions set review_at = $2 where id = $1 returning *',
        [id, reviewAt],
      )
    )[0];
    if (!row) throw new NotFoundError(`no restriction ${id}`);
    return row;
  }

  async liftRestriction(id: string, by: string, at: Date): Promise<ContactRestriction> {
    const row = (
      await this.db.query<ContactRestriction>(
        `update contact_restrictions set status = 'lifted', lifted_at = $3, lifted_by = $2 where id = $1 returning *`,
        [id, by, at],
      )
    )[0];
    if (!row) throw new NotFoundError(`no restriction ${id}`);
    return row;
  }
}
