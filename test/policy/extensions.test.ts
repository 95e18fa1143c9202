import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../src/errors.js';
import { extend, ExtensionRefusedError, type ExtensionRequest } from '../../src/policy/extensions.js';
import { endOfDayGmt, englandAndWales, packs } from './helpers.js';

const calendar = englandAndWales;
const at = (date: string) => new Date(endOfDayGmt(date));

function request(overrides: Partial<ExtensionRequest> & Pick<ExtensionRequest, 'pack'>): ExtensionRequest {
  return {
    clock: 'stage1_response',
    originalDueAt: at('2026-02-04'),
    currentDueAt: at('2026-02-04'),
    newDueAt: at('2026-02-18'),
    reason: "Waiting for the contractor's survey of the roof.",
    decidedAt: new Date('2026-02-02T10:00:00Z'),
    calendar,
    ...overrides,
  };
}

function refusal(req: ExtensionRequest): ExtensionRefusedError {
  try {
    extend(req);
  } catch (error) {
    if (error instanceof ExtensionRefusedError) return error;
    throw error;
  }
  throw new Error('expected the extension to be refused');
}

describe.each(['code-2024', 'seed-2020'] as const)('stage 1 extensions under %s (cap 10 working days)', (name) => {
  const pack = packs[name];

  it('grants 10 working days, with the cap, the count and the Ombudsman details the customer must be given', () => {
    const granted = extend(request({ pack }));
    expect(granted.dueAt.toISOString()).toBe(endOfDayGmt('2026-02-18'));
    expect(granted.remindAt?.toISOString()).toBe('2026-02-17T09:00:00.000Z');
    expect(granted).toMatchObject({ capWorkingDays: 10, workingDaysRequested: 10, workingDaysAdded: 10 });
    expect(granted.mustTell).toEqual(['reason', 'new_date', 'ombudsman_contact']);
    expect(granted.ombudsman).toMatchObject({
      phone: '0300 111 3000',
      email: 'info@housing-ombudsman.org.uk',
      website: 'www.housing-ombudsman.org.uk',
    });
  });

  it('refuses 11 working days, saying why', () => {
    const error = refusal(request({ pack, newDueAt: at('2026-02-19') }));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({ refusal: 'beyond_cap', capWorkingDays: 10, workingDaysRequested: 11 });
    expect(error.message).toMatch(/11 working days after the original due date 2026-02-04, beyond the cap of 10/);
  });

  it('counts the cap from the original due date, so a second extension cannot stretch it', () => {
    // First extension to Thu 12 Feb (+6); a second to Fri 20 Feb is +12 from the original.
    const error = refusal(request({ pack, currentDueAt: at('2026-02-12'), newDueAt: at('2026-02-20') }));
    expect(error).toMatchObject({ refusal: 'beyond_cap', workingDaysRequested: 12 });
    expect(extend(request({ pack, currentDueAt: at('2026-02-12'), newDueAt: at('2026-02-18') })).workingDaysAdded).toBe(
      4,
    );
  });

  it('counts the cap in working days, skipping Christmas and New Year', () => {
    // Due Fri 18 Dec 2026: +10 working days is Wed 6 Jan 2027 (25, 28 Dec and 1 Jan are bank holidays).
    const base = { pack, originalDueAt: at('2026-12-18'), currentDueAt: at('2026-12-18') };
    expect(extend(request({ ...base, newDueAt: at('2027-01-06') })).workingDaysRequested).toBe(10);
    expect(refusal(request({ ...base, newDueAt: at('2027-01-07') })).refusal).toBe('beyond_cap');
  });

  it('refuses an extension without a reason', () => {
    expect(refusal(request({ pack, reason: '   ' })).refusal).toBe('reason_required');
  });

  it('refuses a new date that is not after the current one', () => {
    expect(refusal(request({ pack, newDueAt: at('2026-02-04') })).refusal).toBe('not_later');
    expect(refusal(request({ pack, newDueAt: at('2026-02-03') })).refusal).toBe('not_later');
  });

  it('refuses to extend clocks that no source allows to be extended', () => {
    for (const clock of [
      'stage1_ack',
      'stage2_ack',
      'ftf_resolve',
      'emergency_make_safe',
      'awaab_investigation',
    ] as const) {
      expect(refusal(request({ pack, clock })).refusal).toBe('not_extendable');
    }
  });
});

describe('stage 2 extensions', () => {
  const stage2 = { clock: 'stage2_response' as const, originalDueAt: at('2026-02-18'), currentDueAt: at('2026-02-18') };

  it('Code 2024 allows up to 20 working days (Code 6.15)', () => {
    const granted = extend(request({ ...stage2, pack: packs['code-2024'], newDueAt: at('2026-03-18') }));
    expect(granted).toMatchObject({ capWorkingDays: 20, workingDaysRequested: 20 });
    expect(granted.dueAt.toISOString()).toBe(endOfDayGmt('2026-03-18'));
    expect(refusal(request({ ...stage2, pack: packs['code-2024'], newDueAt: at('2026-03-19') }))).toMatchObject({
      refusal: 'beyond_cap',
      capWorkingDays: 20,
      workingDaysRequested: 21,
    });
  });

  it('seed 2020 allows only 10 (seed 004)', () => {
    const seed = packs['seed-2020'];
    expect(extend(request({ ...stage2, pack: seed, newDueAt: at('2026-03-04') })).workingDaysRequested).toBe(10);
    expect(refusal(request({ ...stage2, pack: seed, newDueAt: at('2026-03-05') }))).toMatchObject({
      refusal: 'beyond_cap',
      capWorkingDays: 10,
    });
    expect(refusal(request({ ...stage2, pack: seed, newDueAt: at('2026-03-18') })).message).toMatch(/seed 004/);
  });
});
