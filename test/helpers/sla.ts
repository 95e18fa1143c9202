import { slaJobId } from '../../src/cases/sla-jobs.js';
import { SlaJobSchema, type SlaJob } from '../../src/queues/definitions.js';
import type { Queues } from '../../src/queues/queues.js';

/** A clock's SLA job as the sla queue holds it, if it does. */
export async function slaJobOf(
  queues: Queues,
  caseId: string,
  clock: string,
  alert: 'reminder' | 'breach',
  dueAt: Date | string | number,
): Promise<SlaJob | undefined> {
  const job = await queues.queues.sla.getJob(slaJobId(caseId, clock, alert, new Date(dueAt)));
  return job ? SlaJobSchema.parse(job.data) : undefined;
}

/**
 * A clock's breach job. A clock with a reminder has its breach scheduled only when the
 * reminder fires (src/cases/sla-jobs.ts), so where there is no breach job yet the reminder
 * is run first, as the sla queue would run it at its time.
 */
export async function breachJobOf(
  queues: Queues,
  cases: { handleSlaJob: (job: SlaJob) => Promise<unknown> },
  caseId: string,
  clock: string,
  dueAt: Date | string | number,
): Promise<SlaJob | undefined> {
  const breach = await slaJobOf(queues, caseId, clock, 'breach', dueAt);
  if (breach) return breach;
  const reminder = await slaJobOf(queues, caseId, clock, 'reminder', dueAt);
  if (!reminder) return undefined;
  await cases.handleSlaJob(reminder);
  return slaJobOf(queues, caseId, clock, 'breach', dueAt);
}

/** What a clock has queued to fire first: its reminder where it has one, otherwise its breach. */
export async function firstAlertOf(
  queues: Queues,
  caseId: string,
  clock: string,
  dueAt: Date | string | number,
): Promise<SlaJob | undefined> {
  return (
    (await slaJobOf(queues, caseId, clock, 'reminder', dueAt)) ??
    (await slaJobOf(queues, caseId, clock, 'breach', dueAt))
  );
}
