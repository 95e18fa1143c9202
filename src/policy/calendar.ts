import { z } from 'zod';
import { addCalendarDays, endOfLondonDay, londonDateOf, weekdayOf, type IsoDate } from './london-time.js';

/** The UK divisions, as keyed in GOV.UK's bank-holidays JSON. */
export const divisions = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export const DivisionSchema = z.enum(divisions);
export type Division = z.infer<typeof DivisionSchema>;

export interface Holiday {
  date: IsoDate;
  title: string;
}

/** Longest count we step through: far beyond any policy timescale, small enough to catch a runaway loop. */
const MAX_WORKING_DAYS = 2_000;

/**
 * Working days for one UK division: Monday to Friday, not a bank holiday of that
 * division. This is the Housing Ombudsman's reading of "working days" in the Code,
 * and the seeds (001, 002, 004) use the same words.
 *
 * Counting rule (used by every clock):
 * - Days are London calendar days (Europe/London, GMT or BST), whatever the server's zone.
 * - The day of receipt is day 0 whatever the hour: a contact at 23:59 on a Friday was
 *   received that Friday, so +1 working day is the next Monday (if a working day).
 * - A contact on a weekend or bank holiday is treated as received at the start of the
 *   next working day: that day is day 0, and +1 working day is the working day after it.
 *   Counting the non-working day itself as day 0 would shave a working day off the
 *   landlord's time for contacts made when no one is at work.
 * - A due date is the end of the due working day: 23:59:59.999 London time.
 */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlyMap<IsoDate, string>;
  /** The last date for which bank holidays are known; beyond it only weekends are skipped. */
  readonly coveredThrough: IsoDate;
  readonly coveredFrom: IsoDate;

  constructor(
    readonly division: Division,
    holidays: Iterable<Holiday>,
  ) {
    const map = new Map<IsoDate, string>();
    for (const h of holidays) map.set(h.date, h.title);
    this.holidays = map;
    const dates = [...map.keys()].sort();
    // A snapshot lists whole years, so coverage runs from 1 January of its first year to 31 December of its last.
    this.coveredFrom = dates.length ? `${dates[0]!.slice(0, 4)}-01-01` : '9999-12-31';
    this.coveredThrough = dates.length ? `${dates[dates.length - 1]!.slice(0, 4)}-12-31` : '0000-01-01';
  }

  /** The bank holiday's title on a date, if it is one in this division. */
  holidayOn(date: IsoDate): string | undefined {
    return this.holidays.get(date);
  }

  /** Whether the snapshot knows this date's bank holidays. */
  covers(date: IsoDate): boolean {
    return date >= this.coveredFrom && date <= this.coveredThrough;
  }

  isWorkingDay(day: Date | IsoDate): boolean {
    const date = typeof day === 'string' ? day : londonDateOf(day);
    const weekday = weekdayOf(date);
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /** The date itself when it is a working day, else the next working day. */
  nextWorkingDayOnOrAfter(date: IsoDate): IsoDate {
    let d = date;
    for (let i = 0; !this.isWorkingDay(d); i++) {
      if (i > MAX_WORKING_DAYS) throw new RangeError(`no working day after ${date}`);
      d = addCalendarDays(d, 1);
    }
    return d;
  }

  /** Day 0 of any count that starts at this instant (see the counting rule above). */
  dayZero(receivedAt: Date): IsoDate {
    return this.nextWorkingDayOnOrAfter(londonDateOf(receivedAt));
  }

  /** The working day n working days after a date's day 0. */
  addWorkingDaysToDate(date: IsoDate, n: number): IsoDate {
    assertCount(n);
    let d = this.nextWorkingDayOnOrAfter(date);
    for (let i = 0; i < n; i++) d = this.nextWorkingDayOnOrAfter(addCalendarDays(d, 1));
    return d;
  }

  /** The working day n working days before a date (the date's own day 0 counts as the start). */
  subtractWorkingDaysFromDate(date: IsoDate, n: number): IsoDate {
    assertCount(n);
    let d = this.nextWorkingDayOnOrAfter(date);
    for (let i = 0; i < n; i++) {
      d = addCalendarDays(d, -1);
      for (let j = 0; !this.isWorkingDay(d); j++) {
        if (j > MAX_WORKING_DAYS) throw new RangeError(`no working day before ${date}`);
        d = addCalendarDays(d, -1);
      }
    }
    return d;
  }

  /** Due instant: the end (London time) of the working day n working days after receipt. */
  addWorkingDays(from: Date, n: number): Date {
    return endOfLondonDay(this.addWorkingDaysToDate(londonDateOf(from), n));
  }

  /**
   * Working days from `from`'s day 0 to the London date of `to`: the n for which
   * addWorkingDays(from, n) lands on that date. Negative when `to` is earlier.
   */
  workingDaysBetween(from: Date, to: Date): number {
    const start = this.dayZero(from);
    const end = londonDateOf(to);
    if (end === start) return 0;
    const forward = end > start;
    let count = 0;
    let d = start;
    for (let i = 0; d !== end; i++) {
      if (i > MAX_WORKING_DAYS * 2) throw new RangeError('dates too far apart to count working days');
      if (forward) {
        d = addCalendarDays(d, 1);
        if (this.isWorkingDay(d)) count++;
      } else {
        d = addCalendarDays(d, -1);
        if (this.isWorkingDay(d)) count--;
      }
    }
    return count;
  }
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS) {
    throw new RangeError(`working days must be a whole number from 0 to ${MAX_WORKING_DAYS}, got ${n}`);
  }
}
