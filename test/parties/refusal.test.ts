import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { startPartiesWorld, type PartiesWorld } from './world.js';

describe.each(backends)("refusing a complaint for one of the Code's reasons (%s)", (backend) => {
  let w: PartiesWorld;
  beforeAll(async () => {
    w = await startPartiesWorld(backend);
  });
  afterAll(async () => {
    await w.close();
  });

  async function complaint(prefs: Parameters<PartiesWorld['customer']>[0] = {}) {
    const who = await w.customer(prefs);
    const opened = await w.cases.openCase({
      kind: 'formal_complaint',
      customerId: who.customerId,
      conversationId: who.conversationId,
      channelId: prefs.channel ?? 'sms',
      customerWords: 'The damp in the back bedroom was never sorted, back in 2023',
      startedWhen: 'over_year',
    });
    return { ...who, row: opened.case };
  }

  it('refuses with the reason, records it for reports, cancels the clocks, and writes to the customer with the Ombudsman', async () => {
    const { row, conversationId } = await complaint({ format: 'large_print' });
    const refused = await w.cases.refusals.refuse(
      row.id,
      'older_than_12_months',
      'staff:U1',
      'The damp was reported and repaired in March 2023; nothing new has been reported since.',
    );
    expect(refused).toMatchObject({ status: 'refused', refusal_reason: 'older_than_12_months' });
    expect(refused.closed_at).not.toBeNull();
    expect((await w.store.listClocks(row.id)).every((c) => c.status === 'cancelled')).toBe(true);
    const event = (await w.store.listEvents(row.id)).find((e) => e.type === 'case_refused');
    expect(event).toMatchObject({
      actor: 'staff:U1',
      data: expect.objectContaining({ reason: 'older_than_12_months', source: 'Code 2024 2.1-2.3' }),
    });

    // The letter, in the customer's format, with the reason, the reasoning and the Ombudsman.
    const letters = await w.documents.documents.listDocumentsForCase(row.id);
    const letter = letters.find((d) => d.kind === 'refusal_notice');
    expect(letter).toMatchObject({ format: 'large_print', language: 'en' });
    const html = w.documents.html(letter!).html;
    expect(html).toContain(w.translator.t('en', 'parties:refusalLetter.title'));
    expect(html).toContain(w.translator.t('en', 'documents:complaintsProcedure.refusal.older_than_12_months'));
    expect(html).toContain('repaired in March 2023');
    expect(html).toContain('0300 111 3000');

    // And a message on their channel saying why, with the Ombudsman's details.
    const said = (await w.store.listMessages(conversationId))
      .filter((m) => m.direction === 'outbound')
      .map((m) => m.text);
    expect(said.some((t) => t.includes(row.reference) && t.includes('0300 111 3000') && t.includes('12 months'))).toBe(
      true,
    );
    expect(said.some((t) => t.includes('https://homes.example/documents/'))).toBe(true);
  });

  it('names the ombudsman of the customer’s nation: a tenant in Glasgow is pointed to the SPSO, in the message and the letter', async () => {
    const { row, conversationId } = await complaint({ postcode: 'G1 1XQ' });
    await w.cases.refusals.refuse(row.id, 'already_considered', 'staff:U1', 'We answered this complaint in May.');
    const letter = (await w.documents.documents.listDocumentsForCase(row.id)).find((d) => d.kind === 'refusal_notice');
    const html = w.documents.html(letter!).html;
    expect(html).toContain('Scottish Public Services Ombudsman');
    expect(html).toContain('0800 377 7330');
    expect(html).not.toContain('Housing Ombudsman');
    const said = (await w.store.listMessages(conversationId)).filter((m) => m.direction === 'outbound');
    const message = said.find((m) => m.text.includes(row.reference) && m.text.includes('Ombudsman'));
    expect(message?.text).toContain('Scottish Public Services Ombudsman');
    expect(message?.text).toContain('0800 377 7330');
    expect(message?.text).not.toContain('Housing Ombudsman');
  });

  it("writes in the customer's language", async () => {
    const { row } = await complaint({ language: 'pl' });
    await w.cases.refusals.refuse(row.id, 'legal_proceedings_started', 'staff:U1', 'Court claim K00XX123 issued.');
    const letter = (await w.documents.documents.listDocumentsForCase(row.id)).find((d) => d.kind === 'refusal_notice');
    expect(letter?.language).toBe('pl');
    expect(w.documents.html(letter!).html).toContain(w.translator.t('pl', 'parties:refusalLetter.title'));
  });

  it("refuses anything but a colleague, one of the pack's reasons, and their reasoning", async () => {
    const { row } = await complaint();
    await expect(w.cases.refusals.refuse(row.id, 'too_busy', 'staff:U1', 'x')).rejects.toThrow(/only for one of/);
    await expect(w.cases.refusals.refuse(row.id, 'already_considered', 'bot', 'x')).rejects.toThrow(/colleague/);
    await expect(w.cases.refusals.refuse(row.id, 'already_considered', 'staff:U1', '  ')).rejects.toThrow(/reasoning/);
    const enquiry = await w.cases.openCase({
      kind: 'enquiry',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'When is the bin day?',
    });
    await expect(w.cases.refusals.refuse(enquiry.case.id, 'already_considered', 'staff:U1', 'x')).rejects.toThrow(
      /not a complaint/,
    );
    expect((await w.store.getCase(row.id))?.status).toBe('open');
  });
});
