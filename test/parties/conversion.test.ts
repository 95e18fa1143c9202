import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { startHarness, type Customer, type Harness } from '../dialogs/harness.js';
import { drive, talk, type Script } from './talk.js';

/** A customer's quick fix, as they would ask for it. */
const fixScript: Script = [
  [/formal complaint, or try to put it right/i, '2'],
  [/Privacy/i, 'yes'],
  [/put things right\?/i, 'Send the plumber back this week'],
  [/When did this start/i, '1'],
  [/Are you the tenant/i, '1'],
  [/your (full )?name/i, 'Priya Shah'],
  [/Is that right|Is your name/i, 'yes'],
  [/postcode or tenancy reference/i, 'M1 1AE'],
  [/happy for us to record this/i, 'yes'],
  [/How would you like us to contact you/i, '1'],
  [/Shall we use/i, '1'],
  [/particular format/i, '1'],
  [/older, disabled|anyone at home/i, 'no'],
  [/how or when|contact you/i, 'no'],
];

const leak =
  "The plumber came to fix my dripping bathroom tap and it's still dripping, he said he would come back and never did";

describe.each(backends)('a first-time fix becomes a complaint when the customer asks (%s)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend });
  });
  afterAll(async () => {
    await h.close();
  });

  async function customerWithFix(): Promise<{ c: Customer; reference: string; customerId: string }> {
    const c = h.customer('sms');
    await drive(c, leak, fixScript);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    if (!row || row.kind !== 'first_time_fix' || !row.customer_id) throw new Error(`no fix: ${c.reference}`);
    return { c, reference: row.reference, customerId: row.customer_id };
  }

  async function expectConverted(customerId: string, reference: string, words: string): Promise<void> {
    const cases = await h.store.listCasesForCustomer(customerId);
    // That case, and no second one.
    expect(cases.map((k) => k.reference)).toEqual([reference]);
    expect(cases[0]).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      complaint_offered: true,
      complaint_offer_choice: 'formal_on_request',
    });
    const clocks = (await h.store.listClocks(cases[0]?.id ?? '')).filter((k) => k.status === 'running');
    expect(clocks.map((k) => k.name).sort()).toEqual(['stage1_ack', 'stage1_response']);
    const consent = (await h.store.currentConsents({ caseId: cases[0]?.id ?? '' })).find(
      (k) => k.kind === 'record_as_complaint',
    );
    expect(consent).toMatchObject({ granted: true, details: expect.objectContaining({ askedBy: 'customer', words }) });
    const event = (await h.store.listEvents(cases[0]?.id ?? '')).find((e) => e.type === 'became_stage1');
    expect(event?.data).toMatchObject({ automatic: false, words });
  }

  it('"make FTF-… a formal complaint" converts that case, with its reference', async () => {
    const { c, reference, customerId } = await customerWithFix();
    const words = `make ${reference.toLowerCase()} a formal complaint please`;
    const replies = await talk(c, words);
    expect(replies.at(-1)).toContain(reference);
    expect(replies.at(-1)).toMatch(/formal complaint \(stage 1\)/);
    await expectConverted(customerId, reference, words);
  });

  it.each([
    'i want to make this a formal complaint',
    'this isnt good enough i want to complain properly',
    'Can you turn it into a complaint',
  ])('"%s" converts their open fix, never a duplicate', async (words) => {
    const { c, reference, customerId } = await customerWithFix();
    const replies = await talk(c, words);
    expect(replies.at(-1)).toBe(
      h.i18n.t('en', 'parties:conversion.done', {
        reference,
        ackDate: 'Monday 7 December',
        responseDate: 'Monday 21 December',
      }),
    );
    await expectConverted(customerId, reference, words);
  });

  it('a complaint about something else is a new matter: the fix stays a fix', async () => {
    const { c, reference, customerId } = await customerWithFix();
    const replies = await talk(c, 'I want to make a complaint about my neighbour playing loud music every night');
    expect(replies.join('\n')).not.toContain(reference);
    const fix = await h.store.getCaseByReference(reference);
    expect(fix?.kind).toBe('first_time_fix');
    // Whatever the new matter becomes, it is not the fix turned into a complaint.
    const others = (await h.store.listCasesForCustomer(customerId)).filter((k) => k.reference !== reference);
    expect(others.every((k) => k.customer_words.includes('neighbour'))).toBe(true);
  });

  it("someone else's reference converts nothing", async () => {
    const { reference } = await customerWithFix();
    const other = h.customer('sms');
    await talk(other, `make ${reference} a formal complaint`);
    expect((await h.store.getCaseByReference(reference))?.kind).toBe('first_time_fix');
  });
});
