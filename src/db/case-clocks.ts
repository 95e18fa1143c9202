import { NotFoundError } from '../errors.js';
import type { Database, Queryable } from './database.js';
import { insertEvent } from './case-events.js';
import type { Case, CaseClock } from './rows.js';

export interface NewClock {
  name: string;
  dueAt: Date;
  remindAt: Date | null;
  basis: string;
}

/**
 * Start (or restart) clocks on a case, inside the caller's unit of work, in one statement.
 * Returns the clocks as written, soonest first (as listClocks orders them).
 */
export async function writeClocks(tx: Queryable, caseId: string, clocks: readonly NewClock[]): Promise<CaseClock[]> {
  if (clocks.length === 0) return [];
  // ON CONFLICT DO UPDATE may not touch a row twice in one statement: a name given twice is its last.
  const byName = new Map(clocks.map((c) => [c.name, c]));
  const unique = [...byName.values()];
  const rows = await tx.query<CaseClock>(
    `insert into case_clocks (case_id, name, due_at, original_due_at, remind_at, basis)
     select $1, t.name, t.due_at, t.due_at, t.remind_at, t.basis
     from unnest($2::text[], $3::timestamptz[], $4::timestamptz[], $5::text[]) as t(name, due_at, remind_at, basis)
     on conflict (case_id, name) do update set due_at = excluded.due_at, original_due_at = excluded.original_due_at,
       remind_at = excluded.remind_at, basis = excluded.basis, status = 'running', extended_working_days = 0,
       extension_reason = null, met_at = null, breached_at = null
     returning *`,
    [
      caseId,
      unique.map((c) => c.name),
      unique.map((c) => c.dueAt.toISOString()),
      unique.map((c) => (c.remindAt ? c.remindAt.toISOString() : null)),
      unique.map((c) => c.basis),
    ],
  );
  return rows.sort((a, b) => new Date(a.due_at).getTime() - new Date(b.due_at).getTime());
}

/** A case's clocks: when each answer is due, extended, met, missed; every change audited with it. */
export class CaseClockRepository {
  constructor(private readonly db: Database) {}

  /** Replace running clocks (reclassification, a new stage) and record why. */
  async replaceClocks(caseId: string, clocks: NewClock[], actor: string, reason: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`update case_clocks set status = 'cancelled' where case_id = $1 and status = 'running'`, [caseId]);
      await writeClocks(tx, caseId, clocks);
      await insertEvent(tx, caseId, actor, 'clocks_set', {
        reason,
        clocks: clocks.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
    });
  }

  /**
   * Set clocks the case did not have (Awaab's Law once a colleague confirms the home is in
   * England); one already on the case, in any state, is left alone. Returns those added.
   */
  async addClocks(caseId: string, clocks: NewClock[], actor: string, reason: string): Promise<NewClock[]> {
    return this.db.transaction(async (tx) => {
      const present = await tx.query<{ name: string }>('select name from case_clocks where case_id = $1 for update', [
        caseId,
      ]);
      const names = new Set(present.map((r) => r.name));
      const added = clocks.filter((c) => !names.has(c.name));
      if (added.length === 0) return [];
      await writeClocks(tx, caseId, added);
      await insertEvent(tx, caseId, actor, 'clocks_set', {
        reason,
        clocks: added.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
      return added;
    });
  }

  /**
   * Start some running clocks again from a recorded step (a response from the acknowledgement,
   * Awaab's Law's later steps from the investigation), leaving the case's other clocks alone.
   * A clock no longer running (met, breached, cancelled) is not touched. Returns those restarted.
   */
  async restartClocks(caseId: string, clocks: NewClock[], actor: string, reason: string): Promise<NewClock[]> {
    return this.db.transaction(async (tx) => {
      const running = await tx.query<{ name: string }>(
        `select name from case_clocks where case_id = $1 and status = 'running' for update`,
        [caseId],
      );
      const names = new Set(running.map((r) => r.name));
      const restarted = clocks.filter((c) => names.has(c.name));
      if (restarted.length === 0) return [];
      await writeClocks(tx, caseId, restarted);
      await insertEvent(tx, caseId, actor, 'clocks_set', {
        reason,
        clocks: restarted.map((c) => ({ name: c.name, dueAt: c.dueAt.toISOString() })),
      });
      return restarted;
    });
  }

  async extendClock(
    caseId: string,
    name: string,
    newDueAt: Date,
    workingDays: number,
    reason: string,
    actor: string,
  ): Promise<CaseClock> {
    return this.db.transaction(async (tx) => {
      const row = (
        await tx.query<CaseClock>(
          `update case_clocks set due_at = $3, extended_working_days = $4, extension_reason = $5, remind_at = null
           where case_id = $1 and name = $2 returning *`,
          [caseId, name, newDueAt, workingDays, reason],
        )
      )[0];
      if (!row) throw new NotFoundError(`no clock ${name} on case ${caseId}`);
      await insertEvent(tx, caseId, actor, 'clock_extended', {
        clock: name,
        newDueAt: newDueAt.toISOString(),
        workingDays,
        reason,
      });
      return row;
    });
  }

  async setClockStatus(
    caseId: string,
    name: string,
    status: 'met' | 'breached' | 'cancelled',
    at: Date,
    actor: string,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const column = status === 'met' ? 'met_at' : status === 'breached' ? 'breached_at' : null;
      const rows = await tx.query(
        `update case_clocks set status = $3${column ? `, ${column} = $4` : ''} where case_id = $1 and name = $2 and status = 'running' returning name`,
        column ? [caseId, name, status, at] : [caseId, name, status],
      );
      if (rows.length === 0) return false;
      await insertEvent(tx, caseId, actor, `clock_${status}`, { clock: name, at: at.toISOString() });
      return true;
    });
  }

  /**
   * A step that meets a clock (docs/rules/timescales.md#recorded-steps): an open clock,
   * running or already breached, becomes `met` at `at`. A breached one keeps its
   * `breached_at`, so it reads "met late"; on time is `met_at <= due_at`. Returns the clock
   * as met, or undefined when it was not open (already met, cancelled, or not on the case).
   */
  async meetClock(
    caseId: string,
    name: string,
    at: Date,
    actor: string,
    data: Record<string, unknown> = {},
  ): Promise<CaseClock | undefined> {
    return this.db.transaction(async (tx) => {
      const row = (
        await tx.query<CaseClock>(
          `update case_clocks set status = 'met', met_at = $3
           where case_id = $1 and name = $2 and status in ('running', 'breached') returning *`,
          [caseId, name, at],
        )
      )[0];
      if (!row) return undefined;
      await insertEvent(tx, caseId, actor, 'clock_met', {
        ...data,
        clock: name,
        at: at.toISOString(),
        dueAt: new Date(row.due_at).toISOString(),
        onTime: at.getTime() <= new Date(row.due_at).getTime(),
        breachedAt: row.breached_at ? new Date(row.breached_at).toISOString() : null,
      });
      return row;
    });
  }

  async listClocks(caseId: string): Promise<CaseClock[]> {
    return this.db.query<CaseClock>('select * from case_clocks where case_id = $1 order by due_at', [caseId]);
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
