import type { CaseClockRepository } from '../db/case-clocks.js';
import type { Case } from '../db/rows.js';
import { clocksForNewCase, type Clock, type ContactKind, type PolicyContext } from '../policy/clocks.js';
import { cancelClockJobs, clockFromRow, scheduleClockJobs, type JobSink } from './sla-jobs.js';

export interface NationClockChanges {
  /** Clocks that no longer apply (Awaab's Law outside England), cancelled. */
  cancelled: string[];
  /** Clocks that now apply and the case lacked (Awaab's Law in England), set from the report. */
  added: Clock[];
  /** Running clocks counted from receipt whose date moved with the division's bank holidays. */
  moved: Clock[];
}

const contactKinds = new Set<string>([
  'enquiry',
  'first_time_fix',
  'formal_complaint',
  'emergency',
] satisfies ContactKind[]);

/** The clocks that run from a recorded step rather than from receipt, and that step's clock. */
const countedFromStep: Record<string, string> = {
  stage1_response: 'stage1_ack',
  awaab_summary: 'awaab_investigation',
  awaab_safety_work: 'awaab_investigation',
};

/**
 * A colleague confirmed the nation of a home in a split district (docs/rules/nations.md#border-districts):
 * the case's clocks follow it. Awaab's Law binds in England only, so its clocks are set when
 * the home turns out to be in England and cancelled when it does not; a division's own bank
 * holidays move the due date of a running clock counted from receipt. A clock already
 * extended, met or counted from a recorded step (a response from the acknowledgement) keeps
 * its date: those dates were told to the customer or set by a person.
 */
export async function clocksForConfirmedNation(input: {
  row: Case;
  policy: PolicyContext;
  store: Pick<CaseClockRepository, 'addClocks' | 'listClocks' | 'restartClocks' | 'setClockStatus'>;
  queues: JobSink;
  actor: string;
  now: Date;
}): Promise<NationClockChanges> {
  const { row, store, actor, now } = input;
  // A rights request's clock is a calendar month wherever the home is (UK GDPR Art. 12(3)).
  if (!contactKinds.has(row.kind)) return { cancelled: [], added: [], moved: [] };
  const fresh = clocksForNewCase({
    kind: row.kind as ContactKind,
    receivedAt: new Date(row.received_at),
    flags: { dampMould: row.flags.includes('damp_mould'), emergency: row.kind === 'emergency' },
    ...input.policy,
  });
  const current = await store.listClocks(row.id);
  const byName = new Map(current.map((c) => [c.name, c]));
  const freshNames = new Set<string>(fresh.map((c) => c.name));

  const cancelled: string[] = [];
  for (const clock of current.filter((c) => c.status === 'running' && c.name.startsWith('awaab_'))) {
    if (freshNames.has(clock.name)) continue;
    if (await store.setClockStatus(row.id, clock.name, 'cancelled', now, actor)) cancelled.push(clock.name);
  }
  await cancelClockJobs(input.queues, row.id, current.filter((c) => cancelled.includes(c.name)).map(clockFromRow));

  const reason = `nation confirmed: ${input.policy.country ?? 'unknown'} (${input.policy.calendar.division})`;
  const added = await store.addClocks(
    row.id,
    fresh.filter((c) => !byName.has(c.name)),
    actor,
    reason,
  );
  await scheduleClockJobs(input.queues, row.id, added, now);

  const stepRecorded = (name: string) => {
    const step = countedFromStep[name];
    return step !== undefined && byName.get(step)?.status === 'met';
  };
  const candidates = fresh.filter((c) => {
    const clock = byName.get(c.name);
    return (
      clock?.status === 'running' &&
      clock.extended_working_days === 0 &&
      !stepRecorded(c.name) &&
      new Date(clock.due_at).getTime() !== c.dueAt.getTime()
    );
  });
  const restarted = candidates.length > 0 ? await store.restartClocks(row.id, candidates, actor, reason) : [];
  const movedNames = new Set(restarted.map((c) => c.name));
  const moved = candidates.filter((c) => movedNames.has(c.name));
  await cancelClockJobs(input.queues, row.id, current.filter((c) => movedNames.has(c.name)).map(clockFromRow));
  await scheduleClockJobs(input.queues, row.id, moved, now);
  return { cancelled, added: fresh.filter((c) => added.some((a) => a.name === c.name)), moved };
}
