import { describe, expect, it } from 'vitest';
import type { Division } from '../../src/policy/calendar.js';
import { readBankHolidaysFile, shippedSnapshot } from '../../src/policy/holidays.js';
import { calendars } from './helpers.js';

/**
 * The shipped snapshot, checked against lists written out here independently
 * (England and Wales 2026-2027 from docs/rules/nations.md#bank-holiday-divisions) and against the rules that make them.
 */
// prettier-ignore
const expected: Record<Division, string[]> = {
  'england-and-wales': [
    '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28',
  ],
  scotland: [
    '2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-01-04', '2027-03-26', '2027-05-03', '2027-05-31', '2027-08-02', '2027-11-30', '2027-12-27', '2027-12-28',
  ],
  'northern-ireland': [
    '2025-01-01', '2025-03-17', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-07-14', '2025-08-25', '2025-12-25', '2025-12-26',
    '2026-01-01', '2026-03-17', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-07-13', '2026-08-31', '2026-12-25', '2026-12-28',
    '2027-01-01', '2027-03-17', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-07-12', '2027-08-30', '2027-12-27', '2027-12-28',
  ],
};

const snapshot = readBankHolidaysFile(shippedSnapshot.path);
const divisionNames = Object.keys(expected) as Division[];
const weekday = (date: string) => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Easter Sunday (anonymous Gregorian algorithm), to check Good Friday and Easter Monday. */
function easterSunday(year: number): string {
  const a = year % 19,
    b = Math.floor(year / 100),
    c = year % 100,
    d = Math.floor(b / 4),
    e = b % 4;
  const f = Math.floor((b + 8) / 25),
    g = Math.floor((b - f + 1) / 3),
    h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4),
    k = c % 4,
    l = (32 + 2 * e + 2 * i - h - k) % 7,
    m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31),
    day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const firstMonday = (year: number, month: number) => {
  for (let d = 1; ; d++) {
    const s = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (weekday(s) === 1) return s;
  }
};
const lastMonday = (year: number, month: number) => {
  for (let d = 31; ; d--) {
    const s = `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    if (new Date(`${s}T00:00:00Z`).getUTCMonth() + 1 === month && weekday(s) === 1) return s;
  }
};

describe('shipped bank-holiday snapshot (GOV.UK shape, 2025-2027)', () => {
  it.each(divisionNames)('lists exactly the expected bank holidays for %s', (division) => {
    expect(snapshot[division].division).toBe(division);
    expect(snapshot[division].events.map((e) => e.date).sort()).toEqual(expected[division]);
  });

  it.each(divisionNames)('puts every %s bank holiday on a weekday, and makes it a non-working day', (division) => {
    for (const date of expected[division]) {
      expect(weekday(date), date).toBeGreaterThanOrEqual(1);
      expect(weekday(date), date).toBeLessThanOrEqual(5);
      expect(calendars[division].isWorkingDay(date), `${division} ${date}`).toBe(false);
    }
  });

  it.each([2025, 2026, 2027])('follows the statutory rules in %i', (year) => {
    const easter = easterSunday(year);
    for (const division of divisionNames) expect(expected[division]).toContain(shift(easter, -2)); // Good Friday everywhere
    expect(expected['england-and-wales']).toContain(shift(easter, 1));
    expect(expected['northern-ireland']).toContain(shift(easter, 1));
    expect(expected.scotland).not.toContain(shift(easter, 1)); // no Easter Monday in Scotland
    for (const division of divisionNames) {
      expect(expected[division]).toContain(firstMonday(year, 5));
      expect(expected[division]).toContain(lastMonday(year, 5));
    }
    expect(expected['england-and-wales']).toContain(lastMonday(year, 8));
    expect(expected['northern-ireland']).toContain(lastMonday(year, 8));
    expect(expected.scotland).toContain(firstMonday(year, 8)); // first Monday in August, not the last
    expect(expected.scotland).not.toContain(lastMonday(year, 8));
  });

  it('marks substitute days as GOV.UK does', () => {
    const notes = (division: Division, date: string) => snapshot[division].events.find((e) => e.date === date)?.notes;
    expect(notes('england-and-wales', '2026-12-28')).toBe('Substitute day'); // Boxing Day 2026 is a Saturday
    expect(notes('england-and-wales', '2027-12-27')).toBe('Substitute day'); // Christmas Day 2027 is a Saturday
    expect(notes('england-and-wales', '2027-12-28')).toBe('Substitute day'); // Boxing Day 2027 is a Sunday
    expect(notes('scotland', '2025-12-01')).toBe('Substitute day'); // St Andrew's Day 2025 is a Sunday
    expect(notes('scotland', '2027-01-04')).toBe('Substitute day'); // 2 January 2027 is a Saturday
    expect(notes('northern-ireland', '2025-07-14')).toBe('Substitute day'); // 12 July 2025 is a Saturday
    expect(notes('northern-ireland', '2026-07-13')).toBe('Substitute day'); // 12 July 2026 is a Sunday
    expect(notes('northern-ireland', '2027-07-12')).toBe('');
  });
});
