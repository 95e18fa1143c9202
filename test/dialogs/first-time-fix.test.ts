import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer, yesNo } from '../../dialogs/choice-sets.js';
import { slaJobId } from '../../src/cases/sla-jobs.js';
import { breachJobOf, firstAlertOf } from '../helpers/sla.js';
import { SlaJobSchema } from '../../src/queues/definitions.js';
import { monday, startHarness, type Customer, type Harness } from './harness.js';

const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

/** The customer picks "try to put it right" and gives their details on SMS. */
async function chooseFix(c: Customer, next: string, recordKey?: string): Promise<void> {
  let flow = c.adapter
    .send(noShow)
    .assertReply(c.says('start.greeting'))
    .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
    .send('2')
    .assertReply(c.asks('consent.notice', {}, yesNo))
    .send('yes')
    .assertReply(c.says('details.outcome'))
    .send('Just send someone who turns up')
    .assertReply(c.capture())
    .send('1')
    .assertReply(c.says('details.name'))
    .send('Sam Green')
    .assertReply(c.says('details.home'))
    .send('NE1 4ST');
  if (recordKey) flow = flow.assertReply(c.asks(recordKey, {}, yesNo)).send('yes');
  await flow
    .assertReply(c.capture())
    .send('1')
    .assertReply(c.capture())
    .send('1')
    .assertReply(c.capture())
    .assertReply(c.says(next, { date: 'Wednesday 2 December' }))
    .assertReply(c.capture());
}

describe.each([
  {
    pack: 'code-2024' as const,
    backend: 'pglite' as const,
    stage: 'none',
    next: 'confirm.next.fix',
    recordKey: undefined,
    ack: 'Monday 7 December',
  },
  {
    pack: 'code-2024' as const,
    backend: 'postgres' as const,
    stage: 'none',
    next: 'confirm.next.fix',
    recordKey: undefined,
    ack: 'Monday 7 December',
  },
  // seed 004: an informal complaint, recorded as a complaint with the customer's consent; stage 1 counts from escalation.
  {
    pack: 'seed-2020' as const,
    backend: 'pglite' as const,
    stage: 'first_time_fix',
    next: 'confirm.next.informal',
    recordKey: 'details.recordInformal',
    ack: 'Monday 7 December',
  },
])('a first-time fix under $pack on $backend', ({ pack, backend, stage, next, recordKey, ack }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ pack, backend });
  });
  afterAll(async () => {
    await h.close();
  });

  it('records the offer and the choice, and says when it will be put right', async () => {
    const c = h.customer('sms');
    await chooseFix(c, next, recordKey);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({
      kind: 'first_time_fix',
      stage,
      complaint_offered: true,
      complaint_offer_choice: 'fix',
    });
    expect((await h.store.listClocks(row?.id ?? '')).map((k) => k.name)).toEqual(['ftf_resolve']);
  });

  it('becomes a stage 1 complaint by itself at its due date, and the customer is told on their channel', async () => {
    const c = h.customer('sms');
    await chooseFix(c, next, recordKey);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const [ftf] = await h.store.listClocks(row?.id ?? '');
    expect(ftf).toMatchObject({ name: 'ftf_resolve', status: 'running' });
    // The case service scheduled the clock's reminder; the reminder, run at its time, schedules the
    // breach job, read back from BullMQ: due at the end of Wednesday 2 December.
    expect(await firstAlertOf(h.queues, row?.id ?? '', 'ftf_resolve', ftf?.due_at ?? 0)).toMatchObject({
      alert: 'reminder',
    });
    await breachJobOf(h.queues, h.cases, row?.id ?? '', 'ftf_resolve', ftf?.due_at ?? 0);
    const job = await h.queues.queues.sla.getJob(
      slaJobId(row?.id ?? '', 'ftf_resolve', 'breach', new Date(ftf?.due_at ?? 0)),
    );
    expect(job).toBeDefined();
    expect(await job?.isDelayed()).toBe(true);
    const payload = SlaJobSchema.parse(job?.data);
    expect(payload.dueAt).toBe('2026-12-02T23:59:59.999Z');

    h.clock.now = new Date('2026-12-03T00:00:05Z');
    try {
      expect(await h.cases.handleSlaJob(payload)).toBe('became_stage1');
    } finally {
      h.clock.now = monday;
    }

    const after = await h.store.getCase(row?.id ?? '');
    expect(after).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      status: 'open',
      reference: row?.reference,
    });
    const clocks = await h.store.listClocks(row?.id ?? '');
    expect(clocks.find((k) => k.name === 'ftf_resolve')?.status).toBe('breached');
    const running = clocks.filter((k) => k.status === 'running').map((k) => k.name);
    expect(running.sort()).toEqual(['stage1_ack', 'stage1_response']);
    expect((await h.store.listEvents(row?.id ?? '')).map((e) => e.type)).toEqual(
      expect.arrayContaining(['clock_breached', 'became_stage1', 'clocks_set']),
    );

    const ackDue = new Date(clocks.find((k) => k.name === 'stage1_ack')?.due_at ?? 0);
    const responseDue = new Date(clocks.find((k) => k.name === 'stage1_response')?.due_at ?? 0);
    expect(h.i18n.formatDate(ackDue, 'en')).toBe(ack);
    const notice = (await h.store.listCaseMessages(row?.id ?? '')).find((m) => m.direction === 'outbound');
    expect(notice?.text).toBe(
      h.i18n.t('en', 'cases.becameStage1', {
        context: 'sms',
        reference: row?.reference ?? '',
        ackDate: h.i18n.formatDate(ackDue, 'en'),
        responseDate: h.i18n.formatDate(responseDue, 'en'),
      }),
    );
    expect(notice?.status).toBe('queued');
    expect(await h.queues.queues.outbound.getJob(`out-${notice?.id ?? ''}`)).toBeDefined();
    // New clocks, new jobs; and the same breach job run again changes nothing.
    expect(await firstAlertOf(h.queues, row?.id ?? '', 'stage1_ack', ackDue)).toBeDefined();
    expect(await h.cases.handleSlaJob(payload)).toBe('stale');
  });
});
