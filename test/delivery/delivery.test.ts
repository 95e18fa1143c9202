import { existsSync, readFileSync } from 'node:fs';
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StaffActions, type Colleague } from '../../src/cases/staff-actions.js';
import { DeliveryQueue, smtpMailer, startDeliveryWorker, type Delivery } from '../../src/delivery/index.js';
import { createLogger } from '../../src/logger.js';
import { hasPoppler, pdfText } from '../documents/helpers.js';
import { parseMail, SmtpFake, type ReceivedMail } from '../fakes/smtp-fake.js';
import { backends, type Backend } from '../helpers/db.js';
import { waitFor } from '../helpers/redis.js';
import { monday, startDeliveryWorld, type DeliveryWorld } from './world.js';

const from = 'Example Homes <complaints@example-homes.test>';
const sam: Colleague = { actor: 'staff:U0SAM', firstName: 'Sam', team: 'complaints', lead: true };
const response = {
  outcome: 'upheld' as const,
  reasons: 'The repair was booked but the contractor never came.',
  remedy: 'We will treat the mould and repair the extractor fan.',
  outstanding: 'The fan is ordered.',
  changes: 'Contractors now confirm each visit the day before.',
};

function pdfAttachments(mail: ReceivedMail): Buffer[] {
  return parseMail(mail.raw)
    .parts.filter((p) => (p.headers['content-type'] ?? '').startsWith('application/pdf'))
    .map((p) => p.body);
}

/** The world with email through a real SMTP client to a local server, and the delivery worker running. */
async function start(
  backend: Backend,
  smtp: SmtpFake,
  queue: { attempts: number; backoffMs: number },
): Promise<{ w: DeliveryWorld; worker: Worker; queue: DeliveryQueue }> {
  let deliveryQueue: DeliveryQueue | undefined;
  const w = await startDeliveryWorld(backend, {
    mailer: smtpMailer({ url: smtp.url, from, timeoutMs: 2_000 }),
    emailJobs: ({ redis, prefix }) =>
      (deliveryQueue = new DeliveryQueue({
        connection: redis,
        prefix,
        emailAttempts: queue.attempts,
        emailBackoffMs: queue.backoffMs,
      })),
  });
  const worker = startDeliveryWorker({
    connection: w.redis.duplicate(),
    prefix: w.prefix,
    service: w.delivery,
    printer: w.printer,
    logger: createLogger({ level: 'silent' }),
  });
  await worker.waitUntilReady();
  return { w, worker, queue: deliveryQueue! };
}

