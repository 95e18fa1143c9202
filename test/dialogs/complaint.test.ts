import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  complaintOffer,
  contactMethods,
  formats,
  repSaysAgreed,
  startedWhen,
  whoFor,
  yesNo,
} from '../../dialogs/choice-sets.js';
import { startHarness, type Harness } from './harness.js';

/** A repair complaint that never says "complaint". */
const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

describe('complaints, as a customer meets them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('on SMS: offers a complaint without the customer saying "complaint", then logs it with real dates', async () => {
    const c = h.customer('sms');
    const topic = c.word('topics.repairs');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic }, complaintOffer))
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      // The first message already said what happened, so the bot goes straight on.
      .assertReply(c.says('details.outcome'))
      .send('A new appointment on a Saturday and an apology')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('1')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('1')
      .assertReply(c.says('details.name'))
      .send('Jane Smith')
      .assertReply(c.says('details.home'))
      .send('sw1a1aa')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('text')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('2')
      .assertReply(c.capture())
      .assertReply(c.says('confirm.next.formal', { ackDate: 'Monday 7 December', responseDate: 'Monday 21 December' }))
      .assertReply(c.capture());
    expect(c.reference).toMatch(/^CMP-2026-\d{6}$/);

    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      category: 'repairs',
      team: 'Repairs',
      complaint_offered: true,
      complaint_offer_choice: 'formal',
    });
    expect(row?.customer_words).toBe(noShow);
    expect(row?.desired_outcome).toBe('A new appointment on a Saturday and an apology');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      contact_method: 'sms',
      preferred_format: 'large_print',
      phone: c.from,
    });
  });

  it('on web chat: the same offer with buttons, answered by pressing them', async () => {
    const c = h.customer('directline');
    const topic = c.word('topics.repairs');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic }, complaintOffer))
      .send(c.word('choices.formal.title'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send(c.word('choices.yes.title'))
      .assertReply(c.says('details.outcome'))
      .send('Turn up when you say you will')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send(c.word('choices.started.recent.title'))
      .assertReply(c.asks('details.who', {}, whoFor))
      .send(c.word('choices.who.self.title'))
      .assertReply(c.says('details.name'))
      .send('Ali Khan')
      .assertReply(c.says('details.home'))
      .send('not sure')
      .assertReply(c.asksAgain('ask.retry.homeLocator', 'details.home'))
      .send('M1 1AE')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send(c.word('choices.contact.email.title'))
      .assertReply(c.says('prefs.email'))
      .send('ali@example.org')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send(c.word('choices.format.standard.title'))
      .assertReply(
        c.capture((a) => {
          // Web chat gets the long summary: what it is about and the outcome wanted, in the customer's words.
          expect(a.text).toContain(c.word('topics.repairs'));
          expect(a.text).toContain('Turn up when you say you will');
          expect(a.text).toContain(c.word('choices.contact.email.title'));
        }),
      )
      .assertReply(c.says('confirm.next.formal', { ackDate: 'Monday 7 December', responseDate: 'Monday 21 December' }))
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ email: 'ali@example.org', contact_method: 'email', postcode: 'M1 1AE' });
  });

  it('takes an explicit request for a complaint without putting a quick fix to the customer', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('I want to make a complaint about the way your officer spoke to me on the phone')
      .assertReply(c.says('start.greeting'))
      // How the officer spoke to them: how a member of staff treated them, not how we kept in touch.
      .assertReply(c.says('triage.explicit', { topic: c.word('topics.staff_conduct') }))
      .assertReply(c.asks('consent.notice', {}, yesNo));
  });

  it("records a representative writing for the tenant, with the tenant's consent left for staff to confirm", async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('My mum is the tenant and the damp in her bedroom has got worse and nobody has come, I am writing for her')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.damp_mould') }, complaintOffer))
      .send('formal complaint')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('Treat the mould and fix the leak')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('it has been going on for 2 years')
      // Over 12 months: accepted, never refused; staff decide (Code 2.1-2.3).
      .assertReply(c.says('details.over12'))
      // Not "Are you the tenant?": "I am writing for her".
      .assertReply(c.says('details.customerName'))
      .send('Mary Jones')
      .assertReply(c.says('details.yourName'))
      .send('Sarah Jones')
      .assertReply(c.says('details.yourRelationship', { name: 'Mary Jones' }))
      .send('daughter')
      .assertReply(c.asks('details.repConsentByRep', { name: 'Mary Jones' }, repSaysAgreed))
      .send('not yet')
      .assertReply(c.says('details.homeFor', { name: 'Mary Jones' }))
      .send('T/004512')
      // The contact details asked for are Mary's, not the writer's (issue 15 item 3).
      .assertReply(c.asks('parties:prefs.contactFor', { name: 'Mary Jones' }, contactMethods))
      .send('letter')
      .assertReply(c.says('parties:prefs.addressFor', { name: 'Mary Jones' }))
      .send('12 Station Road, Manchester')
      .assertReply(c.asks('parties:prefs.formatFor', { name: 'Mary Jones' }, formats))
      .send('large print')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.says('confirm.repToConfirm', { name: 'Mary Jones' }))
      .assertReply(c.capture());

    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.representative).toEqual({ name: 'Sarah Jones', relationship: 'daughter' });
    expect(row?.flags).toEqual(
      expect.arrayContaining([
        'damp_mould',
        'representative',
        'representative_consent_to_confirm',
        'older_than_12_months',
      ]),
    );
    expect(row?.started_when).toBe('it has been going on for 2 years');
    // Damp and mould in England: Awaab's Law clocks run beside the complaint's.
    expect((await h.store.listClocks(row?.id ?? '')).map((k) => k.name).sort()).toEqual(
      ['awaab_investigation', 'awaab_safety_work', 'awaab_summary', 'stage1_ack', 'stage1_response'].sort(),
    );
    const consents = await h.store.currentConsents({ caseId: row?.id ?? '' });
    expect(consents.find((k) => k.kind === 'representative')).toMatchObject({
      granted: false,
      wording_version: h.cases.pack.consentWording.representativeConsent,
      details: { givenBy: 'representative', status: 'to_confirm', representativeSays: 'not_yet' },
    });
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Mary Jones',
      tenancy_ref: 'T/004512',
      address: '12 Station Road, Manchester',
      contact_method: 'letter',
    });
    // Sarah is a party of her own: Mary's record is not the one behind Sarah's chat.
    const writer = await h.store.findCustomerForConversation(row?.conversation_id ?? '');
    expect(writer?.id).not.toBe(customer?.id);
    expect(writer?.name ?? null).not.toBe('Mary Jones');
    expect(await h.store.listParties(row?.id ?? '')).toEqual([
      expect.objectContaining({ name: 'Sarah Jones', relationship: 'daughter', consent_status: 'to_confirm' }),
    ]);
  });

  it("records the customer's own consent to deal with the person acting for them", async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('y')
      .assertReply(c.says('details.outcome'))
      .send('A visit this week')
      .assertReply(c.capture())
      .send('2')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('3')
      .assertReply(c.says('details.name'))
      .send('Tom Price')
      .assertReply(c.says('details.repName'))
      .send('Cllr Ann Lee')
      .assertReply(c.says('details.repRelationship', { repName: 'Cllr Ann Lee' }))
      .send('my local councillor')
      .assertReply(c.asks('details.repConsent', { repName: 'Cllr Ann Lee' }, yesNo))
      .send('1')
      .assertReply(c.says('details.home'))
      .send('CF10 1EP')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.representative).toEqual({ name: 'Cllr Ann Lee', relationship: 'my local councillor' });
    const consents = await h.store.currentConsents({ caseId: row?.id ?? '' });
    expect(consents.find((k) => k.kind === 'representative')).toMatchObject({
      granted: true,
      details: { givenBy: 'customer' },
    });
    expect(consents.find((k) => k.kind === 'record_as_complaint')).toMatchObject({
      granted: true,
      wording_version: h.cases.pack.consentWording.recordAsComplaint,
    });
  });

  it('when the customer says no to the notice and to going ahead: takes no details, keeps no customer, and still answers general questions', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('no')
      // Not a gate (issue 16): the customer is told complaining does not depend on agreeing, and asked.
      .assertReply(c.asks('dataprot:notice.declined', {}, yesNo))
      .send('no')
      .assertReply(c.says('dataprot:notice.stopped', { months: 6 }))
      .send('What are your opening times?')
      .assertReply(c.says('knowledge.opening_hours'))
      .assertReply(c.says('enquiry.anythingElse'));
    const conversationId = await c.conversationId();
    expect(await h.store.findCustomerForConversation(conversationId)).toBeUndefined();
    expect(await h.store.listCasesForConversation(conversationId)).toEqual([]);
    // What was said and answered is a privacy notice record, not a consent.
    const notices = await h.db.query<{ response: string; customer_id: string | null; wording_version: string }>(
      'select * from privacy_notices where conversation_id = $1 order by given_at, response',
      [conversationId],
    );
    expect(notices.map((n) => [n.response, n.customer_id, n.wording_version])).toEqual([
      ['declined', null, h.cases.pack.consentWording.privacyNotice],
      ['stopped', null, h.cases.pack.consentWording.privacyNotice],
    ]);
    expect(await h.db.query('select * from consents where conversation_id = $1', [conversationId])).toEqual([]);
  });

  it('records "neither" as the answer to the offer and passes the message to the team', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('3')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.contains(c.date(new Date('2026-12-01T12:00:00Z'))));
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'enquiry', complaint_offered: true, complaint_offer_choice: 'neither' });
  });

  it('does not record it as a complaint when the customer says no, and looks into it as a request', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(noShow)
      .assertReply(c.capture())
      .assertReply(c.capture())
      // Named both: taken as a complaint (it puts it right too), so they are asked whether it may be recorded as one.
      .send("I'd like it fixed and someone to explain why it's taken so long")
      .assertReply(c.capture())
      .send('Yes')
      .assertReply(c.capture())
      .send('Come and fix it')
      .assertReply(c.capture())
      .send('In the last month')
      .assertReply(c.capture())
      .send("I'm the tenant")
      .assertReply(c.capture())
      .send('Jo Bloggs')
      .assertReply(c.capture())
      .send('LS1 4AP')
      .assertReply(c.asks('details.recordFormal', {}, yesNo))
      .send('No')
      .assertReply(c.says('complaint.notRecorded'))
      .assertReply(c.capture())
      .send('Chat')
      .assertReply(c.capture())
      .send('Standard')
      .assertReply(c.capture())
      .assertReply(c.says('confirm.next.enquiry', { date: 'Tuesday 1 December' }))
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'enquiry', complaint_offer_choice: 'formal_not_recorded' });
    const consents = await h.store.currentConsents({ caseId: row?.id ?? '' });
    expect(consents.find((k) => k.kind === 'record_as_complaint')).toMatchObject({ granted: false });
  });
});
