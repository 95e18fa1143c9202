import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formats, yesNo } from '../../dialogs/choice-sets.js';
import type { ChoiceSpec } from '../../dialogs/speaker.js';
import type { DocumentService } from '../../src/documents/document-service.js';
import { informationKinds } from '../../src/documents/kinds.js';
import { jobId } from '../../src/queues/definitions.js';
import { Customer, startHarness, type Harness } from '../dialogs/harness.js';
import { publicBaseUrl } from './helpers.js';

const documentChoices: ChoiceSpec[] = informationKinds.map((kind) => ({
  value: kind,
  key: `choices.document.${kind}`,
}));
const linkPattern = /https:\/\/homes\.example\/documents\/[\w-]{22}/;

describe('asking the bot for a document in a format', () => {
  let h: Harness;
  let documents: DocumentService;

  beforeAll(async () => {
    // The gateway's core, letters on (app/core.ts through the dialogs harness).
    h = await startHarness({ letters: true });
    documents = h.documents;
  });
  afterAll(async () => {
    await h?.close();
  });

  const customer = (channel: 'directline' | 'sms' = 'directline') =>
    new Customer(
      h,
      channel,
      channel === 'sms' ? `+44770090${String(Math.floor(Math.random() * 9000) + 1000)}` : `web-${randomUUID()}`,
    );

  async function tokenFrom(text: string | undefined): Promise<string> {
    const url = linkPattern.exec(text ?? '')?.[0];
    expect(url, text).toBeDefined();
    return url!.split('/').pop()!;
  }

  it('sends a link to the complaints procedure in large print, and logs the request as a closed case', async () => {
    const c = customer();
    let said: string | undefined;
    await c.adapter
      .send('Can I get my tenancy agreement in large print please?')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('Yes')
      .assertReply(c.asks('document.which', {}, documentChoices))
      .send('Complaints procedure')
      // Not "In what format?": large print, asked for in the first message.
      .assertReply((a) => {
        said = a.text;
      });
    const opened = await documents.open(await tokenFrom(said));
    expect(opened).toMatchObject({
      status: 'found',
      document: { kind: 'complaints_procedure', format: 'large_print', language: 'en' },
    });
    expect(said).toBe(
      c.text('document.ready', {
        document: c.word('documents:names.complaints_procedure'),
        format: c.word('documents:formats.large_print'),
        url: `${publicBaseUrl}/documents/${opened.status === 'found' ? opened.token : ''}`,
        date: 'Monday 7 December',
      }),
    );
    // Staff still see the request: an enquiry case, closed because it was served.
    if (opened.status !== 'found') throw new Error('not found');
    const row = await h.store.getCase(opened.document.case_id ?? '');
    expect(row).toMatchObject({
      kind: 'enquiry',
      category: 'communication',
      status: 'closed',
      desired_outcome: 'Complaints procedure',
    });
    expect(row?.resolution).toMatchObject({
      servedBy: 'document_link',
      kind: 'complaints_procedure',
      format: 'large_print',
    });
    expect((await h.store.getCustomer(row?.customer_id ?? ''))?.preferred_format).toBe('large_print');
  });

  it('offers the format on record instead of asking again, and honours it', async () => {
    const c = customer();
    await c.adapter
      .send('I struggle to read letters, can I get my tenancy agreement in a different format?')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('Yes')
      .assertReply(c.capture())
      .send('Privacy notice')
      .assertReply(c.capture())
      .send('Easy read')
      .assertReply(c.capture());
    // The same customer, later: their easy-read preference is offered, not asked for afresh.
    let said: string | undefined;
    await c.adapter
      .send('Could I have your service standards in easy read please')
      .assertReply(c.asks('document.which', {}, documentChoices))
      .send('service standards')
      .assertReply(c.asks('document.useStored', { format: c.word('choices.format.easy_read.title') }, yesNo))
      .send('yes')
      .assertReply((a) => {
        said = a.text;
      });
    const opened = await documents.open(await tokenFrom(said));
    expect(opened).toMatchObject({ status: 'found', document: { kind: 'service_standards', format: 'easy_read' } });
  });

  it('queues braille for the accessibility team, says when to expect it, and gives a link meanwhile', async () => {
    const c = customer('sms');
    const replies: string[] = [];
    await c.adapter
      .send('I struggle to read letters, can I get my tenancy agreement in a different format?')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('yes')
      .assertReply(c.capture())
      .send('1') // the complaints procedure
      .assertReply(c.capture())
      .send('Braille')
      .assertReply(c.capture((a) => replies.push(a.text ?? '')))
      .assertReply(c.capture((a) => replies.push(a.text ?? '')));
    // seed 002: letters within 10 working days of Monday 30 November.
    expect(replies[0]).toContain('Monday 14 December');
    expect(replies[0]).toContain(c.word('choices.format.braille.title'));
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'enquiry', status: 'open' });
    const [task] = await documents.documents.listTasksForCase(row!.id);
    expect(task).toMatchObject({ kind: 'complaints_procedure', format: 'braille', status: 'open' });
    expect(
      await h.queues.queues.handoff.getJob(jobId('case-updated', row!.id, 'fulfilment_task', task!.id)),
    ).toBeDefined();
    const opened = await documents.open(await tokenFrom(replies[1]));
    expect(opened).toMatchObject({ status: 'found', document: { format: 'standard' } });
  });

  it('still logs a document it cannot make for staff, with a task when people make the format', async () => {
    const c = customer();
    let said: string | undefined;
    await c.adapter
      .send('I struggle to read letters, can I get my tenancy agreement in a different format?')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('Yes')
      .assertReply(c.capture())
      .send('my tenancy agreement')
      .assertReply(c.asks('prefs.formatDocument', {}, formats))
      .send('Audio')
      .assertReply(
        c.capture((a) => {
          said = a.text;
        }),
      );
    expect(said).toBe(
      c.text('document.queued', {
        document: 'my tenancy agreement',
        format: c.word('choices.format.audio.title'),
        reference: c.reference ?? '',
        date: 'Monday 14 December',
      }),
    );
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(await documents.documents.listTasksForCase(row!.id)).toEqual([
      expect.objectContaining({ kind: 'other', description: 'my tenancy agreement', format: 'audio' }),
    ]);
  });
});
