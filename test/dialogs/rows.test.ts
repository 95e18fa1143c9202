import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../dialogs/index.js';
import { buildCore } from '../../app/core.js';
import { defaultLandlord, landlordVars } from '../../dialogs/landlord.js';
import type { CaseService } from '../../src/cases/case-service.js';
import { firstAlertOf } from '../helpers/sla.js';
import { CaseStore } from '../../src/db/case-store.js';
import { PrivacyNoticeRepository } from '../../src/db/privacy-notices.js';
import type { Message } from '../../src/db/rows.js';
import { createTranslator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { loadPolicyPack } from '../../src/policy/index.js';
import { jobId } from '../../src/queues/definitions.js';
import { Queues } from '../../src/queues/queues.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { buildPipeline, sms, type PipelineHarness } from '../helpers/pipeline.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { calendars, monday, publicBaseUrl } from './harness.js';

/**
 * The rows each finished flow leaves, through the real turn pipeline (store, enqueue,
 * turn, replies stored and queued), on PGlite and on PostgreSQL.
 */
describe.each(backends)('rows a finished flow leaves, on %s', (backend) => {
  let t: TestDatabase;
  let redis: Redis;
  let pipeline: PipelineHarness;
  let store: CaseStore;
  let queues: Queues;
  let cases: CaseService;
  const prefix = uniquePrefix(`rows-${backend}`);
  let n = 0;

  /** Say something as the customer; the turn runs as its inbound job runs it; returns what the bot said. */
  async function say(from: string, text: string): Promise<Message[]> {
    n += 1;
    const accepted = await pipeline.intake.accept(sms(`SM${backend}${n}`, text, from));
    const message = await pipeline.store.getMessage(accepted.messageId);
    expect(await pipeline.runInbound(message?.conversation_id ?? '')).toBe('done');
    const all = await pipeline.store.listMessages(message?.conversation_id ?? '');
    const after = all.findIndex((m) => m.id === accepted.messageId);
    return all.slice(after + 1).filter((m) => m.direction === 'outbound');
  }

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    redis = testRedis();
    const i18n = await createTranslator();
    const logger = createLogger({ level: 'silent' });
    queues = new Queues(redis, prefix);
    // The core as the composition root builds it (app/core.ts), without letters as the transcripts run.
    ({ store, cases } = buildCore({
      db: t.db,
      queues,
      translator: i18n,
      pack: loadPolicyPack('code-2024'),
      calendars,
      logger,
      documentSecret: 'rows-test-document-links',
      publicBaseUrl,
      landlord: landlordVars(defaultLandlord),
      now: () => monday,
      letters: false,
    }));
    pipeline = buildPipeline({
      db: t.db,
      redis,
      prefix,
      bot: (conversationState) => createBot({ store, cases, conversationState, i18n, logger, now: () => monday }),
    });
  });
  afterAll(async () => {
    await pipeline.close();
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await t.close();
  });

  it('a complaint by SMS: case with reference and clocks, consents, preferences, messages and audit events', async () => {
    const from = '+447700900801';
    const first = await say(
      from,
      "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing",
    );
    expect(first.map((m) => m.status)).toEqual(['queued', 'queued']);
    for (const [text, replies] of [
      ['1', 1],
      ['yes', 1],
      ['A new appointment and an apology', 1],
      ['2', 1],
      ['1', 1],
      ['Jane Smith', 1],
      ['SW1A 1AA', 1],
      // Chose "Formal complaint" when offered: not asked again whether it may be recorded as one.
      ['1', 1],
    ] as const) {
      expect(await say(from, text)).toHaveLength(replies);
    }
    const last = await say(from, '3');
    // The confirmation, then (a complaint) the vulnerability question, asked once the case is safe (issue 11 item 6).
    expect(last).toHaveLength(4);
    expect(last[3]?.text).toContain('older, disabled, unwell, pregnant');
    const reference = /CMP-2026-\d{6}/.exec(last[0]?.text ?? '')?.[0] ?? '';
    expect(last[1]?.text).toContain('Monday 7 December');

    const row = await store.getCaseByReference(reference);
    expect(row).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      status: 'open',
      priority: 'normal',
      policy_pack: 'code-2024',
      channel_id: 'sms',
    });
    expect(new Date(row?.received_at ?? 0).toISOString()).toBe(monday.toISOString());
    const clocks = await store.listClocks(row?.id ?? '');
    expect(clocks.map((k) => [k.name, new Date(k.due_at).toISOString()])).toEqual([
      ['stage1_ack', '2026-12-07T23:59:59.999Z'],
      ['stage1_response', '2026-12-21T23:59:59.999Z'],
    ]);
    // The clocks are watched: each has its first alert queued (a reminder, which schedules the
    // breach when it fires; or the breach), and staff are told of the new case.
    for (const clock of clocks)
      expect(await firstAlertOf(queues, row?.id ?? '', clock.name, clock.due_at)).toBeDefined();
    expect((await queues.queues.handoff.getJob(jobId('case-created', row?.id ?? '')))?.data).toEqual({
      type: 'case_created',
      caseId: row?.id,
    });

    const customer = await store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      phone: from,
      contact_method: 'sms',
      preferred_format: 'easy_read',
      preferred_language: 'en',
    });

    // The privacy notice is told and recorded as such, not as a consent (issue 16).
    const notices = await new PrivacyNoticeRepository(t.db).listPrivacyNotices(customer?.id ?? '', []);
    expect(notices.map((n) => [n.response, n.wording_version, n.channel_id])).toEqual([
      ['acknowledged', 'privacy-notice/2026-12.1', 'sms'],
    ]);
    const consents = await store.listConsents(customer?.id ?? '');
    expect(consents.map((k) => [k.kind, k.granted, k.case_id === row?.id, k.wording_version, k.channel_id])).toEqual([
      ['record_as_complaint', true, true, 'record-as-complaint/2026-11.1', 'sms'],
    ]);
    expect(consents[0]?.details).toEqual({ offerChoice: 'formal', asked: false });

    const caseMessages = await store.listCaseMessages(row?.id ?? '');
    const inbound = caseMessages.filter((m) => m.direction === 'inbound');
    expect(inbound).toHaveLength(10);
    expect(inbound[0]?.text).toBe(row?.customer_words);
    const conversationMessages = await store.listMessages(row?.conversation_id ?? '');
    expect(conversationMessages.every((m) => m.status === 'processed' || m.status === 'queued')).toBe(true);
    // Every reply is stored and queued: SMS is sent by its provider's API, so the job that ran
    // the turn queues one send job for the conversation, named after the first reply it had
    // not sent, and the sender drains every queued reply in order (no channel sends here).
    const outbound = conversationMessages.filter((x) => x.direction === 'outbound');
    expect(outbound.length).toBeGreaterThan(0);
    expect(outbound.every((m) => m.status === 'queued')).toBe(true);
    const jobs = await pipeline.queues.queues.outbound.getJobs([
      'waiting',
      'delayed',
      'prioritized',
      'completed',
      'active',
    ]);
    const queuedFor = new Set(jobs.map((j) => (j.data as { conversationId: string }).conversationId));
    expect(queuedFor.has(row?.conversation_id ?? '')).toBe(true);
    const firstReplies = new Set(jobs.map((j) => (j.data as { messageId: string }).messageId));
    expect(outbound.some((m) => firstReplies.has(m.id))).toBe(true);

    const events = await store.listEvents(row?.id ?? '');
    expect(events.map((e) => e.type)).toEqual(['case_created', 'customer_preferences']);
    expect(events[1]?.data).toMatchObject({ format: 'easy_read', contactMethod: 'sms', language: 'en' });
  });

  it('an emergency: EMG case at top priority with its 24-hour clock, and the conversation queued for a person', async () => {
    const from = '+447700900802';
    const replies = await say(from, 'I can smell gas in the kitchen');
    expect(replies.map((m) => m.text)[0]).toContain('0800 111 999');
    const reference = /EMG-2026-\d{6}/.exec(replies.at(-1)?.text ?? '')?.[0] ?? '';
    const row = await store.getCaseByReference(reference);
    expect(row).toMatchObject({ kind: 'emergency', priority: 'emergency', stage: 'none', category: 'repairs' });
    expect(row?.flags).toContain('hazard:gas');
    const [clock] = await store.listClocks(row?.id ?? '');
    expect(clock).toMatchObject({ name: 'emergency_make_safe', status: 'running' });
    expect(new Date(clock?.due_at ?? 0).toISOString()).toBe('2026-12-01T10:00:00.000Z');
    const conversation = await store.getConversation(row?.conversation_id ?? '');
    expect(conversation?.handoff_state).toBe('queued');
    expect(
      (await store.listCaseMessages(row?.id ?? '')).filter((m) => m.direction === 'inbound').map((m) => m.text),
    ).toEqual(['I can smell gas in the kitchen']);
  });
});
