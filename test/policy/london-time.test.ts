import { describe, expect, it } from 'vitest';
import {
  addCalendarMonths,
  endOfLondonDay,
  londonDateOf,
  londonWallClockToInstant,
} from '../../src/policy/london-time.js';

describe('London calendar dates', () => {
  it('puts 00:30 BST on the London date, though UTC is still the day before', () => {
    // 23:30 UTC on Wed 6 May 2026 is 00:30 on Thu 7 May in London (BST).
    expect(londonDateOf(new Date('2026-05-06T23:30:00Z'))).toBe('2026-05-07');
  });

  it('keeps 23:30 UTC on the same date in winter (GMT)', () => {
    expect(londonDateOf(new Date('2026-01-14T23:30:00Z'))).toBe('2026-01-14');
  });

  it('ends a BST day at 22:59:59.999 UTC and a GMT day at 23:59:59.999 UTC', () => {
    expect(endOfLondonDay('2026-07-01').toISOString()).toBe('2026-07-01T22:59:59.999Z');
    expect(endOfLondonDay('2026-12-01').toISOString()).toBe('2026-12-01T23:59:59.999Z');
  });

  it('handles the days the clocks change', () => {
    // Sun 29 Mar 2026: clocks go forward at 01:00 UTC; the day ends in BST.
    expect(endOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T22:59:59.999Z');
    // Sun 25 Oct 2026: clocks go back at 01:00 UTC; the day ends in GMT.
    expect(endOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-25T23:59:59.999Z');
    expect(londonWallClockToInstant('2026-03-29', 9, 0).toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(londonWallClockToInstant('2026-10-25', 9, 0).toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  it('reads "one month" as the same day next month, clamped to the month end', () => {
    expect(addCalendarMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addCalendarMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addCalendarMonths('2026-03-15', 1)).toBe('2026-04-15');
    expect(addCalendarMonths('2026-12-10', 1)).toBe('2027-01-10');
  });

  it('rejects impossible dates', () => {
    expect(() => endOfLondonDay('2026-02-30')).toThrow(RangeError);
  });
});
