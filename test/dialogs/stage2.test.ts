import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skip, yesNo } from '../../dialogs/choice-sets.js';
import type { Case } from '../../src/db/rows.js';
import { monday, startHarness, type Customer, type Harness } from './harness.js';

const appeal = "I'm not happy with your response to my complaint, I want to appeal";

/** A customer who has agreed to the privacy notice and had a stage 1 complaint answered on `respondedAt`. */
async function answeredComplaint(h: Harness, c: Customer, respondedAt: Date): Promise<Case> {
  await c.adapter.send('Hello').assertReply(c.says('start.greeting')).assertReply(c.says('start.howCanIHelp'));
  const conversationId = await c.conversationId();
  const customer = await h.store.ensureCustomer(conversationId);
  await h.store.recordConsent({
    customerId: customer.id,
    conversationId,
    kind: 'data_protection',
    wordingVersion: h.cases.pack.consentWording.privacyNotice,
    granted: true,
    channelId: c.channelId,
  });
  h.clock.now = new Date(respondedAt.getTime() - 10 * 86_400_000);
  try {
    const opened = await h.cases.openCase({
      kind: 'formal_complaint',
      customerId: customer.id,
      conversationId,
      channelId: c.channelId,
      customerWords: 'The communal lights have been out for weeks',
      category: 'estate_services',
    });
    await h.store.updateCase(opened.case.id, { stage1_handler: 'staff:alice' }, 'staff:alice', 'assigned');
    h.clock.now = respondedAt;
    return await h.cases.resolveCase(opened.case.id, 'staff:alice', { outcome: 'upheld in part' });
  } finally {
    h.clock.now = monday;
  }
}

describe('stage 2 under the Code (code-2024)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pack: 'code-2024' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('takes the latest answered complaint to stage 2 without asking for reasons, with new dates', async () => {
    const c = h.customer('sms');
    const row = await answeredComplaint(h, c, new Date('2026-11-20T12:00:00Z'));
    await c.adapter
      .send(appeal)
      .assertReply(c.asks('stage2.confirm', { reference: row.reference }, yesNo))
      .send('yes')
      .assertReply(c.asks('stage2.reasonsOptional', {}, skip))
      .send('skip')
      .assertReply(c.capture((a) => expect(a.text).toContain('Monday 7 December')));
    const after = await h.store.getCase(row.id);
    expect(after).toMatchObject({
      stage: 'stage2',
      status: 'open',
      stage1_handler: 'staff:alice',
      stage2_handler: null,
    });
    const clocks = (await h.store.listClocks(row.id)).filter((k) => k.status === 'running');
    expect(clocks.map((k) => k.name).sort()).toEqual(['stage2_ack', 'stage2_response']);
    const response = clocks.find((k) => k.name === 'stage2_response');
    expect(
      c.text('stage2.done', {
        reference: row.reference,
        ackDate: 'Monday 7 December',
        responseDate: c.date(new Date(response?.due_at ?? 0)),
      }),
    ).toContain('Thursday 7 January');
    const event = (await h.store.listEvents(row.id)).find((e) => e.type === 'stage2_requested');
    expect(event?.data).toMatchObject({ lateReason: null, stage1Handler: 'staff:alice' });
  });

  it('tells a customer whose complaint is still at stage 1 when the response is due', async () => {
    const c = h.customer('sms');
    await c.adapter.send('Hello').assertReply(c.capture()).assertReply(c.capture());
    const conversationId = await c.conversationId();
    const customer = await h.store.ensureCustomer(conversationId);
    const opened = await h.cases.openCase({
      kind: 'formal_complaint',
      customerId: customer.id,
      conversationId,
      channelId: 'sms',
      customerWords: 'Nobody answers the phone',
    });
    await c.adapter
      .send(appeal)
      .assertReply(c.capture())
      .send('yes')
      .assertReply(c.says('stage2.stillAtStage1', { reference: opened.case.reference, date: 'Monday 21 December' }));
  });

  it('passes a request it cannot match to a person rather than turning the customer away', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(appeal)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('Yes')
      .assertReply(c.says('stage2.notFound'));
    expect((await h.store.getConversation(await c.conversationId()))?.handoff_state).toBe('queued');
  });
});

describe('stage 2 under the landlord policy (seed-2020)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pack: 'seed-2020' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('asks for reasons, and takes a request after the one-month window for staff to decide', async () => {
    const c = h.customer('sms');
    const row = await answeredComplaint(h, c, new Date('2026-10-01T12:00:00Z'));
    await c.adapter
      .send('not happy with your response to my complaint, I want to escalate it')
      .assertReply(c.asks('stage2.confirm', { reference: row.reference }, yesNo))
      .send('1')
      .assertReply(c.says('stage2.reasonsRequired'))
      .send('You said the lights were fixed but they are still out')
      // seed 004: a senior manager contacts the customer within 2 working days.
      .assertReply(c.capture((a) => expect(a.text).toContain('Wednesday 2 December')))
      .assertReply(c.says('stage2.late', { count: 1 }));
    const after = await h.store.getCase(row.id);
    expect(after?.stage).toBe('stage2');
    expect(after?.flags).toContain('stage2_request_late');
    const event = (await h.store.listEvents(row.id)).find((e) => e.type === 'stage2_requested');
    expect(String(event?.data['lateReason'])).toContain('seed 004');
    expect(String(event?.data['reasons'])).toContain('You said the lights were fixed');
  });
});