describe.each(backends)(
  'notices and letters by the customer’s contact method, on %s (docs/rules/delivery.md)',
  (backend) => {
    const smtp = new SmtpFake();
    let w: DeliveryWorld;
    let worker: Worker;
    let queue: DeliveryQueue;
    let staff: StaffActions;
    beforeAll(async () => {
      await smtp.start();
      ({ w, worker, queue } = await start(backend, smtp, { attempts: 40, backoffMs: 200 }));
      staff = new StaffActions({
        store: w.store,
        cases: w.cases,
        outbox: w.outbox,
        queues: w.queues,
        translator: w.translator,
        now: () => w.clock.now,
      });
    }, 120_000);
    afterAll(async () => {
      await worker?.close();
      await queue?.close();
      await w?.close();
      await smtp.stop();
    });
    beforeEach(() => {
      w.clock.now = monday;
    });

    const deliveries = (caseId: string): Promise<Delivery[]> => w.delivery.deliveries.listForCase(caseId);
    const said = async (conversationId: string) =>
      (await w.store.listMessages(conversationId)).filter((m) => m.direction === 'outbound').map((m) => m.text);

    it('an email preference: the acknowledgement and the response go by SMTP, one email each, with the letter attached as a PDF', async () => {
      const who = await w.customer({ contactMethod: 'email', email: 'jane@example.org', postcode: 'M1 1AE' });
      const caseId = await w.open(who);
      const reference = (await w.store.getCase(caseId))!.reference;
      await staff.resolve(caseId, sam, response, 'resolve-1');
      const mails = await waitFor(
        async () => {
          const toJane = smtp.received.filter((m) => m.to.includes('jane@example.org'));
          return toJane.length >= 2 ? toJane : undefined;
        },
        'two emails to jane@example.org: the acknowledgement with its letter, the response with its letter',
        60_000,
      );
      // One email per step: the notice's words above the letter's link, with the letter attached.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(smtp.received.filter((m) => m.to.includes('jane@example.org'))).toHaveLength(2);
      expect(mails.map((m) => pdfAttachments(m).length)).toEqual([1, 1]);
      for (const mail of mails) {
        expect(mail.from).toBe('complaints@example-homes.test');
        expect(parseMail(mail.raw).headers['subject']).toContain(reference);
      }
      const letters = mails.flatMap(pdfAttachments);
      expect(letters).toHaveLength(2);
      for (const pdf of letters) expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (hasPoppler) {
        const texts = letters.map(pdfText);
        expect(texts.some((t) => t.includes(reference) && t.includes('the contractor never came'))).toBe(true);
        expect(texts.join('\n')).toContain('Housing Ombudsman');
      }
      const text = mails
        .flatMap((m) => parseMail(m.raw).parts)
        .filter((p) => (p.headers['content-type'] ?? '').startsWith('text/plain'))
        .map((p) => p.body.toString('utf8'))
        .join('\n');
      expect(text).toContain('We will treat the mould');
      // Nothing about the case went by text message: the customer chose email.
      expect(
        (await said(who.conversationId)).filter((t) => t.includes('/documents/') || t.includes('treat the mould')),
      ).toEqual([]);
      const rows = await waitFor(async () => {
        const all = await deliveries(caseId);
        return all.length >= 4 && all.every((d) => d.status === 'sent') ? all : undefined;
      }, 'every delivery sent');
      expect(rows.map((d) => d.route)).toEqual(['email', 'email', 'email', 'email']);
      // Each notice went in its letter's email, and says so.
      const carried = rows.filter((d) => d.sent_with !== null);
      expect(carried).toHaveLength(2);
      for (const notice of carried) expect(rows.find((d) => d.id === notice.sent_with)?.document_id).not.toBeNull();
      const events = (await w.store.listEvents(caseId)).filter((e) => e.type === 'notice_delivered');
      expect(events[0]?.data).toMatchObject({ route: 'email', to: 'jane@…', preferred: 'email' });
    });

    it('an email preference with no address falls back to the text channel, and says why', async () => {
      const who = await w.customer({ contactMethod: 'email' });
      const caseId = await w.open(who);
      await waitFor(
        async () => (await said(who.conversationId)).some((t) => t.includes('/documents/')),
        'the letter link by SMS',
      );
      const [row] = await deliveries(caseId);
      expect(row).toMatchObject({ route: 'chat', status: 'sent', fallback_reason: 'no_email_address' });
      const event = (await w.store.listEvents(caseId)).find((e) => e.type === 'notice_fell_back');
      expect(event?.data).toMatchObject({ route: 'chat', fallback: 'no email address on file' });
    });

    it('a letter preference: the letter waits for the day’s print run, which writes the PDF and a task to post it', async () => {
      const who = await w.customer({
        contactMethod: 'letter',
        address: '22 Canal Street, Nottingham',
        postcode: 'NG1 7EH',
      });
      const caseId = await w.open(who);
      const reference = (await w.store.getCase(caseId))!.reference;
      const rows = await deliveries(caseId);
      const notice = rows.find((d) => d.document_id === null);
      const queued = rows.find((d) => d.document_id !== null);
      // The acknowledgement's notice says what its letter says: by post, the letter alone goes.
      expect(notice).toMatchObject({ route: 'letter', status: 'sent', document_id: null });
      expect(queued).toMatchObject({
        route: 'letter',
        status: 'queued',
        recipient: 'Jane Smith\n22 Canal Street, Nottingham\nNG1 7EH',
      });
      expect((await said(who.conversationId)).filter((t) => t.includes('/documents/'))).toEqual([]);

      await queue.runPrintNow(`${backend}-1`);
      const batched = await waitFor(
        async () => {
          const row = (await deliveries(caseId)).find((d) => d.document_id !== null);
          return row?.status === 'batched' ? row : undefined;
        },
        'the letter in a print batch',
        60_000,
      );
      const tasks = await w.documents.documents.listTasksForCase(caseId);
      const task = tasks.find((t) => t.id === batched.task_id);
      expect(task).toMatchObject({ format: 'print', status: 'open', kind: 'acknowledgement' });
      // Printed on Monday 30 November, posted by the next working day.
      expect(new Date(task!.due_at)).toEqual(new Date('2026-12-01T23:59:59.999Z'));
      const file = /^Print (\S+\.pdf)/.exec(task!.description ?? '')?.[1];
      const path = `${w.printDir}/2026-11-30/${file}`;
      expect(existsSync(path)).toBe(true);
      const pdf = readFileSync(path);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (hasPoppler) expect(pdfText(pdf)).toContain(reference);
      expect(task!.description).toContain('NG1 7EH');
      expect((await w.store.listEvents(caseId)).map((e) => e.type)).toEqual(
        expect.arrayContaining(['letter_queued', 'letter_batched']),
      );
    });

    it('a letter preference: a late apology, which no letter carries, is printed as a letter of its own', async () => {
      const who = await w.customer({ contactMethod: 'letter', address: '9 Mill Lane, Leeds', postcode: 'LS1 4AP' });
      const caseId = await w.open(who);
      const clock = (await w.store.listClocks(caseId)).find((c) => c.name === 'stage1_response')!;
      w.clock.now = new Date(new Date(clock.due_at).getTime() + 60_000);
      await w.cases.handleSlaJob({
        caseId,
        clock: 'stage1_response',
        alert: 'breach',
        dueAt: new Date(clock.due_at).toISOString(),
      });
      const apology = (await deliveries(caseId)).find((d) => d.key.includes('late-stage1_response'));
      expect(apology).toMatchObject({ route: 'letter', status: 'queued', document_id: null });
      expect(apology?.body).toContain('sorry');
    });

    it('a phone preference: a colleague gets a task to call, due by the phone-message standard', async () => {
      const who = await w.customer({ contactMethod: 'phone', phone: '+441154960123' });
      const caseId = await w.open(who);
      const all = await deliveries(caseId);
      const row = all.find((d) => d.document_id === null);
      const letter = all.find((d) => d.document_id !== null);
      // The acknowledgement letter is the written copy of the call: its link goes by SMS, with no second call.
      expect(letter).toMatchObject({ route: 'phone', status: 'sent', task_id: null });
      expect((await said(who.conversationId)).some((t) => t.includes('/documents/'))).toBe(true);
      expect(row).toMatchObject({ route: 'phone', status: 'sent', recipient: '+441154960123' });
      const task = (await w.documents.documents.listTasksForCase(caseId)).find((t) => t.id === row!.task_id);
      expect(task).toMatchObject({ format: 'phone_call', status: 'open' });
      expect(task!.description).toContain('Call +441154960123');
      // seed 001 (pack serviceStandards.phone_message): within 1 working day.
      expect(new Date(task!.due_at)).toEqual(new Date('2026-12-01T23:59:59.999Z'));
      const event = (await w.store.listEvents(caseId)).find((e) => e.type === 'call_task_opened');
      expect(event?.data).toMatchObject({ route: 'phone', to: '…0123', dueAt: '2026-12-01T23:59:59.999Z' });
    });

    it('a notice whose letter cannot be made still goes by email, alone, once its wait is over', async () => {
      const who = await w.customer({ contactMethod: 'email', email: 'alone@example.org' });
      // An enquiry has no acknowledgement letter for the notice to join.
      const caseId = await w.open(who, { kind: 'enquiry' });
      const outcome = await w.delivery.deliver({
        caseId,
        key: `notice:${caseId}:no-letter`,
        author: 'bot',
        chatId: crypto.randomUUID(),
        inLetter: true,
        text: () => 'We have extended the date; a letter will follow.',
      });
      expect(outcome.delivery?.waits_for_letter).toBe(true);
      const mail = await waitFor(
        async () =>
          smtp.received.find((m) => m.to.includes('alone@example.org') && m.raw.includes('extended the date')),
        'the notice on its own',
        60_000,
      );
      expect(pdfAttachments(mail)).toHaveLength(0);
    });

    it('an email recorded while its job was lost is queued again, and sent', async () => {
      const who = await w.customer({ email: 'lost@example.org' });
      const caseId = await w.open(who);
      // As if Redis had been away when the notice was made: the row exists, its job does not.
      const { delivery } = await w.delivery.deliveries.insertDelivery({
        id: '00000000-0000-4000-8000-0000000000aa',
        caseId,
        customerId: who.customerId,
        key: `lost-${backend}`,
        preferred: 'email',
        route: 'email',
        status: 'queued',
        fallbackReason: null,
        recipient: 'lost@example.org',
        documentId: null,
        language: 'en',
        subject: 'A notice whose job was lost',
        body: 'Hello',
        createdAt: new Date(monday.getTime() - 3_600_000),
      });
      expect(await w.delivery.requeueWaitingEmails()).toBeGreaterThanOrEqual(1);
      await waitFor(async () => smtp.received.find((m) => m.to.includes('lost@example.org')), 'the lost email', 60_000);
      expect(
        await waitFor(
          async () => (await w.delivery.deliveries.getDelivery(delivery.id))?.status === 'sent' || undefined,
          'sent',
        ),
      ).toBe(true);
    });

    it('an SMTP outage: the email is retried until the server is back, then delivered', async () => {
      const port = smtp.port;
      await smtp.stop();
      const who = await w.customer({ contactMethod: 'email', email: 'ali@example.org' });
      const caseId = await w.open(who);
      const failing = await waitFor(
        async () => {
          const row = (await deliveries(caseId)).find((d) => d.document_id !== null);
          return row && row.attempts >= 2 ? row : undefined;
        },
        'two failed tries',
        60_000,
      );
      expect(failing).toMatchObject({ route: 'email', status: 'queued' });
      expect(failing.last_error).toBeTruthy();
      await smtp.start(port);
      const mail = await waitFor(
        async () => smtp.received.find((m) => m.to.includes('ali@example.org') && pdfAttachments(m).length > 0),
        'the email after the outage',
        60_000,
      );
      expect(pdfAttachments(mail)).toHaveLength(1);
      expect(
        await waitFor(
          async () => ((await deliveries(caseId)).every((d) => d.status === 'sent') ? true : undefined),
          'sent',
        ),
      ).toBe(true);
      expect((await said(who.conversationId)).filter((t) => t.includes('/documents/'))).toEqual([]);
    });
  },
);

