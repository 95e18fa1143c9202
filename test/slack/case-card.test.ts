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
    expect(text).toContain('Adam Nowak (son)');
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
    expect(ids(card())).toEqual(['case_claim', 'case_reclassify', 'case_extend', 'case_resolve']);
    expect(ids(card({ status: 'resolved' }))).toEqual(['case_stage2']);
  });
});
