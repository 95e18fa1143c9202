import '../../app/channel-ids.js';
import { describe, expect, it } from 'vitest';
import { caseCardBlocks, caseCardText, type CaseCardData } from '../../channels/slack/case-card.js';
import type { Case, CaseClock, Consent, Conversation, Customer } from '../../src/db/rows.js';

const at = new Date('2026-03-02T10:00:00Z');

function card(overrides: Partial<Case> = {}, customer: Partial<Customer> = {}): CaseCardData {
  const row: Case = {
    id: '6f0f7e0a-8c1e-4c3e-9a59-3f1f3f3f3f3f',
    reference: 'CMP-2026-000123',
    kind: 'formal_complaint',
    stage: 'stage1',
    status: 'open',
    priority: 'normal',
    category: 'repairs',
    team: 'Repairs',
    assignee: null,
    stage1_handler: null,
    stage2_handler: null,
    flags: ['damp_mould'],
    policy_pack: 'code-2024',
    customer_id: 'c1',
    conversation_id: 'v1',
    channel_id: 'sms',
    customer_words: 'Mould is back <!channel> <@U123> see <https://evil.example|this>',
    desired_outcome: 'Fix it properly',
    started_when: null,
    representative: { name: 'Adam Nowak', relationship: 'son' },
    classification: { reasons: ['says the repair failed again', 'asks for it to be put right'] },
    complaint_offered: true,
    complaint_offer_choice: 'formal',
    received_at: at,
    acknowledged_at: null,
    resolved_at: null,
    closed_at: null,
    resolution: null,
    refusal_reason: null,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
  const person: Customer = {
    id: 'c1',
    name: 'Ewa Nowak',
    preferred_language: 'pl',
    preferred_format: 'large_print',
    contact_method: 'sms',
    uk_division: 'england-and-wales',
    phone: '+447700900123',
    email: null,
    postcode: null,
    tenancy_ref: null,
    address: null,
    access_needs: null,
    vulnerable: null,
    contact_adjustments: null,
    created_at: at,
    updated_at: at,
    ...customer,
  };
  const clock = (name: string, due: string): CaseClock => ({
    case_id: row.id,
    name,
    due_at: new Date(due),
    original_due_at: new Date(due),
    remind_at: null,
    basis: '',
    extended_working_days: 0,
    extension_reason: null,
    status: 'running',
    met_at: null,
    breached_at: null,
  });
  const consent = (kind: Consent['kind']): Consent => ({
    id: kind,
    customer_id: 'c1',
    case_id: row.id,
    conversation_id: 'v1',
    kind,
    wording_version: 'privacy-2024-01',
    granted: true,
    channel_id: 'sms',
    details: {},
    recorded_at: at,
  });
  const conversation = { id: 'v1', channel_id: 'sms', handoff_state: 'bot', assignee: null } as Conversation;
  return {
    case: row,
    clocks: [clock('stage1_ack', '2026-03-09T23:59:59.999Z'), clock('stage1_response', '2026-03-23T23:59:59.999Z')],
    customer: person,
    conversation,
    consents: [consent('data_protection'), consent('record_as_complaint'), consent('representative')],
    events: [],
    threads: [],
    linked: [],
  };
}

/** Every piece of text a colleague would see on the card. */
function shown(data: CaseCardData, mention: string | null = null): string {
  return `${caseCardText(data, mention)}\n${JSON.stringify(caseCardBlocks(data, mention))}`;
}

describe('the case card colleagues see', () => {
  it('shows the reference, kind and stage, and why it was classified so', () => {
    const text = shown(card());
    expect(text).toContain('CMP-2026-000123 · Formal complaint · Stage 1');
    expect(text).toContain('says the repair failed again');
    expect(text).toContain('asks for it to be put right');
    expect(text).toContain('damp_mould');
  });

  it('shows the channel with badges for language, format, contact method and a representative, and the consents', () => {
    const text = shown(card());
    for (const badge of ['*SMS*', 'POLSKI', 'LARGE PRINT', 'BY SMS', 'REPRESENTATIVE']) expect(text).toContain(badge);
    expect(text).toContain('Privacy notice');
    expect(text).toContain('Recorded as a complaint');
    expect(text).toContain('Representative may act for them');
    expect(text).toContain('Language: Polski (Polish) · Format: large print · Contact by: text message');
  });

  it('shows a vulnerable household only while permission to record health details stands, and contact adjustments escaped (issue 11 item 6)', () => {
    const withPermission = card({}, { vulnerable: true, contact_adjustments: 'texts only <!channel> after 2pm' });
    withPermission.consents.push({
      ...withPermission.consents[0]!,
      id: 'h',
      kind: 'health_details',
      wording_version: 'health-details/2026-12.1',
    });
    const text = shown(withPermission);
    expect(text).toContain('VULNERABLE HOUSEHOLD');
    expect(text).toContain('Health details may be recorded');
    expect(text).toContain('CONTACT: TEXTS ONLY &lt;!CHANNEL&gt; AFTER 2PM');
    expect(text).not.toContain('<!CHANNEL>');

    const withdrawn = card({}, { vulnerable: true });
    withdrawn.consents.push({ ...withdrawn.consents[0]!, id: 'h', kind: 'health_details', granted: false });
    expect(shown(withdrawn)).not.toContain('VULNERABLE HOUSEHOLD');
    expect(shown(card())).not.toContain('VULNERABLE HOUSEHOLD');
  });

  it('shows a representative the triage heard as a badge, before their details are taken', () => {
    expect(shown(card({ representative: null, flags: ['representative'] }))).toContain('REPRESENTATIVE');
  });

  it('shows who and where the customer is only in a private channel', () => {
    const customer = {
      name: 'Ewa Nowak',
      postcode: 'M14 5RT',
      address: '12 Birch Court\nLongsight, Manchester',
      tenancy_ref: 'T-004512',
      email: 'ewa@example.org',
      access_needs: 'calls only after 10am <!here>',
    };
    const flagged = { flags: ['hazard:no_heat_vulnerable'] };
    const inPrivate = JSON.stringify(caseCardBlocks({ ...card(flagged, customer), personal: true }, null));
    for (const part of [
      'Ewa Nowak',
      '+447700900123',
      'ewa@example.org',
      '12 Birch Court, Longsight, Manchester',
      '*M14 5RT*',
      'T-004512',
      'Adam Nowak (son)',
    ]) {
      expect(inPrivate).toContain(part);
    }
    expect(inPrivate).toContain('a vulnerable person with no heating or hot water');
    expect(inPrivate).toContain('calls only after 10am &lt;!here&gt;');

    const inPublic = JSON.stringify(caseCardBlocks(card(flagged, customer), null));
    for (const part of [
      'Ewa Nowak',
      '+447700900123',
      'M14 5RT',
      'Birch Court',
      'T-004512',
      'Adam Nowak',
      'Vulnerability and adjustments',
      'after 10am',
    ]) {
      expect(inPublic).not.toContain(part);
    }
    expect(inPublic).toContain('shown only in private channels');
    // What a colleague needs to reply well is not personal: language, format, representative.
    for (const part of ['POLSKI', 'LARGE PRINT', 'REPRESENTATIVE']) expect(inPublic).toContain(part);
  });

  it('shows each clock’s due date and the customer’s own words, escaped so they cannot ping or link', () => {
    const text = shown(card());
    expect(text).toContain('Stage 1 acknowledgement: due *Mon 9 Mar 2026*');
    expect(text).toContain('Stage 1 response: due *Mon 23 Mar 2026*');
    expect(text).toContain('Mould is back &lt;!channel&gt; &lt;@U123&gt; see &lt;https://evil.example|this&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<https://evil');
  });

  it('shows who has it, and pings the emergency channel only when routed with @here', () => {
    expect(shown(card())).toContain('_Unclaimed_');
    expect(shown(card({ assignee: 'staff:U0STAFF1' }))).toContain('Claimed by <@U0STAFF1>');
    expect(caseCardText(card({ kind: 'emergency', priority: 'emergency' }), 'here').startsWith('<!here> ')).toBe(true);
    expect(shown(card())).not.toContain('<!here>');
  });

  it('offers the buttons that fit: stage 2 only once stage 1 is answered', () => {
    const ids = (data: CaseCardData) =>
      JSON.stringify(caseCardBlocks(data, null))
        .match(/"action_id":"(\w+)"/g)
        ?.map((m) => m.slice(13, -1));
    expect(ids(card())).toEqual([
      'case_claim',
      'case_reply',
      'case_extend',
      'case_resolve',
      'step_acknowledge',
      'step_response_sent',
      'remedy_record',
      'case_assign',
      'case_reclassify',
      'case_close',
    ]);
    expect(ids(card({ status: 'resolved' }))).toEqual(['case_stage2', 'remedy_record']);
    // A public comment cannot be answered from Slack: no Reply button to tempt anyone.
    const publicComment = card();
    publicComment.conversation = { ...publicComment.conversation!, channel_id: 'facebook' };
    expect(ids(publicComment)).not.toContain('case_reply');
  });

  it('shows each clock as open, met on time, met late or breached (issue 15 item 1)', () => {
    const base = card();
    const [ack, response] = base.clocks as [CaseClock, CaseClock];
    const metOnTime = { ...ack, status: 'met' as const, met_at: new Date('2026-03-04T10:00:00Z') };
    const metLate = {
      ...response,
      status: 'met' as const,
      met_at: new Date('2026-03-25T10:00:00Z'),
      breached_at: new Date('2026-03-24T00:00:00Z'),
    };
    const text = shown({ ...base, clocks: [metOnTime, metLate] });
    expect(text).toContain('Stage 1 acknowledgement: :white_check_mark: met on time on Wed 4 Mar 2026, 10:00');
    expect(text).toContain(
      'Stage 1 response: :warning: *met late* on Wed 25 Mar 2026, 10:00 (was due Mon 23 Mar 2026)',
    );
    expect(
      shown({ ...base, clocks: [{ ...ack, status: 'breached', breached_at: new Date('2026-03-10T00:00:00Z') }] }),
    ).toContain('Stage 1 acknowledgement: :rotating_light: *breached*');
    expect(shown(base)).toContain('Stage 1 acknowledgement: due *Mon 9 Mar 2026* · open');
    // Met: no button for a step already recorded.
    expect(JSON.stringify(caseCardBlocks({ ...base, clocks: [metOnTime, response] }, null))).not.toContain(
      'step_acknowledge',
    );
  });

  it('lists remedies with amounts and whether paid, and offers Mark paid for money owed (issue 15 item 10)', () => {
    const remedy = (kind: 'apology' | 'compensation', amount: number | null, paid: Date | null) => ({
      id: `00000000-0000-4000-8000-00000000000${amount ?? 0}`.slice(0, 36),
      case_id: 'x',
      kind,
      amount_pence: amount,
      paid_at: paid,
      note: kind === 'apology' ? 'By phone <!channel>' : 'Days off work',
      recorded_by: 'staff:U0STAFF1',
      recorded_at: new Date('2026-03-05T10:00:00Z'),
    });
    const data = {
      ...card(),
      remedies: [
        remedy('apology', null, null),
        remedy('compensation', 7550, null),
        remedy('compensation', 2000, new Date('2026-03-06T12:00:00Z')),
      ],
    };
    const text = shown(data);
    expect(text).toContain('1. Apology: By phone &lt;!channel&gt;');
    expect(text).toContain('2. Compensation £75.50 · *not paid yet*: Days off work');
    expect(text).toContain('3. Compensation £20.00 · :white_check_mark: paid Fri 6 Mar 2026, 12:00');
    const blocks = JSON.stringify(caseCardBlocks(data, null));
    expect(blocks).toContain('Mark 2 paid (£75.50)');
    expect(blocks).not.toContain('Mark 3 paid');
    expect(blocks).not.toContain('Mark 1 paid');
  });

  it('asks before Take over, saying what a waiting customer will be told', () => {
    const data = {
      ...card({ assignee: 'staff:U0STAFF1' }),
      joinPreview: "You're now talking to ‹your first name› from our complaints team.",
    };
    const takeOver = JSON.stringify(caseCardBlocks(data, null)).match(/"text":"Take over".*?"deny"/)?.[0] ?? '';
    expect(takeOver).toContain('"confirm"');
    expect(takeOver).toContain('‹your first name› from our complaints team');
  });
});
