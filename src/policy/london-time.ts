import { z } from 'zod';

/**
 * Calendar dates and wall-clock times in Europe/London, with Intl only (no tz library).
 * Working days are London calendar days whatever the server's time zone, and a day's
 * UTC bounds move by an hour between GMT and BST.
 */

/** A London calendar date, YYYY-MM-DD. */
export const IsoDateSchema = z.iso.date();
export type IsoDate = string;

const londonParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockInLondon(instant: Date): WallClock {
  const parts = Object.fromEntries(londonParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The London calendar date an instant falls on (00:30 BST on 2 May is 2 May, though UTC says 1 May). */
export function londonDateOf(instant: Date): IsoDate {
  const w = wallClockInLondon(instant);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const parsed = IsoDateSchema.safeParse(date);
  if (!parsed.success) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Milliseconds London is ahead of UTC at an instant: 0 in GMT, 3 600 000 in BST. */
function londonOffsetMs(instant: Date): number {
  const w = wallClockInLondon(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The UTC instant of a London wall-clock time on a date. Two passes settle the offset;
 * the times used here (00:00, 09:00, 23:59) never fall in the 01:00-02:00 changeover gap.
 */
export function londonWallClockToInstant(date: IsoDate, hour: number, minute: number, second = 0, ms = 0): Date {
  const { year, month, day } = parseIsoDate(date);
  const naive = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let guess = naive - londonOffsetMs(new Date(naive));
  guess = naive - londonOffsetMs(new Date(guess));
  return new Date(guess);
}

/** 23:59:59.999 London time on a date: when something due "on" that day is due. */
export function endOfLondonDay(date: IsoDate): Date {
  return londonWallClockToInstant(date, 23, 59, 59, 999);
}

/** 00:00 London time on a date. */
export function startOfLondonDay(date: IsoDate): Date {
  return londonWallClockToInstant(date, 0, 0);
}

/** Calendar arithmetic on dates (no time zone involved: dates are labels, not instants). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * Same day number n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb),
 * the usual reading of "within one month".
 */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday, for a calendar date. */
export function weekdayOf(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}
