import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDataCommand, type DataCommandName } from '../../src/data-protection/cli.js';
import { RightsRequests } from '../../src/data-protection/rights-requests.js';
import { applyRetention, RetentionSweep } from '../../src/data-protection/retention.js';
import type { SubjectAccessExport } from '../../src/data-protection/subject-access-export.js';
import { CaseStore } from '../../src/db/case-store.js';
import { DataProtectionAuditRepository } from '../../src/db/data-protection-audit.js';
import { SurveyRepository } from '../../src/db/surveys.js';
import { DeliveryStore } from '../../src/delivery/delivery-store.js';
import type { Case, CaseKind } from '../../src/db/rows.js';
import { Outbox } from '../../src/outbox.js';
import { loadCalendars, loadPolicyPack } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import { backends, openTestDatabase, postgresUrl, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const pack = loadPolicyPack('code-2024');
const now = new Date('2026-12-01T10:00:00Z');
let phoneCounter = 0;

describe.each(backends)('data protection in the system of record (%s)', (backend) => {
  let t: TestDatabase;
  let store: CaseStore;
  const redis = testRedis();
  const prefix = uniquePrefix('dataprot');
  let queues: Queues;

  beforeAll(async () => {
    t = await openTestDatabase(backend);
    store = new CaseStore(t.db);
    queues = new Queues(redis, prefix);
  }, 180_000);
  afterAll(async () => {
    await queues.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await t.close();
  });

  /** A customer who wrote once by SMS, with a case of the kind asked for on that message. */
  async function customerWithCase(input: {
    kind: CaseKind;
    words: string;
    name: string;
    closedAt?: Date;
    flags?: string[];
  }): Promise<{ customerId: string; conversationId: string; phone: string; row: Case; messageId: string }> {
    phoneCounter += 1;
    const phone = `+4477009${String(10000 + phoneCounter + Math.floor(Math.random() * 80000))}`;
    const stored = await store.recordInbound({
      channelId: 'sms',
      providerMessageId: `SM-dp-${phone}-${phoneCounter}`,
      from: phone,
      to: '+447700900000',
      text: input.words,
      media: [],
      receivedAt: '2019-03-01T10:00:00.000Z',
    });
    const customer = await store.ensureCustomer(stored.conversationId);
    await store.updateCustomer(customer.id, { name: input.name, postcode: 'SW1A 1AA', address: '1 Oak Avenue' });
    const created = await store.createCase({
      kind: input.kind,
      stage: input.kind === 'formal_complaint' ? 'stage1' : 'none',
      policyPack: pack.id,
      customerId: customer.id,
      conversationId: stored.conversationId,
      channelId: 'sms',
      customerWords: input.words,
      flags: input.flags ?? [],
      receivedAt: new Date('2019-03-01T10:00:00Z'),
      clocks: [],
      actor: 'bot',
    });
    await store.attachMessageToCase(stored.messageId, created.id);
    const row = input.closedAt
      ? await store.updateCase(created.id, { status: 'closed', closed_at: input.closedAt }, 'staff:U1', 'closed', {
          reason: 'resolved_without_response',
        })
      : created;
    return { customerId: customer.id, conversationId: stored.conversationId, phone, row, messageId: stored.messageId };
  }

  async function run(name: DataCommandName, args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runDataCommand(name, args, {
      db: t.db,
      pack,
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
      now: () => now,
      actor: 'cli:dpo',
    });
    return { code, out, err };
  }

  it('the retention job anonymises an expired closed case and leaves an open one untouched, keeping counts and timings', async () => {
    const closed = await customerWithCase({
      kind: 'enquiry',
      words: 'My name is Ann Old and my neighbour at 3 Elm Road keeps parking on my drive',
      name: 'Ann Old',
      closedAt: new Date('2020-01-10T10:00:00Z'),
    });
    const open = await customerWithCase({
      kind: 'enquiry',
      words: 'Still waiting for my fence, Bob Open',
      name: 'Bob Open',
    });
    await store.appendEvent(closed.row.id, 'staff:U1', 'staff_note', { note: 'Spoke to Ann Old at 3 Elm Road' });

    const result = await applyRetention(t.db, pack, now);
    expect(result.cases).toBeGreaterThanOrEqual(1);

    const gone = await store.getCase(closed.row.id);
    expect(gone?.anonymised_at).not.toBeNull();
    expect(gone?.customer_words).toBe('');
    // What reports count and time stays.
    expect(gone).toMatchObject({ kind: 'enquiry', status: 'closed', reference: closed.row.reference });
    expect(new Date(gone?.received_at ?? 0).toISOString()).toBe('2019-03-01T10:00:00.000Z');
    expect(new Date(gone?.closed_at ?? 0).toISOString()).toBe('2020-01-10T10:00:00.000Z');
    const message = await store.getMessage(closed.messageId);
    expect(message?.text).toBe('');
    const events = await store.listEvents(closed.row.id);
    expect(events.map((e) => e.type)).toEqual(['case_created', 'closed', 'staff_note']);
    expect(JSON.stringify(events)).not.toContain('Ann Old');
    expect(JSON.stringify(events)).not.toContain('Elm Road');
    const customer = await store.getCustomer(closed.customerId);
    expect(customer).toMatchObject({ name: null, phone: null, postcode: null, address: null });
    const conversation = await store.getConversation(closed.conversationId);
    expect(conversation?.address).not.toBe(closed.phone);

    const kept = await store.getCase(open.row.id);
    expect(kept?.anonymised_at ?? null).toBeNull();
    expect(kept?.customer_words).toBe('Still waiting for my fence, Bob Open');
    expect((await store.getCustomer(open.customerId))?.name).toBe('Bob Open');
    expect((await store.getMessage(open.messageId))?.text).toBe('Still waiting for my fence, Bob Open');

    // Audited with counts and ids, never the data.
    const audit = await new DataProtectionAuditRepository(t.db).listByAction('retention_anonymised');
    expect(audit.some((a) => a.case_id === closed.row.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('Ann Old');
    // The audit trail of cases stays append-only outside anonymisation.
    await expect(t.db.query(`update case_events set data = '{}' where case_id = $1`, [closed.row.id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('erasure of a customer with an open complaint is refused with the reason, and audited without the data', async () => {
    const c = await customerWithCase({
      kind: 'formal_complaint',
      words: 'Nobody fixed my roof, Carol Open',
      name: 'Carol Open',
    });
    const { code, out, err } = await run('erase', ['--customer', c.customerId, '--reason', 'customer asked by phone']);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ erased: false, code: 'complaint_open', references: [c.row.reference] });
    expect(err).toContain('a complaint is open');
    expect((await store.getCustomer(c.customerId))?.name).toBe('Carol Open');
    expect((await store.getCase(c.row.id))?.customer_words).toBe('Nobody fixed my roof, Carol Open');
    const audit = await new DataProtectionAuditRepository(t.db).listForCustomer(c.customerId);
    expect(audit.map((a) => [a.action, a.actor, a.details['code']])).toEqual([
      ['erasure_refused', 'cli:dpo', 'complaint_open'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('Carol');
  });

  it('erasure goes ahead once nothing must be kept: the customer, their cases and messages are anonymised', async () => {
    const c = await customerWithCase({
      kind: 'enquiry',
      words: 'Dave Gone here, please call me on 07700 900999',
      name: 'Dave Gone',
      closedAt: new Date('2026-06-01T10:00:00Z'),
    });
    const { code, out } = await run('erase', ['--customer', c.customerId, '--reason', 'asked in writing']);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ erased: true, cases: 1, conversations: 1 });
    expect((await store.getCustomer(c.customerId))?.name).toBeNull();
    expect((await store.getMessage(c.messageId))?.text).toBe('');
    expect((await store.getCase(c.row.id))?.customer_words).toBe('');
    const audit = await new DataProtectionAuditRepository(t.db).listForCustomer(c.customerId);
    expect(audit.map((a) => a.action)).toEqual(['erasure']);
    expect(JSON.stringify(audit)).not.toContain('Dave');
    expect(JSON.stringify(audit)).not.toContain('07700');
  });

  it("a withdrawal stops a representative's messages: recorded by a colleague, then nothing more is sent to them", async () => {
    const c = await customerWithCase({
      kind: 'formal_complaint',
      words: 'I am writing for my mother about her boiler',
      name: 'Eve Mother',
    });
    // Frank wrote from this conversation for his mother, and she agreed he may act for her.
    const frank = await store.addParty({
      caseId: c.row.id,
      name: 'Frank Son',
      relationship: 'son',
      conversationId: c.conversationId,
      consentStatus: 'confirmed',
    });
    await store.recordConsent({
      customerId: c.customerId,
      caseId: c.row.id,
      conversationId: null,
      kind: 'representative',
      wordingVersion: pack.consentWording.representativeConsent,
      granted: true,
      channelId: 'sms',
      details: { givenBy: 'customer', partyId: frank.id, representative: 'Frank Son' },
    });
    const outbox = new Outbox(store, queues);
    const before = await outbox.say(c.conversationId, {
      text: 'An update on your case',
      author: 'staff:U1',
      caseId: c.row.id,
    });
    expect(before.status).toBe('queued');
    expect(await queues.queues.outbound.getJob(`out-${before.id}`)).toBeDefined();

    const { code, out } = await run('withdraw', [
      '--customer',
      c.customerId,
      '--kind',
      'representative',
      '--said',
      'Eve phoned on 1 Dec: she no longer wants her son to act for her',
      '--by',
      'staff:U2',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ withdrawn: [{ kind: 'representative', caseId: c.row.id }] });
    const withdrawal = (await store.listConsents(c.customerId)).at(-1);
    expect(withdrawal).toMatchObject({
      kind: 'representative',
      granted: false,
      withdrawal: true,
      actor: 'staff:U2',
      channel_id: 'staff',
      wording_version: pack.consentWording.withdrawal,
    });
    expect((await store.getCase(c.row.id))?.flags).toContain('representative_consent_withdrawn');
    // Frank is a party of the case whose consent is withdrawn, with an event saying who recorded it.
    expect(await store.getParty(frank.id)).toMatchObject({
      consent_status: 'withdrawn',
      consent_decided_by: 'staff:U2',
    });
    expect((await store.listEvents(c.row.id)).map((e) => [e.type, e.actor])).toContainEqual([
      'representative_consent_withdrawn',
      'staff:U2',
    ]);

    const after = await outbox.say(c.conversationId, { text: 'Another update', author: 'staff:U1', caseId: c.row.id });
    expect(after.status).toBe('suppressed');
    expect(await queues.queues.outbound.getJob(`out-${after.id}`)).toBeUndefined();
  });

  it('the export and erasure cover what came after intake: a representative, letters sent, a restriction, a survey, a remedy', async () => {
    const c = await customerWithCase({
      kind: 'formal_complaint',
      words: 'Lena here, the damp in the bedroom is back',
      name: 'Lena Damp',
      closedAt: new Date('2025-06-01T10:00:00Z'),
    });
    const rep = await customerWithCase({
      kind: 'enquiry',
      words: 'Hi, Omar from the advice centre',
      name: 'Omar Adviser',
    });
    await store.addParty({
      caseId: c.row.id,
      name: 'Omar Adviser',
      organisation: 'Riverside Advice Centre',
      phone: rep.phone,
      conversationId: rep.conversationId,
      consentStatus: 'confirmed',
    });
    await new DeliveryStore(t.db).insertDelivery({
      id: crypto.randomUUID(),
      caseId: c.row.id,
      customerId: c.customerId,
      key: `dp-letter-${c.row.id}`,
      preferred: 'email',
      route: 'email',
      status: 'sent',
      fallbackReason: null,
      recipient: 'lena@example.org',
      documentId: null,
      language: 'en',
      subject: 'Your complaint',
      body: 'Dear Lena Damp, we have received your complaint',
      createdAt: now,
    });
    await store.addRestriction({
      customerId: c.customerId,
      caseId: c.row.id,
      reason: 'Lena shouted at the surveyor on 3 May',
      arrangement: 'single_point_of_contact',
      reviewAt: new Date('2025-09-01T00:00:00Z'),
      recordedBy: 'staff:U7',
    });
    const surveys = new SurveyRepository(t.db);
    const candidate = {
      case_id: c.row.id,
      reference: c.row.reference,
      customer_id: c.customerId,
      conversation_id: c.conversationId,
      channel_id: 'sms' as const,
    };
    await surveys.claim(candidate, 'en');
    await surveys.markAsked(c.row.id, now);
    await surveys.answer(
      c.row.id,
      { satisfaction: 2, handledFairly: false, comment: 'Lena: nobody called back' },
      null,
      now,
    );
    await store.recordRemedy({
      id: crypto.randomUUID(),
      caseId: c.row.id,
      kind: 'compensation',
      amountPence: 5000,
      note: 'Agreed with Lena and her neighbour Mr Cole',
      actor: 'staff:U7',
      at: now,
    });

    const doc = JSON.parse((await run('sar', ['--customer', c.customerId])).out) as SubjectAccessExport;
    expect(doc.deliveries.map((d) => [d.route, d.recipient, d.body])).toEqual([
      ['email', 'lena@example.org', 'Dear Lena Damp, we have received your complaint'],
    ]);
    expect(doc.restrictions).toMatchObject([
      { reason: 'Lena shouted at the surveyor on 3 May', recorded_by: 'colleague' },
    ]);
    expect(doc.surveys).toMatchObject([
      { satisfaction: 2, handled_fairly: false, comment: 'Lena: nobody called back' },
    ]);
    expect(doc.remedies).toMatchObject([{ kind: 'compensation', amount_pence: 5000, note: 'withheld pending review' }]);
    // Omar is someone else: that he acts for her is shown, who he is waits for review.
    expect(doc.representatives).toMatchObject([{ case_id: c.row.id, consent_status: 'confirmed' }]);
    const text = JSON.stringify(doc);
    for (const other of ['Omar', 'Riverside', rep.phone, 'Mr Cole', 'U7']) expect(text).not.toContain(other);
    // The remedy's note is withheld twice over: on the remedy, and on the event that recorded it.
    expect(doc.withheld.map((w) => w.what).sort()).toEqual(['remedy_note', 'representative', 'staff_note']);

    // Omar's own request: his details as her representative, nothing of her case.
    const his = JSON.parse((await run('sar', ['--phone', rep.phone])).out) as SubjectAccessExport;
    expect(his.actingFor).toMatchObject([
      { name: 'Omar Adviser', organisation: 'Riverside Advice Centre', phone: rep.phone },
    ]);
    expect(JSON.stringify(his)).not.toContain('Lena');
    expect(JSON.stringify(his)).not.toContain(c.row.reference);

    // Erased (closed more than the pack's twelve months ago): all of it goes, the counts stay.
    expect((await run('erase', ['--customer', c.customerId, '--reason', 'asked by letter'])).code).toBe(0);
    const after = JSON.stringify(
      await t.db.query(
        `select d.body, d.recipient, d.subject, r.reason, s.comment, s.satisfaction, p.name, p.phone, p.organisation, m.note, m.amount_pence
         from customer_deliveries d, contact_restrictions r, survey_responses s, case_parties p, case_remedies m
         where d.case_id = $1 and r.case_id = $1 and s.case_id = $1 and p.case_id = $1 and m.case_id = $1`,
        [c.row.id],
      ),
    );
    for (const gone of ['Lena', 'lena@', 'Omar', 'Riverside', rep.phone, 'surveyor', 'Mr Cole'])
      expect(after).not.toContain(gone);
    expect(after).toContain('"satisfaction":2');
    expect(after).toContain('"amount_pence":5000');
  });

  it("the export lists a colleague's note naming a neighbour as withheld pending review, never its words", async () => {
    const c = await customerWithCase({ kind: 'enquiry', words: 'The fence is down again', name: 'Gill Asker' });
    await store.appendEvent(c.row.id, 'staff:U9', 'staff_note', {
      note: 'Neighbour Mr Harris at no. 4 says otherwise',
    });
    const { code, out, err } = await run('sar', ['--customer', c.customerId]);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as SubjectAccessExport;
    expect(doc.customers[0]?.name).toBe('Gill Asker');
    expect(doc.messages.map((m) => m.text)).toEqual(['The fence is down again']);
    expect(out).not.toContain('Harris');
    expect(out).not.toContain('U9');
    expect(doc.reviewNeeded).toBe(true);
    expect(doc.withheld).toContainEqual(expect.objectContaining({ what: 'staff_note', caseId: c.row.id }));
    expect(err).toContain('withheld pending review');
    expect(err).not.toContain('Gill');

    const html = await run('sar', ['--customer', c.customerId, '--format', 'html']);
    expect(html.out).toMatch(/^<!doctype html>/);
    expect(html.out).toContain('The fence is down again');
    expect(html.out).not.toContain('Harris');
    const audit = await new DataProtectionAuditRepository(t.db).listForCustomer(c.customerId);
    expect(audit.filter((a) => a.action === 'subject_access_export')).toHaveLength(2);
  });

  it('a subject access request is extended by at most two further months, with a reason, within the first month', async () => {
    const c = await customerWithCase({ kind: 'enquiry', words: 'Send me a copy of my data', name: 'Jo Access' });
    const requests = new RightsRequests({
      store,
      queues,
      pack,
      calendars: loadCalendars('/nonexistent/x.json'),
      now: () => now,
    });
    const opened = await requests.open({
      kind: 'subject_access',
      customerId: c.customerId,
      conversationId: c.conversationId,
      channelId: 'sms',
      words: 'Send me a copy of my data',
      receivedAt: new Date('2026-11-30T10:00:00Z'),
    });
    expect(new Date(opened.clocks[0]?.due_at ?? 0).toISOString()).toBe('2026-12-30T23:59:59.999Z');
    const reference = opened.case.reference;
    const tooLate = await run('extend-request', [
      '--reference',
      reference,
      '--until',
      '2027-03-15',
      '--reason',
      'many records',
    ]);
    expect(tooLate.code).toBe(1);
    expect(tooLate.err).toContain('2027-02-28');
    const ok = await run('extend-request', [
      '--reference',
      reference,
      '--until',
      '2027-02-26',
      '--reason',
      'many records',
    ]);
    expect(ok.code).toBe(0);
    const clock = (await store.listClocks(opened.case.id))[0];
    expect(clock).toMatchObject({ extension_reason: 'many records' });
    expect(new Date(clock?.due_at ?? 0).toISOString()).toBe('2027-02-26T23:59:59.999Z');
    expect(
      (await new DataProtectionAuditRepository(t.db).listForCustomer(c.customerId)).map((a) => a.action),
    ).toContain('rights_request_extended');
  });

  it('the retention sweep logs counts, never what it anonymised (even before the logger redacts)', async () => {
    const c = await customerWithCase({
      kind: 'enquiry',
      words: 'Kim Logged at 9 Ash Close, call 07700 900555',
      name: 'Kim Logged',
      closedAt: new Date('2020-02-01T10:00:00Z'),
    });
    let out = '';
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const sweep = new RetentionSweep({ db: t.db, pack, logger: pino(stream), everyMs: 60_000, now: () => now });
    const result = await sweep.run();
    expect(result.cases).toBeGreaterThanOrEqual(1);
    expect((await store.getCase(c.row.id))?.customer_words).toBe('');
    expect(out).toContain('retention schedule anonymised expired records');
    for (const personal of ['Kim', 'Ash Close', '07700', c.phone, c.customerId]) expect(out).not.toContain(personal);
  });

  it('refuses bad arguments with a usage line, never a stack trace', async () => {
    expect((await run('sar', ['--phone', '07700'])).code).toBe(2);
    expect((await run('sar', [])).err).toContain('exactly one of');
    expect((await run('erase', ['--customer', 'not-a-uuid', '--reason', 'x'])).err).toContain('usage:');
  });

  it.runIf(backend === 'postgres')(
    '`npm run -s intake -- sar --phone` writes the JSON document to stdout',
    async () => {
      const c = await customerWithCase({ kind: 'enquiry', words: 'Is my rent right?', name: 'Ivy Command' });
      const url = `${postgresUrl}?options=${encodeURIComponent(`-c search_path=${t.schema ?? 'public'}`)}`;
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'bin/intake.ts', 'sar', '--phone', c.phone], {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        timeout: 120_000,
      });
      const doc = JSON.parse(stdout) as SubjectAccessExport;
      expect(doc.customers.map((x) => x.id)).toEqual([c.customerId]);
      expect(doc.messages.map((m) => m.text)).toEqual(['Is my rent right?']);
    },
    150_000,
  );
});
