import { describe, expect, it } from 'vitest';
import {
  clocksForAwaab,
  clocksForNewCase,
  clocksForStage1,
  clocksForStage2,
  type Clock,
  type ClockName,
} from '../../src/policy/clocks.js';
import { serviceStandardDue } from '../../src/policy/service-standards.js';
import { endOfDayGmt, englandAndWales, northernIreland, packs, scotland } from './helpers.js';

const byName = (clocks: Clock[]) =>
  Object.fromEntries(clocks.map((c) => [c.name, c])) as Partial<Record<ClockName, Clock>>;
const due = (clocks: Clock[]) => Object.fromEntries(clocks.map((c) => [c.name, c.dueAt.toISOString()]));

// Wednesday 14 January 2026, 10:00 GMT: no bank holidays for weeks either side.
const wednesday = new Date('2026-01-14T10:00:00Z');
const calendar = englandAndWales;

/** Every clock, for both packs, from the same contact. Dates worked out by hand from docs/rules/timescales.md#the-timescales-side-by-side and docs/rules/hazards.md#awaabs-law-steps. */
const expected = {
  'code-2024': {
    ftf_resolve: '2026-01-16', // +2 wd
    stage1_ack: '2026-01-21', // +5 wd (Code 2024 6.2)
    stage1_response: '2026-02-04', // +10 wd from the ack due date (Code 2024 6.3)
    stage2_ack: '2026-01-21', // +5 wd (Code 2024 6.11)
    stage2_response: '2026-02-18', // +20 wd from the ack due date (Code 2024 6.14)
  },
  'seed-2020': {
    ftf_resolve: '2026-01-16', // +2 wd (seed 004)
    stage1_ack: '2026-01-16', // +2 wd (seed 004)
    stage1_response: '2026-01-30', // +10 wd
    stage2_ack: '2026-01-16', // +2 wd, senior manager contact (seed 004)
    stage2_response: '2026-02-13', // +20 wd
  },
} as const;

