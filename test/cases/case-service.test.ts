import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService, slaProcessor, type OpenCaseInput } from '../../src/cases/case-service.js';
import { slaJobId } from '../../src/cases/sla-jobs.js';
import { CaseStore } from '../../src/db/case-store.js';
import { PolicyError } from '../../src/errors.js';
import { createTranslator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { Outbox } from '../../src/outbox.js';
import { ExtensionRefusedError, loadCalendars, loadPolicyPack } from '../../src/policy/index.js';
import { jobId, SlaJobSchema, type SlaJob } from '../../src/queues/definitions.js';
import { Queues } from '../../src/queues/queues.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { breachJobOf, slaJobOf } from '../helpers/sla.js';

const monday = new Date('2026-11-30T10:00:00Z');

describe('the case service: clocks, SLA jobs and changes of stage', () => {
  let t: TestDatabase;
  let redis: Redis;
  let store: CaseStore;
  let queues: Queues;
  let cases: CaseService;
  const clock = { now: monday };
  const prefix = uniquePrefix('cases');
  let n = 0;

  /** A customer on SMS with a conversation, as the bot would leave them. */
  async function customerOnSms(): Promise<{ conversationId: string; customerId: string; base: OpenCaseInput }> {
    n += 1;
    const { conversationId, messageId } = await store.recordInbound({
      channelId: 'sms',
      providerMessageId: `SMcase${n}`,
      from: `+4477009005${String(n).padStart(2, '0')}`,
      to: '+447700900000',
      text: 'The lights on our stairs have been out for three weeks',
      media: [],
      receivedAt: monday.toISOString(),
    });
    const customer = await store.ensureCustomer(conversationId);
    return {
      conversationId,
      customerId: customer.id,
      base: {
        kind: 'formal_complaint',
        customerId: customer.id,
        conversationId,
        channelId: 'sms',
        customerWords: 'The lights on our stairs have been out for three weeks',
        category: 'estate_services',
        originMessageId: messageId,
        messageIds: [messageId],
      },
    };
  }

  async function jobOf(caseId: string, name: string, alert: 'reminder' | 'breach'): Promise<SlaJob> {
    const dueAt = new Date((await store.listClocks(caseId)).find((k) => k.name === name)?.due_at ?? 0);
    return SlaJobSchema.parse(
      alert === 'breach'
        ? await breachJobOf(queues, cases, caseId, name, dueAt)
        : await slaJobOf(queues, caseId, name, alert, dueAt),
    );
  }

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    redis = testRedis();
    store = new CaseStore(t.db);
    queues = new Queues(redis, prefix);
    cases = new CaseService({
      store,
      queues,
      outbox: new Outbox(store, queues),
      pack: loadPolicyPack('code-2024'),
      calendars: loadCalendars('/nonexistent/bank-holidays.json'),
      translator: await createTranslator(),
      logger: createLogger({ level: 'silent' }),
      now: () => clock.now,
    });
  });
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await t.close();
  });

  it('opens a case once per inbound message, with the team, the clocks and their jobs', async () => {
    const { base } = await customerOnSms();
    const opened = await cases.openCase(base);
    expect(opened.replayed).toBe(false);
    expect(opened.case).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      team: 'Estate Services',
      policy_pack: 'code-2024',
    });
    const again = await cases.openCase(base);
    expect(again).toMatchObject({ replayed: true, case: { id: opened.case.id } });
    expect((await store.listEvents(opened.case.id)).filter((e) => e.type === 'case_created')).toHaveLength(1);
    const reminder = await jobOf(opened.case.id, 'stage1_ack', 'reminder');
    expect(reminder).toMatchObject({ alert: 'reminder', dueAt: '2026-12-07T23:59:59.999Z' });
    expect(await store.listCaseMessages(opened.case.id)).toHaveLength(1);
  });

  it('a reminder alerts staff; a breach marks the clock and alerts staff; the same job again does nothing', async () => {
    const { base } = await customerOnSms();
    const { case: row } = await cases.openCase(base);
    const process = slaProcessor(cases);
    const reminder = await jobOf(row.id, 'stage1_ack', 'reminder');
    // Only the reminder is queued with the case; it queues the breach when it fires.
    expect(await slaJobOf(queues, row.id, 'stage1_ack', 'breach', reminder.dueAt)).toBeUndefined();
    expect(await cases.handleSlaJob(reminder)).toBe('reminded');
    const queued = await queues.queues.sla.getJob(slaJobId(row.id, 'stage1_ack', 'breach', new Date(reminder.dueAt)));
    expect(queued?.data).toEqual({ ...reminder, alert: 'breach' });
    expect(await queued?.isDelayed()).toBe(true);
    // A reminder run again (a retry after its alert went out) queues no second breach.
    expect(await cases.handleSlaJob(reminder)).toBe('reminded');
    const breaches = (await queues.queues.sla.getDelayed()).filter(
      (j) => j.data.caseId === row.id && j.data.alert === 'breach',
    );
    expect(breaches.map((j) => j.data.clock)).toEqual(['stage1_ack']);
    expect(
      (await queues.queues.handoff.getJob(jobId('sla-alert', row.id, 'stage1_ack', 'reminder', reminder.dueAt)))?.data,
    ).toMatchObject({
      type: 'sla_alert',
      alert: 'reminder',
    });
    const breach = await jobOf(row.id, 'stage1_ack', 'breach');
    clock.now = new Date('2026-12-08T00:00:01Z');
    try {
      expect(await process(breach)).toBe('done');
    } finally {
      clock.now = monday;
    }
    expect((await store.listClocks(row.id)).find((k) => k.name === 'stage1_ack')?.status).toBe('breached');
    expect(
      (await queues.queues.handoff.getJob(jobId('sla-alert', row.id, 'stage1_ack', 'breach', breach.dueAt)))?.data,
    ).toMatchObject({ alert: 'breach' });
    expect(await cases.handleSlaJob(breach)).toBe('stale');
  });

  it('extends a response within the cap, tells the customer why, the new date and the Ombudsman; refuses beyond it', async () => {
    const { base, conversationId } = await customerOnSms();
    const { case: row } = await cases.openCase(base);
    const old = await jobOf(row.id, 'stage1_response', 'breach');
    // Code 2024 6.4: at most 10 working days after the original due date (Monday 21 December).
    const granted = await cases.extendClock(
      row.id,
      'stage1_response',
      new Date('2027-01-05T12:00:00Z'),
      'We are waiting for the electrician’s report',
      'staff:bo',
    );
    expect(granted.workingDaysRequested).toBe(8);
    expect(await cases.handleSlaJob(old)).toBe('stale');
    expect(
      await queues.queues.sla.getJob(slaJobId(row.id, 'stage1_response', 'breach', new Date(old.dueAt))),
    ).toBeUndefined();
    // The new date's alerts are queued: its reminder, which schedules its breach.
    expect(await breachJobOf(queues, cases, row.id, 'stage1_response', granted.dueAt)).toBeDefined();
    const told = (await store.listMessages(conversationId)).filter((m) => m.direction === 'outbound');
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('Tuesday 5 January');
    expect(told[0]?.text).toContain('0300 111 3000');
    await expect(
      cases.extendClock(row.id, 'stage1_response', new Date('2027-02-01T12:00:00Z'), 'more time', 'staff:bo'),
    ).rejects.toBeInstanceOf(ExtensionRefusedError);
    await expect(
      cases.extendClock(row.id, 'stage1_ack', new Date('2027-01-05T12:00:00Z'), 'more time', 'staff:bo'),
    ).rejects.toMatchObject({
      refusal: 'not_extendable',
    });
  });

  it('closing a case withdraws its pending jobs, and any that still fire do nothing', async () => {
    const { base } = await customerOnSms();
    const { case: row } = await cases.openCase(base);
    const breach = await jobOf(row.id, 'stage1_response', 'breach');
    await cases.closeCase(row.id, 'staff:bo', { reason: 'withdrawn by the customer' });
    expect(
      await queues.queues.sla.getJob(slaJobId(row.id, 'stage1_response', 'breach', new Date(breach.dueAt))),
    ).toBeUndefined();
    expect((await store.listClocks(row.id)).every((k) => k.status === 'cancelled')).toBe(true);
    expect(await cases.handleSlaJob(breach)).toBe('stale');
  });

  it('a resolved first-time fix does not become a complaint when its clock would have run out', async () => {
    const { base } = await customerOnSms();
    const { case: row } = await cases.openCase({ ...base, kind: 'first_time_fix' });
    expect(row.stage).toBe('none');
    const breach = await jobOf(row.id, 'ftf_resolve', 'breach');
    await cases.resolveCase(row.id, 'staff:bo', { outcome: 'lights fixed' });
    expect(await cases.handleSlaJob(breach)).toBe('stale');
    expect((await store.getCase(row.id))?.kind).toBe('first_time_fix');
  });

  it('reclassifies with clocks worked out again from receipt, and will not take an unanswered complaint to stage 2', async () => {
    const { base } = await customerOnSms();
    const { case: row } = await cases.openCase({ ...base, kind: 'enquiry' });
    expect(await store.listClocks(row.id)).toEqual([]);
    await cases.reclassify(row.id, 'formal_complaint', 'staff:bo', 'the customer is unhappy with the service');
    const updated = await store.getCase(row.id);
    expect(updated).toMatchObject({ kind: 'formal_complaint', stage: 'stage1' });
    expect((await store.listClocks(row.id)).map((k) => k.name)).toEqual(['stage1_ack', 'stage1_response']);
    await expect(cases.escalateToStage2(row.id)).rejects.toBeInstanceOf(PolicyError);
  });
});