describe('an email that cannot be sent after every try goes by the text channel instead', () => {
  it('says so to the customer and to staff', async () => {
    const smtp = new SmtpFake();
    await smtp.start();
    smtp.refuse = true;
    const { w, worker, queue } = await start('pglite', smtp, { attempts: 3, backoffMs: 100 });
    try {
      const who = await w.customer({ contactMethod: 'email', email: 'bo@example.org' });
      const caseId = await w.open(who);
      const message = await waitFor(
        async () =>
          (await w.store.listMessages(who.conversationId)).find(
            (m) => m.direction === 'outbound' && m.text.includes('/documents/'),
          ),
        'the letter link by SMS',
        60_000,
      );
      expect(message.text).toContain('We tried to email you but could not');
      const row = await waitFor(async () => {
        const first = (await w.delivery.deliveries.listForCase(caseId)).find((d) => d.document_id !== null);
        return first?.status === 'sent' ? first : undefined;
      }, 'the delivery sent by chat');
      expect(row).toMatchObject({ route: 'chat', status: 'sent', fallback_reason: 'email_failed', attempts: 3 });
      const event = (await w.store.listEvents(caseId)).find((e) => e.type === 'notice_fell_back');
      expect(event?.data).toMatchObject({ fallback: 'the email could not be sent after every retry' });
      expect(smtp.received).toEqual([]);
    } finally {
      await worker.close();
      await queue.close();
      await w.close();
      await smtp.stop();
    }
  }, 120_000);
});
