import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenCaseInput } from '../../src/cases/case-service.js';
import { planFormats } from '../../src/documents/document-service.js';
import { hashDocumentToken } from '../../src/documents/tokens.js';
import { HandoffJobSchema, jobId } from '../../src/queues/definitions.js';
import { hasPoppler, monday, pdfFontSizes, pdfText, startDocumentsWorld, type DocumentsWorld } from './helpers.js';

const tokenOf = (url: string): string => new URL(url).pathname.split('/').pop() ?? '';

describe('letters in the customer’s format, from the case service', () => {
  let w: DocumentsWorld;
  beforeAll(async () => {
    w = await startDocumentsWorld();
  });
  afterAll(async () => {
    await w?.close();
  });
  beforeEach(() => {
    w.clock.now = monday;
  });

  async function complaint(
    prefs: Parameters<DocumentsWorld['customer']>[0] = {},
  ): Promise<{ caseId: string; customerId: string; conversationId: string }> {
    const { customerId, conversationId, messageId } = await w.customer(prefs);
    const input: OpenCaseInput = {
      kind: 'formal_complaint',
      customerId,
      conversationId,
      channelId: prefs.channel ?? 'sms',
      customerWords: 'The repair man never came, <b>twice</b>',
      desiredOutcome: 'A new appointment',
      category: 'repairs',
      originMessageId: messageId,
    };
    const opened = await w.cases.openCase(input);
    // Nothing formal at receipt: the acknowledgement letter goes when a colleague acknowledges it (issue 15).
    expect(await w.documents.documents.listDocumentsForCase(opened.case.id)).toEqual([]);
    await w.steps.record(opened.case.id, 'acknowledge', { actor: 'staff:U1', lead: false });
    return { caseId: opened.case.id, customerId, conversationId };
  }

  const botMessages = async (conversationId: string) =>
    (await w.store.listMessages(conversationId)).filter((m) => m.direction === 'outbound').map((m) => m.text);

  it('plans what is rendered and what people make from the stored preference', () => {
    const hasWords = (lang: string) => lang === 'en' || lang === 'cy';
    expect(planFormats('large_print', 'en', hasWords)).toEqual({
      render: { format: 'large_print', language: 'en' },
      task: null,
    });
    // No Polish document wording yet: the letter is wholly English rather than half and half.
    expect(planFormats('easy_read', 'pl', hasWords)).toEqual({
      render: { format: 'easy_read', language: 'en' },
      task: null,
    });
    expect(planFormats('another_language', 'cy', hasWords)).toEqual({
      render: { format: 'standard', language: 'cy' },
      task: null,
    });
    expect(planFormats('another_language', 'pl', hasWords)).toEqual({
      render: { format: 'standard', language: 'en' },
      task: { format: 'another_language', language: 'pl' },
    });
    expect(planFormats('braille', 'en', hasWords)).toEqual({
      render: { format: 'standard', language: 'en' },
      task: { format: 'braille', language: 'en' },
    });
    for (const format of ['audio', 'bsl', 'interpreter'] as const)
      expect(planFormats(format, 'en', hasWords).task?.format).toBe(format);
  });

  it('acknowledges a formal complaint in large print, and sends every later letter in large print without asking again', async () => {
    const { caseId, conversationId } = await complaint({ format: 'large_print' });
    const ack = await w.documents.documents.listDocumentsForCase(caseId);
    expect(ack.map((d) => [d.kind, d.format])).toEqual([['acknowledgement', 'large_print']]);
    const [acknowledged, first] = await botMessages(conversationId);
    expect(acknowledged).toContain("We've acknowledged your complaint");
    expect(first).toMatch(
      /^Our letter about CMP-2026-\d{6} \(large print\): https:\/\/homes\.example\/documents\/[\w-]{22}\n/,
    );

    // Later: an extension, then the stage 1 response. Nobody asks the customer anything.
    w.clock.now = new Date('2026-12-10T10:00:00Z');
    await w.cases.extendClock(
      caseId,
      'stage1_response',
      // Acknowledged on Monday 30 November, so the response was due Monday 14 December.
      new Date('2026-12-23T12:00:00Z'),
      'We need a surveyor to look at the roof',
      'staff:U1',
    );
    w.clock.now = new Date('2026-12-11T10:00:00Z');
    await w.cases.resolveCase(caseId, 'staff:U1', {
      outcome: 'upheld',
      reasons: 'We missed two appointments.',
      remedy: 'An apology and £50.',
      outstanding: 'Fit the new boiler by 10 January.',
      changes: 'Text reminders the day before.',
      stage: 'stage1',
    });
    const letters = await w.documents.documents.listDocumentsForCase(caseId);
    expect(letters.map((d) => [d.kind, d.format, d.language])).toEqual([
      ['acknowledgement', 'large_print', 'en'],
      ['extension_notice', 'large_print', 'en'],
      ['stage1_response', 'large_print', 'en'],
    ]);
    const messages = await botMessages(conversationId);
    expect(messages.filter((m) => m.includes('(large print): https://homes.example/documents/'))).toHaveLength(3);
    expect(messages.some((m) => /\?|which format/i.test(m))).toBe(false);

    // The extension letter carries the reason, the new date and the Ombudsman (Code 2024 6.5/6.16).
    const extension = letters[1]!;
    const html = w.documents.html(extension).html;
    expect(html).toContain('We need a surveyor to look at the roof');
    expect(html).toContain('Wednesday 23 December');
    expect(html).toContain('0300 111 3000');

    // The response in large print: all text at 18 pt or more, and the outcome extractable.
    const response = letters[2]!;
    const pdf = await w.documents.pdf(response, { compress: false });
    expect(Math.min(...pdfFontSizes(pdf))).toBeGreaterThanOrEqual(16);
    if (hasPoppler) expect(pdfText(pdf)).toContain('We agree with your complaint.');
  });

  it('turns braille into a fulfilment task due by the letter standard, which staff see, with a standard version meanwhile', async () => {
    const { caseId, conversationId } = await complaint({ format: 'braille' });
    const tasks = await w.documents.documents.listTasksForCase(caseId);
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    // seed 002: letters within 10 working days, from Monday 30 November.
    expect(task).toMatchObject({ kind: 'acknowledgement', format: 'braille', status: 'open' });
    expect(w.translator.formatDate(new Date(task!.due_at), 'en')).toBe('Monday 14 December');
    expect(task!.basis).toContain('10 working days');
    // Staff see it: a handoff job for the case's card, an event on the case, and the team's list.
    const job = await w.queues.queues.handoff.getJob(jobId('case-updated', caseId, 'fulfilment_task', task!.id));
    expect(HandoffJobSchema.parse(job?.data)).toEqual({ type: 'case_updated', caseId, change: 'fulfilment_task' });
    expect((await w.store.listEvents(caseId)).find((e) => e.type === 'fulfilment_task_opened')?.data).toMatchObject({
      format: 'braille',
      taskId: task!.id,
    });
    expect((await w.documents.listOpenTasks()).map((t) => t.id)).toContain(task!.id);
    // The customer has a standard version to read now, and the date to expect the braille.
    expect((await w.documents.documents.listDocumentsForCase(caseId)).map((d) => d.format)).toEqual(['standard']);
    const [, told] = await botMessages(conversationId);
    expect(told).toContain("We're also putting it into braille for you, and will send it by Monday 14 December.");

    const done = await w.documents.completeTask(task!.id, 'staff:U2');
    expect(done).toMatchObject({ status: 'done', done_by: 'staff:U2' });
    expect((await w.documents.listOpenTasks()).map((t) => t.id)).not.toContain(task!.id);
    await expect(w.documents.completeTask(task!.id, 'staff:U2')).rejects.toThrow(/no open fulfilment task/);
  });

  it('makes a translation task for a language without document wording, and gives the English meanwhile', async () => {
    // Tigrinya: a language customers ask for that the gateway has no letters in.
    const { caseId } = await complaint({ format: 'another_language', language: 'ti' });
    const [doc] = await w.documents.documents.listDocumentsForCase(caseId);
    expect(doc).toMatchObject({ language: 'en', format: 'standard' });
    expect((await w.documents.documents.listTasksForCase(caseId)).map((t) => [t.format, t.language])).toEqual([
      ['another_language', 'ti'],
    ]);
  });

  it('writes the letter in the language itself when the gateway has its words, with no task', async () => {
    const { caseId } = await complaint({ format: 'another_language', language: 'pl' });
    const [doc] = await w.documents.documents.listDocumentsForCase(caseId);
    expect(doc).toMatchObject({ language: 'pl', format: 'standard' });
    expect(await w.documents.documents.listTasksForCase(caseId)).toEqual([]);
  });

  it('makes one task however often the same letter is sent (a retried job)', async () => {
    const { caseId } = await complaint({ format: 'audio' });
    await w.documents.sendCaseLetter(caseId, 'acknowledgement', {}, { key: 'stage1' });
    expect(await w.documents.documents.listTasksForCase(caseId)).toHaveLength(1);
  });

  it('keeps only a hash of each link’s token, so the table cannot open a document', async () => {
    const link = await w.documents.renderInformation('privacy_notice', 'en', 'large_print');
    const token = tokenOf(link.url);
    expect(token).toMatch(/^[\w-]{22}$/);
    expect(link.pdfUrl).toBe(`${link.url}.pdf`);
    const row = await w.documents.documents.getDocument(link.documentId);
    expect(row?.token_hash).toBe(hashDocumentToken('test-secret-for-document-links', token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await w.documents.open(token)).toMatchObject({ status: 'found', document: { id: link.documentId } });
    expect(await w.documents.open('A'.repeat(22))).toEqual({ status: 'not_found' });
    expect(await w.documents.open('../../etc/passwd')).toEqual({ status: 'not_found' });
    w.clock.now = new Date(monday.getTime() + 8 * 86_400_000);
    expect((await w.documents.open(token)).status).toBe('expired');
  });

  it('serves an information document in a rendered format, and queues one people make', async () => {
    const { customerId } = await w.customer({ format: 'standard' });
    const served = await w.documents.requestInformation({
      kind: 'complaints_procedure',
      format: 'easy_read',
      language: 'en',
      caseId: null,
      customerId,
    });
    expect(served.task).toBeNull();
    expect(served.link).toMatchObject({ kind: 'complaints_procedure', format: 'easy_read', language: 'en' });
    const queued = await w.documents.requestInformation({
      kind: 'service_standards',
      format: 'bsl',
      language: 'en',
      caseId: null,
      customerId,
    });
    expect(queued.task).toMatchObject({
      kind: 'service_standards',
      format: 'bsl',
      case_id: null,
      customer_id: customerId,
    });
  });

  it('refuses a response letter without what every response must say (docs/rules/responses.md#response-contents)', async () => {
    const { caseId } = await complaint();
    await expect(w.documents.renderForCase(caseId, 'stage1_response')).rejects.toThrow(/outcome, reasons, remedy/);
    await expect(w.documents.renderForCase(caseId, 'extension_notice')).rejects.toThrow(/no extension/);
  });

  it('confirms a first-time fix with what was done', async () => {
    const { customerId, conversationId, messageId } = await w.customer({ format: 'easy_read' });
    const opened = await w.cases.openCase({
      kind: 'first_time_fix',
      customerId,
      conversationId,
      channelId: 'sms',
      customerWords: 'The stair lights are out',
      originMessageId: messageId,
    });
    expect(await w.documents.documents.listDocumentsForCase(opened.case.id)).toEqual([]);
    await w.cases.resolveCase(opened.case.id, 'staff:U3', { remedy: 'We replaced the bulbs on the stairs.' });
    const [letter] = await w.documents.documents.listDocumentsForCase(opened.case.id);
    expect(letter).toMatchObject({ kind: 'ftf_confirmation', format: 'easy_read' });
    const html = w.documents.html(letter!).html;
    expect(html).toContain('We replaced the bulbs on the stairs.');
    expect(html).toContain('<h2>Still not right?</h2>');
  });
});