describe.each(['code-2024', 'seed-2020'] as const)('clocks under the %s pack', (name) => {
  const pack = packs[name];
  const want = expected[name];

  it('first-time fix: resolve within 2 working days', () => {
    const clocks = clocksForNewCase({
      kind: 'first_time_fix',
      receivedAt: wednesday,
      flags: { dampMould: false },
      pack,
      calendar,
    });
    expect(due(clocks)).toEqual({ ftf_resolve: endOfDayGmt(want.ftf_resolve) });
    expect(clocks[0]?.basis).toMatch(
      name === 'code-2024' ? /service fix.*becomes stage 1.*Code 2024 5\.2/ : /informal complaint.*seed 004/,
    );
  });

  it('formal complaint: stage 1 acknowledgement, and response counted from the acknowledgement due date', () => {
    const clocks = clocksForNewCase({
      kind: 'formal_complaint',
      receivedAt: wednesday,
      flags: { dampMould: false },
      pack,
      calendar,
    });
    expect(due(clocks)).toEqual({
      stage1_ack: endOfDayGmt(want.stage1_ack),
      stage1_response: endOfDayGmt(want.stage1_response),
    });
    expect(byName(clocks).stage1_response?.basis).toMatch(/10 working days from the acknowledgement due date/);
  });

  it('stage 1 response runs from the actual acknowledgement once there is one', () => {
    // Acknowledged on Monday 19 Jan: +10 working days is Monday 2 Feb in both packs.
    const clocks = clocksForStage1({
      receivedAt: wednesday,
      acknowledgedAt: new Date('2026-01-19T14:00:00Z'),
      pack,
      calendar,
    });
    expect(byName(clocks).stage1_response?.dueAt.toISOString()).toBe(endOfDayGmt('2026-02-02'));
    expect(byName(clocks).stage1_response?.basis).toMatch(/from acknowledgement/);
  });

  it('stage 2: acknowledgement, and response 20 working days after it', () => {
    expect(due(clocksForStage2({ requestedAt: wednesday, pack, calendar }))).toEqual({
      stage2_ack: endOfDayGmt(want.stage2_ack),
      stage2_response: endOfDayGmt(want.stage2_response),
    });
    const acknowledged = clocksForStage2({
      requestedAt: wednesday,
      acknowledgedAt: new Date('2026-01-20T11:00:00Z'),
      pack,
      calendar,
    });
    expect(byName(acknowledged).stage2_response?.dueAt.toISOString()).toBe(endOfDayGmt('2026-02-17'));
  });

  it('emergency: made safe within 24 hours, nights and weekends included', () => {
    const clocks = clocksForNewCase({
      kind: 'emergency',
      receivedAt: new Date('2026-01-17T21:15:00Z'),
      flags: { dampMould: false },
      pack,
      calendar,
    });
    expect(clocks).toHaveLength(1);
    expect(clocks[0]).toMatchObject({
      name: 'emergency_make_safe',
      dueAt: new Date('2026-01-18T21:15:00Z'),
      remindAt: new Date('2026-01-18T17:15:00Z'),
    });
    expect(clocks[0]?.basis).toMatch(/24 hours.*seed 001.*Awaab/);
  });

  it('emergency: 24 elapsed hours across the clock change', () => {
    // Sat 28 Mar 2026 12:00 GMT; clocks go forward overnight, so 24 hours later is 13:00 BST.
    const [clock] = clocksForNewCase({
      kind: 'emergency',
      receivedAt: new Date('2026-03-28T12:00:00Z'),
      flags: { dampMould: false },
      pack,
      calendar,
    });
    expect(clock?.dueAt.toISOString()).toBe('2026-03-29T12:00:00.000Z');
  });

  it('a complaint that reports an emergency gets both the complaint and the make-safe clocks', () => {
    const clocks = clocksForNewCase({
      kind: 'formal_complaint',
      receivedAt: wednesday,
      flags: { dampMould: false, emergency: true },
      pack,
      calendar,
    });
    expect(clocks.map((c) => c.name)).toEqual(['stage1_ack', 'stage1_response', 'emergency_make_safe']);
  });

  it("damp or mould: Awaab's Law investigation (10 wd), then summary (3 wd) and safety work (5 wd)", () => {
    const clocks = clocksForNewCase({
      kind: 'enquiry',
      receivedAt: wednesday,
      flags: { dampMould: true },
      pack,
      calendar,
    });
    expect(due(clocks)).toEqual({
      awaab_investigation: endOfDayGmt('2026-01-28'),
      awaab_summary: endOfDayGmt('2026-02-02'),
      awaab_safety_work: endOfDayGmt('2026-02-04'),
    });
    // Investigated early, on Fri 23 Jan: the summary and safety work run from then.
    expect(
      due(clocksForAwaab({ reportedAt: wednesday, investigatedAt: new Date('2026-01-23T15:00:00Z'), pack, calendar })),
    ).toEqual({
      awaab_investigation: endOfDayGmt('2026-01-28'),
      awaab_summary: endOfDayGmt('2026-01-28'),
      awaab_safety_work: endOfDayGmt('2026-01-30'),
    });
  });

  it("Awaab's Law clocks only for reports from 27 Oct 2025, and only in England and Wales", () => {
    const flags = { dampMould: true };
    expect(
      clocksForNewCase({ kind: 'enquiry', receivedAt: new Date('2025-10-24T10:00:00Z'), flags, pack, calendar }),
    ).toEqual([]);
    expect(
      clocksForNewCase({ kind: 'enquiry', receivedAt: new Date('2025-10-27T10:00:00Z'), flags, pack, calendar }),
    ).toHaveLength(3);
    expect(clocksForNewCase({ kind: 'enquiry', receivedAt: wednesday, flags, pack, calendar: scotland })).toEqual([]);
    expect(
      clocksForNewCase({ kind: 'enquiry', receivedAt: wednesday, flags, pack, calendar: northernIreland }),
    ).toEqual([]);
  });

  it('an enquiry with nothing flagged starts no clocks', () => {
    expect(
      clocksForNewCase({ kind: 'enquiry', receivedAt: wednesday, flags: { dampMould: false }, pack, calendar }),
    ).toEqual([]);
  });

  it('reminds staff at 09:00 one working day before each working-day clock', () => {
    const clocks = byName(
      clocksForNewCase({
        kind: 'formal_complaint',
        receivedAt: wednesday,
        flags: { dampMould: false },
        pack,
        calendar,
      }),
    );
    const ackDue = clocks.stage1_ack?.dueAt.toISOString().slice(0, 10);
    const dayBefore = name === 'code-2024' ? '2026-01-20' : '2026-01-15';
    expect(ackDue).toBe(want.stage1_ack);
    expect(clocks.stage1_ack?.remindAt?.toISOString()).toBe(`${dayBefore}T09:00:00.000Z`);
  });
});

