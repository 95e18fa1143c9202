import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseService, type OpenCaseInput } from '../../src/cases/case-service.js';
import { slaJobId } from '../../src/cases/sla-jobs.js';
import { StaffActions, type Colleague } from '../../src/cases/staff-actions.js';
import { openSteps, StepService } from '../../src/cases/steps.js';
import { CaseStore } from '../../src/db/case-store.js';
import { PolicyError } from '../../src/errors.js';
import { createTranslator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { Outbox } from '../../src/outbox.js';
import { loadCalendars, loadPolicyPack } from '../../src/policy/index.js';
import { SlaJobSchema, type SlaJob } from '../../src/queues/definitions.js';
import { Queues } from '../../src/queues/queues.js';
import { backends, openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { breachJobOf, slaJobOf } from '../helpers/sla.js';

// Monday 30 November 2026 (no bank holidays until 25 December): day 0 of every case here.
const monday = new Date('2026-11-30T10:00:00Z');
const wednesday = new Date('2026-12-02T11:00:00Z');

const sam: Colleague = { actor: 'staff:USAM', firstName: 'Sam', team: 'complaints', lead: true };
const alex: Colleague = { actor: 'staff:UALEX', firstName: 'Alex', team: 'seniorManagers', lead: false };
const ref = (c: Colleague) => ({ actor: c.actor, lead: c.lead });

describe.each(backends)(
  'steps that meet clocks, stage 2 independence, remedies and late apologies on %s',
  (backend) => {
    let t: TestDatabase;
    let redis: Redis;
    let store: CaseStore;
    let queues: Queues;
    let cases: CaseService;
    let steps: StepService;
    let staff: StaffActions;
    const clock = { now: monday };
    const prefix = uniquePrefix('steps');
    let n = 0;

    async function customerOnSms(kind: OpenCaseInput['kind'] = 'formal_complaint', flags: string[] = []) {
      n += 1;
      const { conversationId, messageId } = await store.recordInbound({
        channelId: 'sms',
        providerMessageId: `SMsteps${backend}${n}`,
        from: `+4477009006${String(n).padStart(2, '0')}`,
        to: '+447700900000',
        text: 'There is black mould all over the bedroom wall and nobody has come',
        media: [],
        receivedAt: monday.toISOString(),
      });
      const customer = await store.ensureCustomer(conversationId);
      const opened = await cases.openCase({
        kind,
        customerId: customer.id,
        conversationId,
        channelId: 'sms',
        customerWords: 'There is black mould all over the bedroom wall and nobody has come',
        originMessageId: messageId,
        messageIds: [messageId],
        flags,
        receivedAt: monday,
      });
      return { conversationId, customerId: customer.id, row: opened.case };
    }

    const clockOf = async (caseId: string, name: string) =>
      (await store.listClocks(caseId)).find((k) => k.name === name);

    async function jobOf(caseId: string, name: string, alert: 'reminder' | 'breach'): Promise<SlaJob | undefined> {
      const dueAt = (await clockOf(caseId, name))?.due_at ?? 0;
      return alert === 'breach'
        ? breachJobOf(queues, cases, caseId, name, new Date(dueAt))
        : slaJobOf(queues, caseId, name, alert, new Date(dueAt));
    }

    const told = async (conversationId: string) =>
      (await store.listMessages(conversationId)).filter((m) => m.direction === 'outbound').map((m) => m.text);

    /** Run a clock's breach job just after its due date, as the sla queue would. */
    async function breach(caseId: string, name: string): Promise<void> {
      const job = await jobOf(caseId, name, 'breach');
      expect(job, `${name} has a breach job`).toBeDefined();
      const saved = clock.now;
      clock.now = new Date(new Date(job!.dueAt).getTime() + 1000);
      try {
        expect(await cases.handleSlaJob(job!)).toBe('breached');
      } finally {
        clock.now = saved;
      }
    }

    beforeAll(async () => {
      t = await openTestDatabase(backend);
      redis = testRedis();
      store = new CaseStore(t.db);
      queues = new Queues(redis, prefix);
      const outbox = new Outbox(store, queues);
      const logger = createLogger({ level: 'silent' });
      const translator = await createTranslator();
      const now = () => clock.now;
      cases = new CaseService({
        store,
        queues,
        outbox,
        pack: loadPolicyPack('code-2024'),
        calendars: loadCalendars('/nonexistent/bank-holidays.json'),
        translator,
        logger,
        now,
      });
      steps = new StepService({ store, cases, queues, outbox, logger, now });
      staff = new StaffActions({ store, cases, outbox, queues, translator, now });
    });
    afterAll(async () => {
      await queues.close();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await t.close();
    });

    it('sends nothing formal at receipt, and an acknowledgement on day 2 makes the response due 10 working days after day 2', async () => {
      const { row, conversationId } = await customerOnSms();
      expect(await told(conversationId)).toEqual([]);
      // Until acknowledged, the response date shown is the latest allowed: 10 wd after the ack's due date.
      expect((await clockOf(row.id, 'stage1_response'))?.due_at).toEqual(new Date('2026-12-21T23:59:59.999Z'));
      const provisional = await jobOf(row.id, 'stage1_response', 'breach');
      expect(openSteps(row, await store.listClocks(row.id))).toEqual(['acknowledge', 'response_sent']);

      clock.now = wednesday;
      try {
        const recorded = await steps.record(row.id, 'acknowledge', ref(sam), 'Spoke to her: wants the mould treated');
        expect(recorded).toMatchObject({ onTime: true, late: false });
      } finally {
        clock.now = monday;
      }
      const updated = await store.getCase(row.id);
      expect(updated?.acknowledged_at).toEqual(wednesday);
      expect(await clockOf(row.id, 'stage1_ack')).toMatchObject({
        status: 'met',
        met_at: wednesday,
        breached_at: null,
      });
      // Code 2024 6.3: Wednesday 2 December + 10 working days = Wednesday 16 December.
      const response = await clockOf(row.id, 'stage1_response');
      expect(response).toMatchObject({ status: 'running', due_at: new Date('2026-12-16T23:59:59.999Z') });
      expect(response?.basis).toContain('from acknowledgement');
      // The provisional response jobs are gone (and would be stale); the clock's own are queued.
      expect(await cases.handleSlaJob(provisional!)).toBe('stale');
      expect(await jobOf(row.id, 'stage1_response', 'breach')).toMatchObject({
        dueAt: '2026-12-16T23:59:59.999Z',
      });
      // The ack clock's own jobs no longer fire.
      expect(
        await queues.queues.sla.getJob(slaJobId(row.id, 'stage1_ack', 'breach', new Date('2026-12-07T23:59:59.999Z'))),
      ).toBeUndefined();
      expect(
        await cases.handleSlaJob({
          caseId: row.id,
          clock: 'stage1_ack',
          alert: 'breach',
          dueAt: '2026-12-07T23:59:59.999Z',
        }),
      ).toBe('stale');
      // The customer is told, in their language, with the date counted from the acknowledgement.
      const texts = await told(conversationId);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(row.reference);
      expect(texts[0]).toContain('Wednesday 16 December');
      const events = await store.listEvents(row.id);
      expect(events.find((e) => e.type === 'step_recorded')).toMatchObject({
        actor: sam.actor,
        data: { step: 'acknowledge', clock: 'stage1_ack', onTime: true, note: 'Spoke to her: wants the mould treated' },
      });
      expect(events.some((e) => e.type === 'acknowledged')).toBe(true);
      // Once acknowledged, it cannot be acknowledged again.
      await expect(steps.record(row.id, 'acknowledge', ref(sam))).rejects.toBeInstanceOf(PolicyError);
    });

    it('meets a breached clock late, keeping when it breached; the response sent meets the response clock', async () => {
      const { row } = await customerOnSms();
      await breach(row.id, 'stage1_ack');
      const breachedAt = (await clockOf(row.id, 'stage1_ack'))?.breached_at;
      expect(breachedAt).not.toBeNull();
      clock.now = new Date('2026-12-09T10:00:00Z');
      try {
        const recorded = await steps.record(row.id, 'acknowledge', ref(sam));
        expect(recorded).toMatchObject({ onTime: false, late: true });
        expect(await clockOf(row.id, 'stage1_ack')).toMatchObject({ status: 'met', breached_at: breachedAt });
        // Counted from the late acknowledgement: Wednesday 9 December + 10 wd = Wednesday 23 December.
        expect((await clockOf(row.id, 'stage1_response'))?.due_at).toEqual(new Date('2026-12-23T23:59:59.999Z'));
        const sent = await steps.record(row.id, 'response_sent', ref(sam), 'Letter posted');
        expect(sent).toMatchObject({ onTime: true, late: false });
      } finally {
        clock.now = monday;
      }
      const response = await clockOf(row.id, 'stage1_response');
      expect(response).toMatchObject({ status: 'met', met_at: new Date('2026-12-09T10:00:00Z'), breached_at: null });
      expect(await cases.stage1RespondedAt((await store.getCase(row.id))!)).toEqual(new Date('2026-12-09T10:00:00Z'));
      await expect(steps.record(row.id, 'response_sent', ref(sam))).rejects.toThrow(/no open stage1_response clock/);
    });

    it("records each of Awaab's Law's steps and the make-safe, on time or late", async () => {
      const { row } = await customerOnSms('emergency', ['damp_mould']);
      expect(openSteps(row, await store.listClocks(row.id))).toEqual([
        'investigation_recorded',
        'summary_sent',
        'safety_work_started',
        'made_safe',
      ]);
      const made = await steps.record(row.id, 'made_safe', ref(sam), 'Isolated the leak');
      expect(made).toMatchObject({ onTime: true, clock: { name: 'emergency_make_safe', status: 'met' } });

      clock.now = new Date('2026-12-03T09:00:00Z');
      try {
        const investigated = await steps.record(row.id, 'investigation_recorded', ref(sam));
        expect(investigated.onTime).toBe(true);
        // The summary and safety work now run from the investigation itself, not its due date.
        expect(investigated.restarted.map((c) => c.name).sort()).toEqual(['awaab_safety_work', 'awaab_summary']);
      } finally {
        clock.now = monday;
      }
      const summary = await clockOf(row.id, 'awaab_summary');
      expect(summary?.basis).toContain('from the investigation (');
      await breach(row.id, 'awaab_summary');
      clock.now = new Date(new Date(summary!.due_at).getTime() + 86_400_000);
      try {
        expect(await steps.record(row.id, 'summary_sent', ref(sam))).toMatchObject({ onTime: false, late: true });
        expect(await steps.record(row.id, 'safety_work_started', ref(sam))).toMatchObject({
          onTime: true,
          late: false,
        });
      } finally {
        clock.now = monday;
      }
      const clocks = await store.listClocks(row.id);
      expect(clocks.every((c) => c.status === 'met')).toBe(true);
      expect(clocks.find((c) => c.name === 'awaab_summary')?.breached_at).not.toBeNull();
      expect(openSteps(row, clocks)).toEqual([]);
    });

    it('refuses the stage 1 handler every stage 2 action, a team lead included, saying why', async () => {
      const { row, conversationId } = await customerOnSms();
      await staff.claimCase(row.id, sam, 'k1');
      await staff.resolve(
        row.id,
        sam,
        { outcome: 'partly_upheld', reasons: 'Missed visits', remedy: 'Apology', outstanding: 'None', changes: 'None' },
        'k2',
      );
      await cases.escalateToStage2(row.id, { reasons: 'Still mouldy' });
      const refused =
        /stage 2 of CMP-\d{4}-\d{6} must be handled by a person who did not consider the complaint at stage 1 \(Code 2024 6\.13\): you handled stage 1/;
      await expect(staff.claimCase(row.id, sam, 'k3')).rejects.toThrow(refused);
      await expect(steps.record(row.id, 'acknowledge', ref(sam))).rejects.toThrow(refused);
      await staff.claimCase(row.id, alex, 'k4');
      // Nor may anyone give it to them.
      await expect(staff.assign(row.id, alex, sam, 'k4a')).rejects.toThrow(
        /Sam handled stage 1, so they cannot take it\. Choose a colleague who was not involved/,
      );
      // Held by Alex now; Sam is a team lead, which lets a lead act on anyone's case, but never here.
      const response = { outcome: 'upheld' as const, reasons: 'r', remedy: 'r', outstanding: 'r', changes: 'r' };
      await expect(staff.resolve(row.id, sam, response, 'k5')).rejects.toThrow(/cannot resolve it/);
      await expect(staff.previewResolve(row.id, sam, response)).rejects.toThrow(refused);
      await expect(
        staff.replyToCustomer({ conversationId, caseId: row.id, colleague: sam, text: 'Hello', key: 'k6' }),
      ).rejects.toThrow(/cannot write to the customer about it/);
      await expect(
        staff.extend(row.id, 'stage2_response', new Date('2027-01-20T12:00:00Z'), 'Waiting for a survey', sam, 'k7'),
      ).rejects.toThrow(/cannot extend it/);
      await expect(steps.recordRemedy(row.id, { kind: 'apology' }, ref(sam), 'k8')).rejects.toThrow(refused);
      // Alex, who was not involved, acknowledges stage 2: the stage 2 response runs 20 wd from it (Code 6.14).
      const recorded = await steps.record(row.id, 'acknowledge', ref(alex));
      expect(recorded.clock.name).toBe('stage2_ack');
      expect(recorded.restarted[0]).toMatchObject({
        name: 'stage2_response',
        dueAt: new Date('2026-12-30T23:59:59.999Z'),
      });
      expect((await store.getCase(row.id))?.acknowledged_at).toEqual(monday);
    });

    it('a breached response clock sends the customer an apology with the new date, in their language, once', async () => {
      const { row, conversationId, customerId } = await customerOnSms();
      await store.updateCustomer(customerId, { preferred_language: 'pl' });
      await steps.record(row.id, 'acknowledge', ref(sam));
      const before = (await told(conversationId)).length;
      await breach(row.id, 'stage1_response');
      const job = await jobOf(row.id, 'stage1_response', 'breach');
      // Due Monday 14 December; the new date is the pack's stage 1 extension cap after it: 10 working days,
      // past the bank holidays of 25 and 28 December, Wednesday 30 December.
      const texts = (await told(conversationId)).slice(before);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('Przepraszamy');
      expect(texts[0]).toContain(row.reference);
      expect(texts[0]).toContain('30 grudnia');
      const event = (await store.listEvents(row.id)).find((e) => e.type === 'late_apology_sent');
      expect(event?.data).toMatchObject({ clock: 'stage1_response', newExpectedAt: '2026-12-30T23:59:59.999Z' });
      // The same breach job again says nothing more.
      expect(await cases.handleSlaJob(job!)).toBe('stale');
      expect((await told(conversationId)).slice(before)).toHaveLength(1);
      // An acknowledgement clock's breach tells staff, not the customer.
      const other = await customerOnSms();
      await breach(other.row.id, 'stage1_ack');
      expect(await told(other.conversationId)).toEqual([]);
    });

    it('records remedies with their kind and amount, and marks money paid once', async () => {
      const { row } = await customerOnSms();
      const apology = await steps.recordRemedy(row.id, { kind: 'apology', note: 'By phone' }, ref(sam), 'r1');
      clock.now = new Date(monday.getTime() + 60_000);
      const money = await steps.recordRemedy(
        row.id,
        { kind: 'compensation', amountPence: 7550, note: 'Time off work' },
        ref(sam),
        'r2',
      );
      // The same act again records nothing more.
      await steps.recordRemedy(row.id, { kind: 'compensation', amountPence: 7550 }, ref(sam), 'r2');
      clock.now = monday;
      await expect(steps.recordRemedy(row.id, { kind: 'compensation' }, ref(sam), 'r3')).rejects.toThrow(
        /needs an amount/,
      );
      await expect(steps.recordRemedy(row.id, { kind: 'apology', amountPence: 100 }, ref(sam), 'r4')).rejects.toThrow(
        /no amount/,
      );
      await expect(steps.markRemedyPaid(apology.id, ref(sam))).rejects.toThrow(/no amount to pay/);
      clock.now = wednesday;
      try {
        expect(await steps.markRemedyPaid(money.id, ref(sam))).toMatchObject({
          paid_at: wednesday,
          amount_pence: 7550,
        });
      } finally {
        clock.now = monday;
      }
      await expect(steps.markRemedyPaid(money.id, ref(sam))).rejects.toThrow(/already marked paid/);
      expect(await steps.listRemedies(row.id)).toMatchObject([
        { kind: 'apology', amount_pence: null, paid_at: null, note: 'By phone', recorded_by: sam.actor },
        { kind: 'compensation', amount_pence: 7550, paid_at: wednesday, note: 'Time off work' },
      ]);
      const types = (await store.listEvents(row.id)).map((e) => e.type);
      expect(types.filter((t) => t === 'remedy_recorded')).toHaveLength(2);
      expect(types.filter((t) => t === 'remedy_paid')).toHaveLength(1);
      // Someone else's case: only its holder or a lead.
      await staff.claimCase(row.id, alex, 'r5');
      await expect(
        steps.recordRemedy(
          row.id,
          { kind: 'repair', note: 'New extractor fan' },
          { actor: 'staff:UBO', lead: false },
          'r6',
        ),
      ).rejects.toThrow(/held by a colleague/);
    });

    it('resolving meets every open clock, a breached one late', async () => {
      const { row } = await customerOnSms();
      await breach(row.id, 'stage1_ack');
      await cases.resolveCase(row.id, 'staff:USAM', { outcome: 'upheld' });
      const clocks = await store.listClocks(row.id);
      expect(clocks.map((c) => c.status)).toEqual(['met', 'met']);
      expect(clocks.find((c) => c.name === 'stage1_ack')?.breached_at).not.toBeNull();
    });
  },
);
