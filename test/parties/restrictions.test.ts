import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobId } from '../../src/queues/definitions.js';
import { backends } from '../helpers/db.js';
import { startHarness, type Harness } from '../dialogs/harness.js';
import { drive, talk } from './talk.js';
import { startPartiesWorld, type PartiesWorld } from './world.js';

describe.each(backends)('contact restrictions, only by a person, with a review (%s)', (backend) => {
  let w: PartiesWorld;
  beforeAll(async () => {
    w = await startPartiesWorld(backend);
  });
  afterAll(async () => {
    await w.close();
  });

  async function complaint() {
    const who = await w.customer({ name: 'Alex Doe' });
    const opened = await w.cases.openCase({
      kind: 'formal_complaint',
      customerId: who.customerId,
      conversationId: who.conversationId,
      channelId: 'sms',
      customerWords: 'Nobody listens',
    });
    return { ...who, row: opened.case };
  }

  it('records the reason, the arrangement and a review date, writes to the customer, and reminds staff at the review', async () => {
    const { row, customerId } = await complaint();
    const reviewAt = new Date('2027-03-01T09:00:00Z');
    const restriction = await w.cases.restrictions.record({
      caseId: row.id,
      reason: 'Repeated threats to staff on the phone on 20 and 27 November',
      arrangement: 'single_point_of_contact',
      detail: 'Sam Patel, complaints officer, 0300 000 0000',
      reviewAt,
      actor: 'staff:U1',
      key: 'slack:view-1',
    });
    expect(restriction).toMatchObject({
      customer_id: customerId,
      case_id: row.id,
      recorded_by: 'staff:U1',
      status: 'active',
    });
    expect(await w.cases.restrictions.active({ customerId })).toHaveLength(1);
    const event = (await w.store.listEvents(row.id)).find((e) => e.type === 'contact_restricted');
    expect(event?.actor).toBe('staff:U1');

    // In writing: the letter says why, what changes and when it will be looked at again.
    const letter = (await w.documents.documents.listDocumentsForCase(row.id)).find(
      (d) => d.kind === 'restriction_notice',
    );
    const html = w.documents.html(letter!).html;
    expect(html).toContain('Repeated threats to staff');
    expect(html).toContain(w.translator.t('en', 'parties:arrangements.single_point_of_contact'));
    expect(html).toContain('Sam Patel');
    expect(html).toContain('1 March 2027');

    // The review comes back as a reminder, queued like the SLA jobs, for the review date.
    const job = await w.queues.queues.handoff.getJob(
      jobId('restriction-review', restriction.id, reviewAt.toISOString()),
    );
    expect(job?.data).toEqual({
      type: 'restriction_review',
      restrictionId: restriction.id,
      reviewAt: reviewAt.toISOString(),
    });
    expect(job?.opts.delay).toBe(reviewAt.getTime() - w.clock.now.getTime());
    expect(await w.cases.restrictions.reviewDue(restriction.id, reviewAt.toISOString())).toMatchObject({
      restriction: { id: restriction.id },
      case: { id: row.id },
    });

    // Kept at review: a new date and a new reminder; the old reminder is stale.
    const next = new Date('2027-06-01T09:00:00Z');
    await w.cases.restrictions.review(restriction.id, 'staff:U1', { lift: false, nextReviewAt: next });
    expect(await w.cases.restrictions.reviewDue(restriction.id, reviewAt.toISOString())).toBeNull();
    expect(
      await w.queues.queues.handoff.getJob(jobId('restriction-review', restriction.id, next.toISOString())),
    ).toBeDefined();
    // Lifted: nothing more is due.
    await w.cases.restrictions.review(restriction.id, 'staff:U2', { lift: true });
    expect(await w.cases.restrictions.reviewDue(restriction.id, next.toISOString())).toBeNull();
    expect(await w.cases.restrictions.active({ customerId })).toEqual([]);
  });

  it('is never made by the bot, and needs a reason and a future review date', async () => {
    const { row } = await complaint();
    const base = {
      caseId: row.id,
      reason: 'Abuse',
      arrangement: 'written_contact_only' as const,
      reviewAt: new Date('2027-01-01T00:00:00Z'),
      key: 'k',
    };
    await expect(w.cases.restrictions.record({ ...base, actor: 'bot' })).rejects.toThrow(/only a colleague/);
    await expect(w.cases.restrictions.record({ ...base, actor: 'staff:U1', reason: ' ' })).rejects.toThrow(/reason/);
    await expect(
      w.cases.restrictions.record({ ...base, actor: 'staff:U1', reviewAt: new Date('2026-01-01T00:00:00Z') }),
    ).rejects.toThrow(/future/);
    await expect(w.cases.restrictions.record({ ...base, actor: 'staff:U1', arrangement: 'other' })).rejects.toThrow(
      /describe/,
    );
  });
});

describe.each(backends)('the abusive-language flag stays where it happened (%s)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend });
  });
  afterAll(async () => {
    await h.close();
  });

  it("flags the conversation, not the customer's other open cases", async () => {
    const c = h.customer('sms');
    await talk(c, 'What time are you open on Saturday?');
    const conversationId = await c.conversationId();
    const earlier = await h.cases.openCase({
      kind: 'enquiry',
      customerId: null,
      conversationId,
      channelId: 'sms',
      customerWords: 'Please send me a rent statement',
    });
    const said = await talk(c, 'you lot are useless f***ing idiots');
    expect(said).toContain(c.text('abuse.calm'));
    expect((await h.store.getCase(earlier.case.id))?.flags).not.toContain('abusive_language');
    expect(await h.store.conversationFlags(conversationId)).toContain('abusive_language');
    const [message] = (await h.store.listMessages(conversationId)).filter((m) => m.text.includes('idiots'));
    const job = await h.queues.queues.handoff.getJob(jobId('flag', conversationId, message?.id ?? ''));
    expect(job?.data).toMatchObject({ type: 'handoff_requested', reason: 'abusive_language', caseId: null });
    await talk(c, 'cancel');
  });

  it("goes on the case the abusive message's own flow opens", async () => {
    const c = h.customer('sms');
    await talk(c, 'What time are you open on Saturday?');
    const conversationId = await c.conversationId();
    const earlier = await h.cases.openCase({
      kind: 'enquiry',
      customerId: null,
      conversationId,
      channelId: 'sms',
      customerWords: 'Please send me a rent statement',
    });
    await drive(c, 'you lot are useless f***ing idiots, the repair man never turned up again and I waited in all day', [
      [/formal complaint, or try to put it right/i, '3'],
      [/Privacy/i, 'yes'],
    ]);
    const cases = await h.store.listCasesForConversation(conversationId);
    const opened = cases.find((k) => k.id !== earlier.case.id);
    expect(opened?.flags).toContain('abusive_language');
    expect((await h.store.getCase(earlier.case.id))?.flags).not.toContain('abusive_language');
  });
});
