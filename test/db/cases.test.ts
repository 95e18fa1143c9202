import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('CaseRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('gives cases human references counted per kind and year, with clocks and an audit event', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-case-1'));
    const customer = await r.customers.ensureCustomer(conversationId);
    expect(customer.phone).toBe('+447700900123');
    const base = {
      stage: 'stage1' as const,
      policyPack: 'code-2024',
      customerId: customer.id,
      conversationId,
      channelId: 'sms' as const,
      customerWords: 'The repair was booked three times and nobody came',
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      clocks: [
        { name: 'stage1_ack', dueAt: new Date('2026-11-27T23:59:59Z'), remindAt: null, basis: '5 working days' },
      ],
      actor: 'bot',
    };
    const one = await r.cases.createCase({ ...base, kind: 'formal_complaint' });
    const two = await r.cases.createCase({ ...base, kind: 'formal_complaint' });
    const ftf = await r.cases.createCase({ ...base, kind: 'first_time_fix', stage: 'first_time_fix' });
    expect(one.reference).toMatch(/^CMP-2026-\d{6}$/);
    expect(Number(two.reference.slice(-6))).toBe(Number(one.reference.slice(-6)) + 1);
    expect(ftf.reference).toMatch(/^FTF-2026-\d{6}$/);
    expect((await r.cases.getCaseByReference(one.reference.toLowerCase()))?.id).toBe(one.id);
    const clocks = await r.clocks.listClocks(one.id);
    expect(clocks).toMatchObject([{ name: 'stage1_ack', status: 'running' }]);
    expect(clocks[0]?.due_at.toISOString()).toBe('2026-11-27T23:59:59.000Z');
    const events = await r.events.listEvents(one.id);
    expect(events.map((e) => e.type)).toEqual(['case_created']);
    expect(events[0]?.actor).toBe('bot');
  });

  it('returns the same case when a replayed turn creates it again', async () => {
    const { messageId, conversationId } = await r.messages.recordInbound(inbound('SM-replay-1'));
    const input = {
      kind: 'enquiry' as const,
      stage: 'none' as const,
      policyPack: 'code-2024',
      customerId: null,
      conversationId,
      channelId: 'sms' as const,
      customerWords: 'when is the bin day',
      receivedAt: new Date(),
      clocks: [],
      actor: 'bot',
      originMessageId: messageId,
    };
    const a = await r.cases.createCase(input);
    const b = await r.cases.createCase(input);
    expect(b.id).toBe(a.id);
    expect(b.reference).toBe(a.reference);
  });

  it('keeps the audit trail append-only', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-audit-1'));
    const c = await r.cases.createCase({
      kind: 'enquiry',
      stage: 'none',
      policyPack: 'code-2024',
      customerId: null,
      conversationId,
      channelId: 'sms',
      customerWords: 'x',
      receivedAt: new Date(),
      clocks: [],
      actor: 'bot',
    });
    await r.cases.updateCase(c.id, { assignee: 'U123' }, 'staff:U123', 'claimed');
    await expect(
      r.db.query('update case_events set actor = $1 where case_id = $2', ['someone-else', c.id]),
    ).rejects.toThrow(/append-only/);
    await expect(r.db.query('delete from case_events where case_id = $1', [c.id])).rejects.toThrow(/append-only/);
    expect((await r.events.listEvents(c.id)).map((e) => [e.type, e.actor])).toEqual([
      ['case_created', 'bot'],
      ['claimed', 'staff:U123'],
    ]);
  });
});