describe('clocks around bank holidays', () => {
  // Thursday 24 December 2026: 25 Dec, 28 Dec (substitute) and 1 Jan are bank holidays in England and Wales.
  const christmasEve = new Date('2026-12-24T10:00:00Z');

  it('Code 2024: stage 1 acknowledged by Tue 5 Jan 2027, response by Tue 19 Jan', () => {
    const clocks = clocksForStage1({ receivedAt: christmasEve, pack: packs['code-2024'], calendar });
    expect(due(clocks)).toEqual({ stage1_ack: endOfDayGmt('2027-01-05'), stage1_response: endOfDayGmt('2027-01-19') });
  });

  it('seed 2020: stage 1 acknowledged by Wed 30 Dec 2026, response by Thu 14 Jan 2027', () => {
    const clocks = clocksForStage1({ receivedAt: christmasEve, pack: packs['seed-2020'], calendar });
    expect(due(clocks)).toEqual({ stage1_ack: endOfDayGmt('2026-12-30'), stage1_response: endOfDayGmt('2027-01-14') });
  });

  it('a first-time fix at 23:59 on Fri 1 May 2026 is due at the end of Wed 6 May (Mon 4 May is a bank holiday)', () => {
    for (const pack of Object.values(packs)) {
      const [clock] = clocksForNewCase({
        kind: 'first_time_fix',
        receivedAt: new Date('2026-05-01T22:59:00Z'),
        flags: { dampMould: false },
        pack,
        calendar,
      });
      expect(clock?.dueAt.toISOString()).toBe('2026-05-06T22:59:59.999Z');
    }
  });

  it('says so in the basis when a due date falls beyond the loaded bank holidays', () => {
    const clocks = byName(
      clocksForStage1({ receivedAt: new Date('2027-12-20T10:00:00Z'), pack: packs['code-2024'], calendar }),
    );
    expect(clocks.stage1_ack?.basis).not.toMatch(/known only/);
    expect(clocks.stage1_response?.basis).toMatch(/known only from 2025-01-01 to 2027-12-31/);
  });
});

describe('service standards (seeds 001, 002)', () => {
  const pack = packs['code-2024'];

  it('routine repairs in 20 working days, urgent in 5, emergencies in 24 hours', () => {
    expect(
      serviceStandardDue({ standard: 'repair_routine', receivedAt: wednesday, pack, calendar }).dueAt.toISOString(),
    ).toBe(endOfDayGmt('2026-02-11'));
    expect(
      serviceStandardDue({ standard: 'repair_urgent', receivedAt: wednesday, pack, calendar }).dueAt.toISOString(),
    ).toBe(endOfDayGmt('2026-01-21'));
    expect(
      serviceStandardDue({ standard: 'repair_emergency', receivedAt: wednesday, pack, calendar }).dueAt.toISOString(),
    ).toBe('2026-01-15T10:00:00.000Z');
  });

  it('sets no reminder when the reminder time would be before the contact arrived', () => {
    // An urgent email at 10:00 Monday is due end of Tuesday; a 09:00 Monday reminder would be in the past.
    const result = serviceStandardDue({
      standard: 'email_urgent',
      receivedAt: new Date('2026-01-12T10:00:00Z'),
      pack,
      calendar,
    });
    expect(result.dueAt.toISOString()).toBe(endOfDayGmt('2026-01-13'));
    expect(result.remindAt).toBeNull();
  });
});
