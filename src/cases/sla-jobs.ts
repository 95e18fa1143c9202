import type { CaseClock } from '../db/rows.js';
import { jobId } from '../queues/definitions.js';
import type { Queues } from '../queues/queues.js';

/** The part of Queues the case service uses: producing jobs and withdrawing ones not yet run. */
export type JobSink = Pick<Queues, 'add' | 'remove'>;

/** A clock as the scheduler needs it, from the policy layer (new) or a stored row. */
export interface ScheduledClock {
  name: string;
  dueAt: Date;
  remindAt: Date | null;
}

/**
 * One job per (case, clock, alert, due date): an extension makes a new due date and so a
 * new job, and the old one, should it still fire, is recognised as stale by its dueAt.
 */
export function slaJobId(caseId: string, clock: string, alert: 'reminder' | 'breach', dueAt: Date): string {
  return jobId('sla', caseId, clock, alert, dueAt.toISOString());
}

export function clockFromRow(row: CaseClock): ScheduledClock {
  return { name: row.name, dueAt: new Date(row.due_at), remindAt: row.remind_at ? new Date(row.remind_at) : null };
}

/**
 * Each clock's first alert: the reminder before its due date where the pack sets one,
 * otherwise the breach at it. The reminder, when it fires, schedules the breach
 * (`scheduleBreach`, from CaseService.handleSlaJob), so a clock costs one job when it
 * starts rather than two (docs/rules/timescales.md#reminders-and-breaches): most clocks
 * are met before their reminder.
 */
export async function scheduleClockJobs(
  queues: JobSink,
  caseId: string,
  clocks: readonly ScheduledClock[],
  now: Date,
): Promise<void> {
  for (const clock of clocks) {
    const dueAt = clock.dueAt.toISOString();
    if (clock.remindAt) {
      await queues.add(
        'sla',
        { caseId, clock: clock.name, alert: 'reminder', dueAt },
        {
          id: slaJobId(caseId, clock.name, 'reminder', clock.dueAt),
          delayMs: clock.remindAt.getTime() - now.getTime(),
        },
      );
    } else {
      await scheduleBreach(queues, caseId, clock.name, clock.dueAt, now);
    }
  }
}

/**
 * The breach alert at a clock's due date (at once if that has passed). Its id is the
 * clock's and the date's, so a reminder run twice (a retry after its alert went out)
 * schedules it once.
 */
export async function scheduleBreach(
  queues: JobSink,
  caseId: string,
  clock: string,
  dueAt: Date,
  now: Date,
): Promise<void> {
  await queues.add(
    'sla',
    { caseId, clock, alert: 'breach', dueAt: dueAt.toISOString() },
    { id: slaJobId(caseId, clock, 'breach', dueAt), delayMs: Math.max(0, dueAt.getTime() - now.getTime()) },
  );
}

/** Withdraw a clock's pending jobs (the case closed, or the clock moved). */
export async function cancelClockJobs(
  queues: JobSink,
  caseId: string,
  clocks: readonly ScheduledClock[],
): Promise<void> {
  for (const clock of clocks) {
    await queues.remove('sla', slaJobId(caseId, clock.name, 'reminder', clock.dueAt));
    await queues.remove('sla', slaJobId(caseId, clock.name, 'breach', clock.dueAt));
  }
}
