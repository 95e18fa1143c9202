import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { loadPolicyPack, parsePolicyPack } from '../../src/policy/load-pack.js';
import { complaintCategoryIds } from '../../src/policy/pack-schema.js';
import { packs } from './helpers.js';

const code = packs['code-2024'];
const seed = packs['seed-2020'];

describe('policy packs', () => {
  it('holds the Code 2024 timescales from docs/rules/timescales.md#the-timescales-side-by-side', () => {
    const c = code.complaints;
    expect(c.firstTimeFix.mode).toBe('service_fix_with_offer');
    expect(c.firstTimeFix.resolve.workingDays).toBe(2);
    expect(c.stage1.acknowledge.workingDays).toBe(5);
    expect(c.stage1.respondAfterAcknowledgement.workingDays).toBe(10);
    expect(c.stage1.extensionCap.workingDays).toBe(10);
    expect(c.stage2.requestWindow).toBeNull();
    expect(c.stage2.customerMustGiveReasons).toBe(false);
    expect(c.stage2.acknowledge.workingDays).toBe(5);
    expect(c.stage2.respondAfterAcknowledgement.workingDays).toBe(20);
    expect(c.stage2.extensionCap.workingDays).toBe(20);
    expect(c.stage2.extensionCap.source).toMatch(/6\.15.*confirm/);
    expect(c.stage2.handlerMustDifferFromStage1).toBe(true);
  });

  it('holds the seed 2020 timescales from seed 004', () => {
    const c = seed.complaints;
    expect(c.firstTimeFix.mode).toBe('informal_stage');
    expect(c.firstTimeFix.resolve.workingDays).toBe(2);
    expect(c.stage1.acknowledge.workingDays).toBe(2);
    expect(c.stage1.respondAfterAcknowledgement.workingDays).toBe(10);
    expect(c.stage1.extensionCap.workingDays).toBe(10);
    expect(c.stage2.requestWindow).toMatchObject({ calendarMonths: 1, inWriting: true });
    expect(c.stage2.acknowledge.workingDays).toBe(2);
    expect(c.stage2.respondAfterAcknowledgement.workingDays).toBe(20);
    expect(c.stage2.extensionCap.workingDays).toBe(10);
    expect(c.stage2.handlerMustDifferFromStage1).toBe(true);
  });

  it.each(['code-2024', 'seed-2020'] as const)(
    "%s: emergencies, Awaab's Law, service standards and escalation",
    (name) => {
      const pack = packs[name];
      expect(pack.id).toBe(name);
      expect(pack.emergency.makeSafe.hours).toBe(24);
      expect(pack.awaabsLaw).toMatchObject({
        inForceFrom: '2025-10-27',
        emergencyHazard: { hours: 24 },
        investigation: { workingDays: 10 },
        writtenSummaryAfterInvestigation: { workingDays: 3 },
        safetyWorkAfterInvestigation: { workingDays: 5 },
      });
      expect(pack.serviceStandards).toMatchObject({
        phone_message: { workingDays: 1 },
        letter: { workingDays: 10 },
        email: { workingDays: 3 },
        email_urgent: { workingDays: 1 },
        asb_report_urgent: { workingDays: 1 },
        asb_report: { workingDays: 5 },
        repair_emergency: { hours: 24 },
        repair_urgent: { workingDays: 5 },
        repair_routine: { workingDays: 20 },
      });
      expect(pack.escalationBodies.find((b) => b.id === 'housing_ombudsman')).toMatchObject({
        phone: '0300 111 3000',
        email: 'info@housing-ombudsman.org.uk',
        website: 'www.housing-ombudsman.org.uk',
      });
      expect(pack.escalationBodies.map((b) => b.id).sort()).toEqual([
        'care_quality_commission',
        'designated_person',
        'financial_ombudsman',
        'housing_ombudsman',
        'northern_ireland_public_services_ombudsman',
        'public_services_ombudsman_wales',
        'scottish_public_services_ombudsman',
      ]);
      expect(pack.complaints.refusalReasons.map((r) => r.id).sort()).toEqual([
        'already_considered',
        'legal_proceedings_started',
        'older_than_12_months',
      ]);
      expect(pack.categories.map((c) => c.id).sort()).toEqual([...complaintCategoryIds].sort());
      expect(pack.consentWording.privacyNotice).not.toBe('');
    },
  );

  it('names the known packs when asked for an unknown one', () => {
    expect(() => loadPolicyPack('code-2022')).toThrow(ConfigError);
    expect(() => loadPolicyPack('code-2022')).toThrow(
      /unknown policy pack "code-2022"; known packs: code-2024, seed-2020/,
    );
  });

  it('refuses bad pack data, naming the pack and where the problem is', () => {
    const raw = JSON.parse(readFileSync(new URL('../../src/policy/packs/code-2024.json', import.meta.url), 'utf8')) as {
      complaints: { stage1: { acknowledge: { workingDays: unknown } } };
      categories: { id: string }[];
    };
    raw.complaints.stage1.acknowledge.workingDays = 'five';
    expect(() => parsePolicyPack(raw, 'my-pack')).toThrow(
      /policy pack "my-pack" is invalid: complaints\.stage1\.acknowledge\.workingDays/,
    );

    raw.complaints.stage1.acknowledge.workingDays = 5;
    raw.categories = raw.categories.filter((c) => c.id !== 'damp_mould');
    expect(() => parsePolicyPack(raw, 'my-pack')).toThrow(/category "damp_mould" is missing/);
  });

  it("requires the Ombudsman's contact details, which every extension must give", () => {
    const raw = JSON.parse(readFileSync(new URL('../../src/policy/packs/seed-2020.json', import.meta.url), 'utf8')) as {
      escalationBodies: { id: string; phone?: string }[];
    };
    const ombudsman = raw.escalationBodies.find((b) => b.id === 'housing_ombudsman');
    delete ombudsman?.phone;
    expect(() => parsePolicyPack(raw, 'seed-2020')).toThrow(
      /Housing Ombudsman with phone, email and website is required/,
    );
  });
});
