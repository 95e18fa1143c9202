import { describe, expect, it } from 'vitest';
import { consentKindsNamed, rightsRequestsIn } from '../../dialogs/data-rights.js';
import { rightsDueAt } from '../../src/data-protection/rights-requests.js';
import { anonymisedEventData } from '../../src/db/anonymise.js';
import { erasureRefusal } from '../../src/data-protection/erasure.js';
import type { Case } from '../../src/db/rows.js';
import { loadPolicyPack } from '../../src/policy/index.js';

describe('rights requests in the words people type', () => {
  it.each([
    ['I withdraw my consent, delete what you hold', ['withdraw', 'erase']],
    ['i no longer consent to this', ['withdraw']],
    ['Send me a copy of all the information you hold about me', ['access']],
    ['what data do you hold about me?', ['access']],
    ['subject access request', ['access']],
    ['please delete my data', ['erase']],
    ['delete everything you have on me', ['erase']],
    ['Tynnu fy nghaniatâd yn ôl', ['withdraw']],
    ["Anfonwch gopi o'r wybodaeth sydd gennych amdanaf", ['access']],
    ['Dilëwch fy nata', ['erase']],
    ['Wycofuję zgodę', ['withdraw']],
    ['Proszę o kopię moich danych', ['access']],
    ['Usuńcie moje dane', ['erase']],
    ['Îmi retrag consimțământul', ['withdraw']],
    ['Vreau o copie a datelor mele', ['access']],
    ['Ștergeți datele mele', ['erase']],
    ['Waan ka noqday ogolaanshaha', ['withdraw']],
    ['Ii soo dir nuqul ka mid ah xogta aad iga haysaan', ['access']],
    ['Tirtir xogtayda', ['erase']],
    ['میں اپنی رضامندی واپس لیتا ہوں', ['withdraw']],
    ['میرے بارے میں معلومات کی کاپی بھیجیں', ['access']],
    ['میرا ڈیٹا حذف کریں', ['erase']],
    ['ਮੈਂ ਆਪਣੀ ਸਹਿਮਤੀ ਵਾਪਸ ਲੈਂਦਾ ਹਾਂ', ['withdraw']],
    ['ਮੇਰੀ ਜਾਣਕਾਰੀ ਦੀ ਕਾਪੀ ਭੇਜੋ', ['access']],
    ['ਮੇਰਾ ਡਾਟਾ ਮਿਟਾ ਦਿਓ', ['erase']],
    ['أسحب موافقتي', ['withdraw']],
    ['أرسلوا لي نسخة من بياناتي', ['access']],
    ['احذفوا بياناتي', ['erase']],
    ['আমি আমার সম্মতি প্রত্যাহার করছি', ['withdraw']],
    ['আমার সম্পর্কে আপনার কাছে থাকা তথ্যের একটি কপি পাঠান', ['access']],
    ['আমার তথ্য মুছে ফেলুন', ['erase']],
    ['我撤回同意', ['withdraw']],
    ['请把你们持有的关于我的所有信息的副本发给我', ['access']],
    ['删除我的数据', ['erase']],
  ])('%s', (text, expected) => {
    expect(rightsRequestsIn(text)).toEqual(expected);
  });

  it.each([
    'they gave my details to my neighbour',
    'I want to withdraw my complaint',
    'the repair man deleted my appointment',
    'please remove all of it',
    'can you remove all the mould',
    'my boiler is broken',
  ])('is not a rights request: %s', (text) => {
    expect(rightsRequestsIn(text)).toEqual([]);
  });
});

