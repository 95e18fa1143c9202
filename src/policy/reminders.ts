import type { WorkingDayCalendar } from './calendar.js';
import { londonWallClockToInstant, type IsoDate } from './london-time.js';
import type { PolicyPack } from './pack-schema.js';

/**
 * When staff are reminded of a working-day clock: the pack's lead in working days before
 * the due day, at the pack's London time of day (a reminder at 00:00 would land overnight).
 * Null when that moment is not after `notBefore`, as a reminder for something not yet
 * owed, or already in the past, would only be noise.
 */
export function workingDayReminder(
  dueDate: IsoDate,
  notBefore: Date,
  { pack, calendar }: { pack: PolicyPack; calendar: WorkingDayCalendar },
): Date | null {
  const { leadWorkingDays, atLondonTime } = pack.reminders;
  const [hour, minute] = atLondonTime.split(':').map(Number) as [number, number];
  const remindAt = londonWallClockToInstant(
    calendar.subtractWorkingDaysFromDate(dueDate, leadWorkingDays),
    hour,
    minute,
  );
  return remindAt.getTime() > notBefore.getTime() ? remindAt : null;
}
