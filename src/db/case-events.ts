import type { Database, Queryable } from './database.js';
import type { CaseEvent } from './rows.js';

/** Append one event to a case's audit trail, inside the caller's unit of work. */
export async function insertEvent(
  q: Queryable,
  caseId: string,
  actor: string,
  type: string,
  data: Record<string, unknown>,
): Promise<void> {
  await q.query('insert into case_events (case_id, actor, type, data) values ($1, $2, $3, $4)', [
    caseId,
    actor,
    type,
    JSON.stringify(data),
  ]);
}

/** A case's audit trail: append-only (the database refuses updates and deletes), oldest first. */
export class CaseEventRepository {
  constructor(private readonly db: Database) {}

  async appendEvent(caseId: string, actor: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
    await insertEvent(this.db, caseId, actor, type, data);
  }

  /**
   * An event from a delivery that may come twice (a retried Slack event): kept once per
   * case and key. Returns false when it was already there.
   */
  async appendEventOnce(
    caseId: string,
    key: string,
    actor: string,
    type: string,
    data: Record<string, unknown> = {},
  ): Promise<boolean> {
    const rows = await this.db.query<{ id: number }>(
      `insert into case_events (case_id, actor, type, data, key) values ($1, $2, $3, $4, $5)
       on conflict (case_id, key) where key is not null do nothing
       returning id`,
      [caseId, actor, type, JSON.stringify(data), key],
    );
    return rows.length > 0;
  }

  async listEvents(caseId: string): Promise<CaseEvent[]> {
    return this.db.query<CaseEvent>('select * from case_events where case_id = $1 order by id', [caseId]);
  }
}