describe('which consent a withdrawal names, in the words people type', () => {
  it.each([
    // No consent named: every one in force is withdrawn, and the customer is told which.
    ['I withdraw my consent', []],
    ['Wycofuję zgodę na przetwarzanie moich danych', []],
    ['i no longer consent to this', []],
    // Someone acting for them: an MP, a councillor, an advocate, family.
    ['I want to withdraw my consent for my MP to deal with this', ['representative']],
    ["please remove my permission for Cllr Ahmed acting on my behalf, i'll sort it myself", ['representative']],
    ['withdraw consent for my daughter to speak to you about my case', ['representative']],
    ['I no longer consent to my advocate being involved', ['representative']],
    ['Wycofuję zgodę dla posła, sam to załatwię', ['representative']],
    ["Tynnu fy nghaniatâd yn ôl i'r cynghorydd siarad ar fy rhan", ['representative']],
    ['Îmi retrag consimțământul pentru deputat', ['representative']],
    ['Waan ka noqday ogolaanshaha xildhibaanka', ['representative']],
    ['أسحب موافقتي على تعاملكم مع النائب', ['representative']],
    ['میں ایم پی کے لیے اپنی رضامندی واپس لیتا ہوں', ['representative']],
    ['ਮੈਂ ਕੌਂਸਲਰ ਲਈ ਆਪਣੀ ਸਹਿਮਤੀ ਵਾਪਸ ਲੈਂਦਾ ਹਾਂ', ['representative']],
    ['আমি কাউন্সিলরের জন্য আমার সম্মতি প্রত্যাহার করছি', ['representative']],
    ['我撤回同意，不要再让议员代表我', ['representative']],
    // Health or vulnerability details; family named with them is whose health, not a representative.
    ['I withdraw my consent to you keeping my health details', ['health_details']],
    ['take back my consent about my medical condition', ['health_details']],
    ["withdraw consent for my son's disability info", ['health_details']],
    ['cofam zgodę na dane o moim zdrowiu', ['health_details']],
    ['Tynnu fy nghaniatâd yn ôl ar gyfer manylion iechyd', ['health_details']],
    ['Îmi retrag consimțământul pentru datele de sănătate', ['health_details']],
    ['Waan ka noqday ogolaanshaha xogta caafimaadka', ['health_details']],
    ['أسحب موافقتي على بياناتي الصحية', ['health_details']],
    ['میں اپنی صحت کی معلومات کے لیے رضامندی واپس لیتا ہوں', ['health_details']],
    ['ਮੈਂ ਆਪਣੀ ਸਿਹਤ ਜਾਣਕਾਰੀ ਲਈ ਸਹਿਮਤੀ ਵਾਪਸ ਲੈਂਦਾ ਹਾਂ', ['health_details']],
    ['আমি আমার স্বাস্থ্য তথ্যের সম্মতি প্রত্যাহার করছি', ['health_details']],
    ['撤回我的同意，删掉我的健康信息', ['health_details']],
    // Recording the matter as a complaint.
    ['I withdraw my consent to recording it as a complaint', ['record_as_complaint']],
    ["i don't consent to this being treated as a formal complaint any more", ['record_as_complaint']],
    ['wycofuję zgodę na zarejestrowanie sprawy jako skargi', ['record_as_complaint']],
    ['Îmi retrag acordul ca reclamație', ['record_as_complaint']],
    ['撤回同意，不要作为投诉登记', ['record_as_complaint']],
    // Two named at once.
    ['withdraw my consent for my MP and for my health details', ['representative', 'health_details']],
  ] as const)('%s', (text, kinds) => {
    expect(rightsRequestsIn(text)).toContain('withdraw');
    expect(consentKindsNamed(text)).toEqual(kinds);
  });
});

describe('the one-month clock (UK GDPR Art. 12(3))', () => {
  it('runs to the corresponding date, or the month end when there is none, to the end of the London day', () => {
    expect(rightsDueAt(new Date('2026-11-30T10:00:00Z'), 1).toISOString()).toBe('2026-12-30T23:59:59.999Z');
    expect(rightsDueAt(new Date('2027-01-31T10:00:00Z'), 1).toISOString()).toBe('2027-02-28T23:59:59.999Z');
    // British Summer Time: the end of the London day is 22:59:59 UTC.
    expect(rightsDueAt(new Date('2027-05-03T09:00:00Z'), 1).toISOString()).toBe('2027-06-03T22:59:59.999Z');
  });
});

describe('anonymising an audit event keeps what reports need', () => {
  it('keeps codes, numbers and dates under known keys; drops free text', () => {
    expect(
      anonymisedEventData({
        clock: 'stage1_response',
        newDueAt: '2026-12-14T23:59:59.999Z',
        workingDays: 5,
        reason: 'waiting for Mr Brown at no. 4',
        note: 'called Jane on 07700 900123',
        kind: 'formal_complaint',
      }),
    ).toEqual({
      clock: 'stage1_response',
      newDueAt: '2026-12-14T23:59:59.999Z',
      workingDays: 5,
      kind: 'formal_complaint',
      anonymised: true,
    });
  });
});

describe('when erasure must wait (Art. 17(3))', () => {
  const pack = loadPolicyPack('code-2024');
  const now = new Date('2026-12-01T10:00:00Z');
  const row = (over: Partial<Case>): Case =>
    ({
      reference: 'CMP-2026-000001',
      kind: 'formal_complaint',
      stage: 'stage1',
      status: 'open',
      flags: [],
      closed_at: null,
      resolved_at: null,
      ...over,
    }) as Case;

  it('refuses while a complaint is open, a case is held, or the Ombudsman may still look at it', () => {
    expect(erasureRefusal([row({})], pack, now)).toMatchObject({ code: 'complaint_open' });
    expect(
      erasureRefusal([row({ kind: 'enquiry', stage: 'none', status: 'closed', flags: ['legal_hold'] })], pack, now),
    ).toMatchObject({ code: 'legal_hold' });
    expect(
      erasureRefusal([row({ status: 'resolved', resolved_at: new Date('2026-06-01T10:00:00Z') })], pack, now),
    ).toMatchObject({ code: 'ombudsman_window' });
    expect(
      erasureRefusal([row({ status: 'resolved', resolved_at: new Date('2025-06-01T10:00:00Z') })], pack, now),
    ).toBe(null);
    // A request under the customer's rights open alongside is no reason to keep the record.
    expect(erasureRefusal([row({ kind: 'erasure_request', stage: 'none' })], pack, now)).toBe(null);
  });
});
