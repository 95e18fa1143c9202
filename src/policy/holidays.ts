import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { WorkingDayCalendar, divisions, type Division } from './calendar.js';
import { IsoDateSchema } from './london-time.js';

/**
 * Bank holidays in GOV.UK's own JSON shape (https://www.gov.uk/bank-holidays.json), so an
 * operator can refresh the calendar by downloading that file and running
 * `npm run holidays:load -- bank-holidays.json`.
 */

const BankHolidayEventSchema = z.object({
  title: z.string().min(1),
  date: IsoDateSchema,
  notes: z.string(),
  bunting: z.boolean(),
});

const DivisionHolidaysSchema = z.object({
  division: z.enum(divisions),
  events: z.array(BankHolidayEventSchema).min(1),
});

function divisionEntry<D extends Division>(division: D) {
  return DivisionHolidaysSchema.refine((d) => d.division === division, {
    message: `the "division" field must be "${division}"`,
    path: ['division'],
  }).refine((d) => new Set(d.events.map((e) => e.date)).size === d.events.length, {
    message: 'a date is listed twice',
    path: ['events'],
  });
}

/** GOV.UK's file: all three divisions, each naming itself. Unknown extra keys are ignored. */
export const GovUkBankHolidaysSchema = z.object({
  'england-and-wales': divisionEntry('england-and-wales'),
  scotland: divisionEntry('scotland'),
  'northern-ireland': divisionEntry('northern-ireland'),
});
export type GovUkBankHolidays = z.infer<typeof GovUkBankHolidaysSchema>;

/**
 * The shipped snapshot: bank holidays 2025-2027 as announced on GOV.UK, written
 * out on this date (dates and weekdays checked by test/policy/bank-holidays.test.ts).
 */
export const shippedSnapshot = {
  path: fileURLToPath(new URL('./bank-holidays.json', import.meta.url)),
  takenOn: '2026-11-22',
  source: 'https://www.gov.uk/bank-holidays.json',
} as const;

/** Where `npm run holidays:load` writes, and where start-up looks for a newer file. */
export const defaultOverridePath = './data/bank-holidays.json';

export interface LoadedBankHolidays {
  data: GovUkBankHolidays;
  /** 'override' when an operator-loaded file was used instead of the shipped snapshot. */
  origin: 'shipped' | 'override';
  path: string;
}

/** Parse a GOV.UK-shaped value; throws ConfigError naming the file and the first problems. */
export function parseBankHolidays(value: unknown, label: string): GovUkBankHolidays {
  const parsed = GovUkBankHolidaysSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigError(`${label} is not a GOV.UK bank-holidays file: ${issues}`);
  }
  return parsed.data;
}

/** Read and validate a bank-holidays JSON file. */
export function readBankHolidaysFile(path: string): GovUkBankHolidays {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read bank holidays file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`bank holidays file ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseBankHolidays(json, `bank holidays file ${path}`);
}

/**
 * The operator's loaded file when present (it replaces the snapshot whole, as GOV.UK's
 * file is complete in itself), else the shipped snapshot. A present but bad override
 * stops start-up rather than silently falling back to older dates.
 */
export function loadBankHolidays(overridePath: string = defaultOverridePath): LoadedBankHolidays {
  const override = resolve(overridePath);
  if (existsSync(override)) {
    return { data: readBankHolidaysFile(override), origin: 'override', path: override };
  }
  return { data: readBankHolidaysFile(shippedSnapshot.path), origin: 'shipped', path: shippedSnapshot.path };
}

export function calendarFor(data: GovUkBankHolidays, division: Division): WorkingDayCalendar {
  return new WorkingDayCalendar(
    division,
    data[division].events.map((e) => ({ date: e.date, title: e.title })),
  );
}

export type Calendars = Readonly<Record<Division, WorkingDayCalendar>>;

/** One calendar per division, from the override file or the snapshot. */
export function loadCalendars(overridePath: string = defaultOverridePath): Calendars {
  const { data } = loadBankHolidays(overridePath);
  return {
    'england-and-wales': calendarFor(data, 'england-and-wales'),
    scotland: calendarFor(data, 'scotland'),
    'northern-ireland': calendarFor(data, 'northern-ireland'),
  };
}

/**
 * A warning for the start-up log when any division's holidays run out within `withinDays`
 * of `now`, so the operator loads a newer file before due dates go wrong.
 */
export function coverageWarning(calendars: Calendars, now: Date, withinDays = 180): string | null {
  const horizon = new Date(now.getTime() + withinDays * 86_400_000).toISOString().slice(0, 10);
  const short = divisions.filter((d) => calendars[d].coveredThrough < horizon);
  if (short.length === 0) return null;
  const through = short.map((d) => `${d} through ${calendars[d].coveredThrough}`).join(', ');
  return `bank holidays are known only for ${through}; download https://www.gov.uk/bank-holidays.json and run npm run holidays:load -- <file>`;
}
