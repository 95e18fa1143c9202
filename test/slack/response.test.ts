import { describe, expect, it } from 'vitest';
import { composeResponse, type StaffResponse } from '../../src/cases/staff-actions.js';
import { createTranslator } from '../../src/i18n.js';
import { loadPolicyPack } from '../../src/policy/index.js';

const response: StaffResponse = {
  outcome: 'partly_upheld',
  reasons: 'The operative missed two appointments.',
  remedy: '£50 for the days off work.',
  outstanding: 'The repair on Saturday 7 March.',
  changes: 'Appointments are now confirmed by text the day before.',
};

describe('the response a customer gets when a colleague resolves their case', async () => {
  const t = await createTranslator();
  const ombudsman = loadPolicyPack('code-2024').escalationBodies.find((b) => b.id === 'housing_ombudsman');

  it('at stage 1 says the stage, outcome, reasons, remedy, what is outstanding, what changed, and how to ask for stage 2', () => {
    const text = composeResponse(t, {
      lang: 'en',
      reference: 'CMP-2026-000123',
      kind: 'formal_complaint',
      stage: 'stage1',
      response,
      format: 'standard',
      ombudsman,
    });
    expect(text).toContain('Our stage 1 response to your complaint CMP-2026-000123.');
    expect(text).toContain('we agree with part of your complaint');
    for (const part of Object.values(response).slice(1)) expect(text).toContain(part);
    expect(text).toContain('reply "stage 2"');
    expect(text).toContain(ombudsman?.phone);
    expect(text).not.toContain('also sending you this response');
  });

  it('at stage 2 is the final response and points to the Housing Ombudsman', () => {
    const text = composeResponse(t, {
      lang: 'en',
      reference: 'CMP-2026-000123',
      kind: 'formal_complaint',
      stage: 'stage2',
      response,
      format: 'large_print',
      ombudsman,
    });
    expect(text).toContain('Our stage 2 response');
    expect(text).toContain('This is our final response');
    expect(text).toContain(ombudsman?.website);
    expect(text).toContain("We're also sending you this response in large print.");
  });

  it('for an enquiry offers a complaint instead of a stage', () => {
    const text = composeResponse(t, {
      lang: 'en',
      reference: 'ENQ-2026-000001',
      kind: 'enquiry',
      stage: 'none',
      response: { ...response, outcome: 'resolved' },
      format: 'standard',
      ombudsman,
    });
    expect(text).toContain('Our response about ENQ-2026-000001.');
    expect(text).toContain("we've dealt with your request");
    expect(text).toContain('you can make a complaint');
  });

  it("is worded in the customer's language; the colleague's own words go as written", () => {
    const text = composeResponse(t, {
      lang: 'pl',
      reference: 'CMP-2026-000123',
      kind: 'formal_complaint',
      stage: 'stage1',
      response,
      format: 'standard',
      ombudsman,
    });
    expect(
      text.startsWith(t.t('pl', 'staff:response.introComplaint', { reference: 'CMP-2026-000123', stage: '1' })),
    ).toBe(true);
    expect(text).not.toContain('Our stage 1 response');
    expect(text).toContain(response.reasons);
  });
});
