import { describe, expect, it } from 'vitest';
import { contactByText, deliveryChangeNote, deliveryNote, nationText } from '../../channels/slack/delivery-lines.js';
import type { CaseEvent, Customer } from '../../src/db/rows.js';

const jane: Customer = {
  id: 'c1',
  name: 'Jane Smith',
  preferred_language: 'en',
  preferred_format: 'standard',
  contact_method: 'email',
  uk_division: 'england-and-wales',
  phone: '+447700900123',
  email: 'jane@example.org',
  postcode: 'NG1 7EH',
  tenancy_ref: null,
  address: '22 Canal Street, Nottingham',
  access_needs: null,
  vulnerable: null,
  contact_adjustments: null,
  created_at: new Date(),
  updated_at: new Date(),
};

function event(type: string, data: Record<string, unknown>, actor = 'system'): CaseEvent {
  return { id: 1, case_id: 'k1', actor, type, data, at: new Date('2026-11-30T10:00:00Z') } as unknown as CaseEvent;
}

describe('what a case card and thread say about delivery (docs/rules/delivery.md#what-staff-see)', () => {
  it('shows the contact method with the shortened address in private channels only', () => {
    expect(contactByText(jane, true)).toBe('Contact by: email (jane@…)');
    expect(contactByText(jane, false)).toBe('Contact by: email');
    expect(contactByText({ ...jane, contact_method: 'letter' }, true)).toBe('Contact by: letter (NG1 7EH)');
    expect(contactByText({ ...jane, contact_method: 'phone' }, true)).toBe('Contact by: phone call (…0123)');
    expect(contactByText({ ...jane, email: null }, true)).toBe(
      'Contact by: email (no email address: notices go by chat)',
    );
    expect(contactByText({ ...jane, contact_method: null }, true)).toBeNull();
  });

  it('says when the last notice fell back, and why', () => {
    const note = deliveryNote([
      event('notice_delivered', { route: 'email' }),
      event('notice_fell_back', { route: 'chat', preferred: 'email', fallback: 'email is not set up (SMTP_URL)' }),
    ]);
    expect(note).toBe(
      ':warning: The last notice went by the chat channel instead of email: email is not set up (SMTP_URL).',
    );
    expect(deliveryNote([event('notice_delivered', { route: 'email' })])).toBe(
      ':incoming_envelope: The last notice went by email.',
    );
    expect(deliveryNote([])).toBeNull();
  });

  it('notes a call due, a letter to post and a nation set in the case thread', () => {
    expect(
      deliveryChangeNote([event('call_task_opened', { dueAt: '2026-12-01T23:59:59.999Z' })], 'call_task_opened'),
    ).toContain('call them by *Tuesday 1 December*');
    const batched = deliveryChangeNote(
      [event('letter_batched', { batchDate: '2026-11-30', file: 'CMP-1.pdf', postBy: '2026-12-01T23:59:59.999Z' })],
      'letter_batched',
    );
    expect(batched).toContain('print run of 2026-11-30 (CMP-1.pdf)');
    expect(
      deliveryChangeNote([event('nation_confirmed', { country: 'wales' }, 'staff:U0SAM')], 'nation_confirmed'),
    ).toBe(":world_map: The customer's home is recorded as in Wales (<@U0SAM>).");
  });

  it('asks which nation while a split district waits for a colleague, escaping what it quotes', () => {
    const waiting = { ...jane, country: null, division_basis: 'SY22 <!channel> straddles a border: to confirm' };
    const text = nationText(waiting, { flags: ['nation_to_confirm'], reference: 'CMP-2026-000123' });
    expect(text).toContain('*Which nation?*');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('/case CMP-2026-000123 nation wales');
    expect(nationText({ ...jane, country: 'scotland' }, { flags: [], reference: 'CMP-2026-000124' })).toBe(
      'Nation: Scotland',
    );
  });
});
