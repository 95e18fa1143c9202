import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStore } from '../../src/db/case-store.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';

const inbound = (providerMessageId: string, text = 'my boiler is broken again', from = '+447700900123') => ({
  channelId: 'sms' as const,
  providerMessageId,
  from,
  to: '+447700900000',
  text,
  media: [],
  receivedAt: new Date('2026-11-20T10:00:00Z').toISOString(),
});

describe.each(backends)('CaseStore on %s', (backend) => {
  let t: TestDatabase;
  let store: CaseStore;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    store = new CaseStore(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a retried webhook once and says it was a duplicate', async () => {
    const first = await store.recordInbound(inbound('SM-dup-1'));
    const again = await store.recordInbound(inbound('SM-dup-1'));
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });
    const messages = await store.listMessages(first.conversationId);
    expect(messages.filter((m) => m.provider_message_id === 'SM-dup-1')).toHaveLength(1);
  });

  it('stores a burst of webhooks in one batch: each once, in arrival order, each in its own conversation', async () => {
    const earlier = await store.recordInbound(inbound('SM-batch-0', 'first text', '+447700900701'));
    const results = await store.recordInboundBatch([
      inbound('SM-batch-1', 'second text', '+447700900701'),
      inbound('SM-batch-2', 'other customer', '+447700900702'),
      inbound('SM-batch-0', 'first text', '+447700900701'), // Twilio's retry of a stored message
      inbound('SM-batch-3', 'third text', '+447700900701'),
      inbound('SM-batch-2', 'other customer', '+447700900702'), // and a retry inside the same burst
    ]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false, true, false, true]);
    expect(results[2]).toEqual({ ...earlier, duplicate: true, status: 'received' });
    expect(results[4]?.messageId).toBe(results[1]?.messageId);
    expect(results[0]?.conversationId).toBe(earlier.conversationId);
    expect(results[3]?.conversationId).toBe(earlier.conversationId);
    expect(results[1]?.conversationId).not.toBe(earlier.conversationId);
    const texts = (await store.listMessages(earlier.conversationId)).map((m) => m.text);
    expect(texts).toEqual(['first text', 'second text', 'third text']);
    expect((await store.listMessages(results[1]!.conversationId)).map((m) => m.text)).toEqual(['other customer']);
  });

  it("keeps one conversation per customer address and keeps the customer's words exactly", async () => {
    const words = 'Ive ben waiting 3 WEEKS for sum1 to fix the leak!!! <not happy>';
    const a = await store.recordInbound(inbound('SM-conv-1', words, '+447700900555'));
    const b = await store.recordInbound(inbound('SM-conv-2', 'hello?', '+447700900555'));
    expect(b.conversationId).toBe(a.conversationId);
    const [first, second] = await store.listMessages(a.conversationId);
    expect(first?.text).toBe(words);
    expect(second?.text).toBe('hello?');
    expect(await store.pendingInbound(a.conversationId)).toHaveLength(2);
  });

  it('gives cases human references counted per kind and year, with clocks and an audit event', async () => {
    const { conversationId } = await store.recordInbound(inbound('SM-case-1'));
    const customer = await store.ensureCustomer(conversationId);
    expect(customer.phone).toBe('+447700900123');
    const base = {
      stage: 'stage1' as const,
      policyPack: 'code-2024',
      customerId: customer.id,
      conversationId,
      channelId: 'sms' as const,
      customerWords: 'The repair was booked three times and nobody came',
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      clocks: [{ name: 'stage1_ack', dueAt: new Date('2026-11-27T23:59:59Z'), remindAt: null, basis: '5 working days' }],
      actor: 'bot',
    };
    const one = await store.createCase({ ...base, kind: 'formal_complaint' });
    const two = await store.createCase({ ...base, kind: 'formal_complaint' });
    const ftf = await store.createCase({ ...base, kind: 'first_time_fix', stage: 'first_time_fix' });
    expect(one.reference).toMatch(/^CMP-2026-\d{6}$/);
    expect(Number(two.reference.slice(-6))).toBe(Number(one.reference.slice(-6)) + 1);
    expect(ftf.reference).toMatch(/^FTF-2026-\d{6}$/);
    expect((await store.getCaseByReference(one.reference.toLowerCase()))?.id).toBe(one.id);
    const clocks = await store.listClocks(one.id);
    expect(clocks).toMatchObject([{ name: 'stage1_ack', status: 'running' }]);
    expect(clocks[0]?.due_at.toISOString()).toBe('2026-11-27T23:59:59.000Z');
    const events = await store.listEvents(one.id);
    expect(events.map((e) => e.type)).toEqual(['case_created']);
    expect(events[0]?.actor).toBe('bot');
  });

  it('returns the same case when a replayed turn creates it again', async () => {
    const { messageId, conversationId } = await store.recordInbound(inbound('SM-replay-1'));
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
    const a = await store.createCase(input);
    const b = await store.createCase(input);
    expect(b.id).toBe(a.id);
    expect(b.reference).toBe(a.reference);
  });

  it('keeps the audit trail append-only', async () => {
    const { conversationId } = await store.recordInbound(inbound('SM-audit-1'));
    const c = await store.createCase({
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
    await store.updateCase(c.id, { assignee: 'U123' }, 'staff:U123', 'claimed');
    await expect(t.db.query('update case_events set actor = $1 where case_id = $2', ['someone-else', c.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from case_events where case_id = $1', [c.id])).rejects.toThrow(/append-only/);
    expect((await store.listEvents(c.id)).map((e) => [e.type, e.actor])).toEqual([
      ['case_created', 'bot'],
      ['claimed', 'staff:U123'],
    ]);
  });

  it('records consents append-only and reports the current state of each', async () => {
    const { conversationId } = await store.recordInbound(inbound('SM-consent-1'));
    const customer = await store.ensureCustomer(conversationId);
    const base = { customerId: customer.id, conversationId, channelId: 'sms' as const, wordingVersion: 'privacy-2026-11' };
    await store.recordConsent({ ...base, kind: 'data_protection', granted: true });
    await store.recordConsent({ ...base, kind: 'data_protection', granted: false });
    await store.recordConsent({ ...base, kind: 'record_as_complaint', granted: true, wordingVersion: 'record-2026-11' });
    const current = await store.currentConsents({ customerId: customer.id });
    expect(current.find((c) => c.kind === 'data_protection')?.granted).toBe(false);
    expect(current.find((c) => c.kind === 'record_as_complaint')).toMatchObject({ granted: true, wording_version: 'record-2026-11' });
    expect(await store.listConsents(customer.id)).toHaveLength(3);
  });

  it('rolls the worst delivery status of split SMS parts up to the message', async () => {
    const { conversationId } = await store.recordInbound(inbound('SM-deliv-1'));
    const out = await store.recordOutbound({ conversationId, channelId: 'sms', author: 'bot', text: 'a long reply' });
    await store.recordDeliveries(out.id, 'sms', ['SMpart1', 'SMpart2'], 'sent');
    expect((await store.getMessage(out.id))?.status).toBe('sent');
    await store.updateDelivery('sms', 'SMpart1', 'delivered', null);
    expect((await store.getMessage(out.id))?.status).toBe('sent');
    await store.updateDelivery('sms', 'SMpart2', 'undelivered', '30003');
    const message = await store.getMessage(out.id);
    expect(message?.status).toBe('undelivered');
    expect(message?.status_detail).toBe('30003');
    expect(await store.updateDelivery('sms', 'SM-unknown', 'delivered', null)).toBeUndefined();
  });
});
