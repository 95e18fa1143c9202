import { describe, expect, it } from 'vitest';
import { englandAndWales, northernIreland, scotland } from './helpers.js';

const plus = (calendar: typeof englandAndWales, from: string, n: number) =>
  calendar.addWorkingDays(new Date(from), n).toISOString();

describe('working days', () => {
  it('skips weekends', () => {
    expect(englandAndWales.isWorkingDay('2026-01-10')).toBe(false); // Saturday
    expect(englandAndWales.isWorkingDay('2026-01-11')).toBe(false); // Sunday
    expect(englandAndWales.isWorkingDay('2026-01-12')).toBe(true);
    // Friday 9 Jan 2026, 10:00 GMT: +1 working day is Monday 12 Jan.
    expect(plus(englandAndWales, '2026-01-09T10:00:00Z', 1)).toBe('2026-01-12T23:59:59.999Z');
  });

  it('counts the day of receipt as day 0 whatever the hour', () => {
    expect(plus(englandAndWales, '2026-01-14T00:01:00Z', 0)).toBe('2026-01-14T23:59:59.999Z');
    expect(plus(englandAndWales, '2026-01-14T23:59:00Z', 1)).toBe('2026-01-15T23:59:59.999Z');
  });

  it('treats a contact on a weekend as received at the start of the next working day', () => {
    // Saturday 10 Jan 2026: day 0 is Monday 12 Jan, so +1 is Tuesday 13 Jan.
    expect(plus(englandAndWales, '2026-01-10T15:00:00Z', 1)).toBe('2026-01-13T23:59:59.999Z');
    expect(englandAndWales.dayZero(new Date('2026-01-11T08:00:00Z'))).toBe('2026-01-12');
  });

  it('gives due dates at the end of the London day: a contact at 23:59 on Friday 1 May 2026 is due end of Wed 6 May (+2)', () => {
    // 23:59 BST on Fri 1 May is 22:59 UTC. Mon 4 May is the Early May bank holiday.
    expect(plus(englandAndWales, '2026-05-01T22:59:00Z', 2)).toBe('2026-05-06T22:59:59.999Z');
    // A minute later it is Saturday in London: day 0 becomes Tue 5 May, so +2 is Thu 7 May.
    expect(plus(englandAndWales, '2026-05-01T23:00:00Z', 2)).toBe('2026-05-07T22:59:59.999Z');
  });

  it('counts 00:30 BST as the London date, not the UTC one', () => {
    // 23:30 UTC Wed 6 May = 00:30 BST Thu 7 May: day 0 is Thursday, +1 is Friday 8 May.
    expect(plus(englandAndWales, '2026-05-06T23:30:00Z', 1)).toBe('2026-05-08T22:59:59.999Z');
  });

  it('moves the due instant by an hour across the spring and autumn clock changes', () => {
    // Fri 27 Mar 2026 (GMT) +1 = Mon 30 Mar, after clocks went forward on Sun 29 Mar.
    expect(plus(englandAndWales, '2026-03-27T12:00:00Z', 1)).toBe('2026-03-30T22:59:59.999Z');
    // Fri 23 Oct 2026 (BST) +1 = Mon 26 Oct, after clocks went back on Sun 25 Oct.
    expect(plus(englandAndWales, '2026-10-23T12:00:00Z', 1)).toBe('2026-10-26T23:59:59.999Z');
  });

  it('skips Christmas and the Boxing Day substitute for a contact on Christmas Eve 2026', () => {
    // Thu 24 Dec 2026: Fri 25 Dec and Mon 28 Dec (substitute for Sat 26 Dec) are bank holidays.
    expect(plus(englandAndWales, '2026-12-24T16:00:00Z', 1)).toBe('2026-12-29T23:59:59.999Z');
    expect(plus(englandAndWales, '2026-12-24T16:00:00Z', 2)).toBe('2026-12-30T23:59:59.999Z');
    // A contact on Christmas Day itself starts on Tue 29 Dec.
    expect(englandAndWales.dayZero(new Date('2026-12-25T10:00:00Z'))).toBe('2026-12-29');
  });

  it('skips both substitute days in 2027 (27 and 28 Dec) for a contact on Christmas Eve', () => {
    expect(plus(englandAndWales, '2027-12-24T10:00:00Z', 1)).toBe('2027-12-29T23:59:59.999Z');
    expect(englandAndWales.isWorkingDay('2027-12-27')).toBe(false);
    expect(englandAndWales.isWorkingDay('2027-12-28')).toBe(false);
  });

  it('counts working days between two instants the same way it adds them', () => {
    expect(
      englandAndWales.workingDaysBetween(new Date('2026-05-01T22:59:00Z'), new Date('2026-05-06T22:59:59.999Z')),
    ).toBe(2);
    expect(englandAndWales.workingDaysBetween(new Date('2026-12-24T10:00:00Z'), new Date('2027-01-04T12:00:00Z'))).toBe(
      4,
    );
    expect(englandAndWales.workingDaysBetween(new Date('2026-01-14T10:00:00Z'), new Date('2026-01-14T22:00:00Z'))).toBe(
      0,
    );
    expect(englandAndWales.workingDaysBetween(new Date('2026-01-14T10:00:00Z'), new Date('2026-01-13T10:00:00Z'))).toBe(
      -1,
    );
  });
});

