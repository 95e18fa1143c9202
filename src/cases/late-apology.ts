import type { CaseClock } from '../db/rows.js';
import { dueAfterWorkingDays, type ClockName, type Deadline, type PolicyContext } from '../policy/index.js';

/** The clocks whose breach the customer is told about: the stage responses (seed 004). */
export const responseClockNames = ['stage1_response', 'stage2_response'] as const satisfies readonly ClockName[];

export function isResponseClock(name: string): name is (typeof responseClockNames)[number] {
  return (responseClockNames as readonly string[]).includes(name);
}

/**
 * The new date a late response is promised for (docs/rules/timescales.md#late-response):
 * seed 004 says that where the timescale cannot be met the customer is given a reason and
 * "a date of when our response will be sent", within a further 10 working days; the Code
 * (6.4, 6.15) caps a stage's extension the same way. So the date is the missed due date
 * plus the pack's extension cap for the stage, counted in the customer's working days.
 */
export function lateResponseDeadline(clock: Pick<CaseClock, 'name' | 'due_at'>, ctx: PolicyContext): Deadline | null {
  if (!isResponseClock(clock.name)) return null;
  const stage = clock.name === 'stage2_response' ? ctx.pack.complaints.stage2 : ctx.pack.complaints.stage1;
  return dueAfterWorkingDays(new Date(clock.due_at), stage.extensionCap, 'the missed response date', ctx);
}
