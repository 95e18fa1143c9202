import type { WorkingDayCalendar } from './calendar.js';
import { dueAfterHours, dueAfterWorkingDays, type Deadline } from './clocks.js';
import type { PolicyPack, ServiceStandardId } from './pack-schema.js';

/**
 * When a reply or repair is due under the landlord's service standards (seeds 001, 002),
 * counted like the complaint clocks (working days), or in elapsed hours for emergencies.
 */
export function serviceStandardDue(args: {
  standard: ServiceStandardId;
  receivedAt: Date;
  pack: PolicyPack;
  calendar: WorkingDayCalendar;
}): Deadline {
  const { standard, receivedAt, pack, calendar } = args;
  const timescale = pack.serviceStandards[standard];
  return 'hours' in timescale
    ? dueAfterHours(receivedAt, timescale, 'receipt', { pack, calendar })
    : dueAfterWorkingDays(receivedAt, timescale, 'receipt', { pack, calendar });
}