describe('each UK division has its own bank holidays', () => {
  it('Scotland: summer bank holiday on the first Monday of August, not the last', () => {
    // Fri 31 Jul 2026 +1
    expect(plus(englandAndWales, '2026-07-31T10:00:00Z', 1)).toBe('2026-08-03T22:59:59.999Z');
    expect(plus(scotland, '2026-07-31T10:00:00Z', 1)).toBe('2026-08-04T22:59:59.999Z');
    // Fri 28 Aug 2026 +1
    expect(plus(englandAndWales, '2026-08-28T10:00:00Z', 1)).toBe('2026-09-01T22:59:59.999Z');
    expect(plus(scotland, '2026-08-28T10:00:00Z', 1)).toBe('2026-08-31T22:59:59.999Z');
  });

  it("Scotland: St Andrew's Day (Mon 30 Nov 2026) and its 2025 substitute (Mon 1 Dec)", () => {
    expect(plus(englandAndWales, '2026-11-27T10:00:00Z', 1)).toBe('2026-11-30T23:59:59.999Z');
    expect(plus(scotland, '2026-11-27T10:00:00Z', 1)).toBe('2026-12-01T23:59:59.999Z');
    expect(scotland.isWorkingDay('2025-12-01')).toBe(false);
    expect(englandAndWales.isWorkingDay('2025-12-01')).toBe(true);
  });

  it('Scotland: 2 January, its 2027 substitute (Mon 4 Jan) and no Easter Monday', () => {
    expect(scotland.isWorkingDay('2026-01-02')).toBe(false);
    expect(englandAndWales.isWorkingDay('2026-01-02')).toBe(true);
    // Thu 31 Dec 2026 +1: England and Wales Mon 4 Jan; Scotland Tue 5 Jan.
    expect(plus(englandAndWales, '2026-12-31T10:00:00Z', 1)).toBe('2027-01-04T23:59:59.999Z');
    expect(plus(scotland, '2026-12-31T10:00:00Z', 1)).toBe('2027-01-05T23:59:59.999Z');
    // Thu 2 Apr 2026 +1: Good Friday everywhere; Easter Monday not in Scotland.
    expect(plus(englandAndWales, '2026-04-02T10:00:00Z', 1)).toBe('2026-04-07T22:59:59.999Z');
    expect(plus(scotland, '2026-04-02T10:00:00Z', 1)).toBe('2026-04-06T22:59:59.999Z');
  });

  it("Northern Ireland: St Patrick's Day (Tue 17 Mar 2026)", () => {
    expect(plus(northernIreland, '2026-03-16T10:00:00Z', 1)).toBe('2026-03-18T23:59:59.999Z');
    expect(plus(englandAndWales, '2026-03-16T10:00:00Z', 1)).toBe('2026-03-17T23:59:59.999Z');
  });

  it('Northern Ireland: Battle of the Boyne substitute on Mon 13 Jul 2026 (12 Jul is a Sunday)', () => {
    expect(northernIreland.holidayOn('2026-07-13')).toMatch(/Battle of the Boyne/);
    expect(plus(northernIreland, '2026-07-10T10:00:00Z', 1)).toBe('2026-07-14T22:59:59.999Z');
    expect(plus(englandAndWales, '2026-07-10T10:00:00Z', 1)).toBe('2026-07-13T22:59:59.999Z');
    expect(plus(scotland, '2026-07-10T10:00:00Z', 1)).toBe('2026-07-13T22:59:59.999Z');
  });

  it('knows how far its bank holidays reach', () => {
    expect(englandAndWales.coveredFrom).toBe('2025-01-01');
    expect(englandAndWales.coveredThrough).toBe('2027-12-31');
    expect(englandAndWales.covers('2028-01-03')).toBe(false);
  });

  it('refuses nonsense counts rather than looping', () => {
    expect(() => englandAndWales.addWorkingDays(new Date('2026-01-14T10:00:00Z'), -1)).toThrow(RangeError);
    expect(() => englandAndWales.addWorkingDays(new Date('2026-01-14T10:00:00Z'), 1.5)).toThrow(RangeError);
  });
});
