import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/errors.js';
import { clocksForNewCase, clocksForStage1 } from '../../src/policy/clocks.js';
import { firstTimeFixOutcome } from '../../src/policy/first-time-fix.js';
import { assertStage2RequestInTime, stage2RequestClosesAt } from '../../src/policy/stage2-request.js';
import { endOfDayGmt, englandAndWales, packs } from './helpers.js';

const calendar = englandAndWales;
// A first-time fix reported Monday 12 Jan 2026, 10:00 GMT: due end of Wednesday 14 Jan.
const receivedAt = new Date('2026-01-12T10:00:00Z');

function ftfDue(pack: (typeof packs)['code-2024']): Date {
  const [clock] = clocksForNewCase({ kind: 'first_time_fix', receivedAt, flags: { dampMould: false }, pack, calendar });
  if (!clock) throw new Error('no ftf clock');
  return clock.dueAt;
}

describe('a first-time fix that is not resolved in time', () => {
  it('Code 2024: becomes stage 1 automatically, with stage 1 counted from the first contact', () => {
    const pack = packs['code-2024'];
    const dueAt = ftfDue(pack);
    expect(dueAt.toISOString()).toBe(endOfDayGmt('2026-01-14'));
    const outcome = firstTimeFixOutcome({
      pack,
      receivedAt,
      dueAt,
      resolved: false,
      now: new Date('2026-01-15T08:00:00Z'),
    });
    expect(outcome).toMatchObject({ becomesStage1: true, automatic: true, stage1ReceivedAt: receivedAt });
    expect(outcome.basis).toMatch(/Code 2024 5\.2\/5\.3/);
    // Stage 1 acknowledgement is then due 5 working days from Mon 12 Jan: Mon 19 Jan.
    const [ack] = clocksForStage1({ receivedAt: outcome.stage1ReceivedAt ?? receivedAt, pack, calendar });
    expect(ack?.dueAt.toISOString()).toBe(endOfDayGmt('2026-01-19'));
  });

  it('seed 2020: moves to a formal complaint (seed 004), counted from when it became overdue', () => {
    const pack = packs['seed-2020'];
    const dueAt = ftfDue(pack);
    const outcome = firstTimeFixOutcome({
      pack,
      receivedAt,
      dueAt,
      resolved: false,
      now: new Date('2026-01-16T12:00:00Z'),
    });
    expect(outcome).toMatchObject({ becomesStage1: true, automatic: true });
    // Overdue from 00:00 on Thu 15 Jan: 2 working days to acknowledge takes it to Mon 19 Jan.
    expect(outcome.stage1ReceivedAt?.toISOString()).toBe('2026-01-15T00:00:00.000Z');
    const [ack] = clocksForStage1({ receivedAt: outcome.stage1ReceivedAt ?? receivedAt, pack, calendar });
    expect(ack?.dueAt.toISOString()).toBe(endOfDayGmt('2026-01-19'));
  });

  it.each(['code-2024', 'seed-2020'] as const)('%s: stays a fix while in time, or once resolved', (name) => {
    const pack = packs[name];
    const dueAt = ftfDue(pack);
    expect(
      firstTimeFixOutcome({ pack, receivedAt, dueAt, resolved: false, now: new Date('2026-01-14T16:00:00Z') })
        .becomesStage1,
    ).toBe(false);
    expect(
      firstTimeFixOutcome({ pack, receivedAt, dueAt, resolved: true, now: new Date('2026-01-20T16:00:00Z') })
        .becomesStage1,
    ).toBe(false);
  });

  it.each(['code-2024', 'seed-2020'] as const)('%s: becomes a complaint at once when the customer asks', (name) => {
    const pack = packs[name];
    const askedAt = new Date('2026-01-13T11:00:00Z');
    const outcome = firstTimeFixOutcome({
      pack,
      receivedAt,
      dueAt: ftfDue(pack),
      resolved: false,
      customerAskedAt: askedAt,
      now: askedAt,
    });
    expect(outcome).toMatchObject({ becomesStage1: true, automatic: false });
    expect(outcome.stage1ReceivedAt).toEqual(name === 'code-2024' ? receivedAt : askedAt);
  });
});

describe('asking for stage 2', () => {
  const respondedAt = new Date('2026-01-31T12:00:00Z');

  it('Code 2024 sets no deadline for asking', () => {
    expect(stage2RequestClosesAt(packs['code-2024'], respondedAt)).toBeNull();
    expect(() =>
      assertStage2RequestInTime(packs['code-2024'], respondedAt, new Date('2026-12-01T10:00:00Z')),
    ).not.toThrow();
  });

  it('seed 2020 allows one calendar month from the stage 1 response', () => {
    const seed = packs['seed-2020'];
    // 31 January + one month = 28 February 2026.
    expect(stage2RequestClosesAt(seed, respondedAt)?.toISOString()).toBe(endOfDayGmt('2026-02-28'));
    expect(() => assertStage2RequestInTime(seed, respondedAt, new Date('2026-02-28T20:00:00Z'))).not.toThrow();
    expect(() => assertStage2RequestInTime(seed, respondedAt, new Date('2026-03-01T09:00:00Z'))).toThrow(PolicyError);
    expect(() => assertStage2RequestInTime(seed, respondedAt, new Date('2026-03-01T09:00:00Z'))).toThrow(
      /after 2026-02-28.*seed 004/,
    );
  });
});
