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
import { startHarness, type Customer, type Harness } from '../dialogs/harness.js';

/**
 * Customers answering the way people do. Their replies were written first, as typed on a
 * phone; the bot was then made to understand them. No question is ever asked a third time.
 */
const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

/** Up to "Are you the tenant…?", answering as a hurried customer does. */
function upToWho(c: Customer) {
  return c.adapter
    .send(noShow)
    .assertReply(c.says('start.greeting'))
    .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
    .send('formel complaint')
    .assertReply(c.asks('consent.notice', {}, yesNo))
    .send('yep thats fine')
    .assertReply(c.says('details.outcome'))
    .send('come when you say you will')
    .assertReply(c.asks('details.started', {}, startedWhen))
    .send('2 weeks ago')
    .assertReply(c.asks('details.who', {}, whoFor));
}

describe("answers in the customer's own words", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('on SMS: "yes" to "are you the tenant", a name given as "it\'s…", an address on one line, "English" to the format', async () => {
    const c = h.customer('sms');
    await upToWho(c)
      .send('yes')
      .assertReply(c.says('details.name'))
      .send("it's Jane Smith")
      .assertReply(c.says('details.home'))
      .send('Flat 2, 7 Oak Avenue, Grantham NG31 6AB')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('txt')
      .assertReply(c.asks('prefs.format', {}, formats))
      // Belongs to the question: standard letters in English, not a language switch.
      .send('English')
      .assertReply(c.capture())
      .assertReply(c.says('confirm.next.formal', { ackDate: 'Monday 7 December', responseDate: 'Monday 21 December' }))
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.kind).toBe('formal_complaint');
    expect(row?.started_when).toBe('2 weeks ago');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      postcode: 'NG31 6AB',
      address: 'Flat 2, 7 Oak Avenue, Grantham NG31 6AB',
      tenancy_ref: null,
      contact_method: 'sms',
      preferred_format: 'standard',
      phone: c.from,
    });
    expect((await h.store.getConversation(await c.conversationId()))?.locale ?? 'en').toBe('en');
  });

  it('on web chat: "post code is DE1 1AA" is a postcode, and "the second one" picks the second choice', async () => {
    const c = h.customer('directline');
    await upToWho(c)
      .send('the first one')
      .assertReply(c.says('details.name'))
      .send('my name is Ali Khan')
      .assertReply(c.says('details.home'))
      .send('post code is DE1 1AA')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('email me')
      .assertReply(c.says('prefs.email'))
      .send("it's ali.khan@example.org thanks")
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('the second one')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Ali Khan',
      postcode: 'DE1 1AA',
      tenancy_ref: null,
      address: null,
      email: 'ali.khan@example.org',
      preferred_format: 'large_print',
    });
  });

  it('never asks a third time: after two unusable answers the address is taken as said and marked for a colleague', async () => {
    const c = h.customer('directline');
    await upToWho(c)
      .send("I'm the tenant")
      .assertReply(c.says('details.name'))
      .send('Bob Green')
      .assertReply(c.says('details.home'))
      .send('not sure')
      // The question comes again in full, with why.
      .assertReply(c.asksAgain('ask.retry.homeLocator', 'details.home'))
      .send('above the chip shop on Mill Street')
      .assertReply(c.says('ask.accepted'))
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('here')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('normal')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.flags).toContain('check:home');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ address: 'above the chip shop on Mill Street', postcode: null });
  });

  it('never asks a third time: a privacy answer it cannot read twice goes to a person, and says so', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('what does that mean')
      .assertReply(c.asksAgain('ask.retryChoice', 'consent.notice', {}, yesNo))
      .send('hmm')
      .assertReply(c.says('ask.handingOver'))
      .assertReply(c.says('handoff.queued'));
    const conversation = await h.store.getConversation(await c.conversationId());
    expect(conversation?.handoff_state).toBe('queued');
  });

  it('accepts yes and no in any of our languages, whatever language the conversation is in', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('tak')
      .assertReply(c.says('details.outcome'));
  });
});

describe("don't ask what you already know", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('"it\'s been two weeks", a name and "text me on 07700 900123" are confirmed, not asked again', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(
        "Hi my name is Jane Smith. The repair man didn't turn up again, it's been two weeks and I took the day off work for nothing. text me on 07700 900123",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('complaint')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('an apology and a new date')
      // Not "When did this start?": they said two weeks.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('me')
      .assertReply(c.asks('details.nameKnown', { name: 'Jane Smith' }, yesNo))
      .send('yes')
      .assertReply(c.says('details.home'))
      .send('M1 1AE')
      // Not "How would you like us to contact you?" nor "What phone number?": confirmed.
      .assertReply(c.asks('prefs.phoneKnown', { phone: '07700 900123' }, yesNo))
      .send('yes')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('standard')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.started_when).toBe('two weeks');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      phone: '+447700900123',
      contact_method: 'sms',
      postcode: 'M1 1AE',
    });
  });

  it.each([
    ['yep', '41 Canal Street, Nottingham NG7 2QP', 'NG7 2QP'],
    ['no its 9 Oak Road, Arnold NG5 1AA now, i moved', '9 Oak Road, Arnold NG5 1AA', 'NG5 1AA'],
  ])('an address in the first message is offered back, not asked for: "%s"', async (reply, address, postcode) => {
    const c = h.customer('sms');
    await c.adapter
      .send(
        'hi its the boiler again at 41 Canal Street, Nottingham NG7 2QP, third time this month and still nobody has fixed it',
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('complaint please')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('fix it properly this time')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('this month')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('me')
      .assertReply(c.says('details.name'))
      .send('Dana Price')
      .assertReply(c.asks('details.homeKnown', { home: '41 Canal Street, Nottingham NG7 2QP' }, yesNo))
      .send(reply)
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('by letter')
      // The home just confirmed (or given instead) is where letters go: offered, not asked.
      .assertReply(c.asks('prefs.addressKnown', { address }, yesNo))
      .send('yes')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('standard')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(await h.store.getCustomer(row?.customer_id ?? '')).toMatchObject({
      name: 'Dana Price',
      postcode,
      address,
      contact_method: 'letter',
    });
  });

  it('an older, partially sighted tenant who says so, and asks for big print, is not asked either again', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(
        "Hi my name is Margaret I'm 79 and partially sighted. The bathroom extractor fan has not worked since August and I've phoned three times and nobody has come. My eyes are bad so I need letters in big print please",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send("I'd like it fixed and someone to explain why it's taken so long")
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send("yes that's fine")
      // Not "What would you like us to do to put things right?": fixed and an explanation, said
      // in her reply to the offer. Not "When did this start?": since August.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send("it's for me")
      .assertReply(c.asks('details.nameKnown', { name: 'Margaret' }, yesNo))
      .send('Margaret Ellis')
      .assertReply(c.says('details.home'))
      .send('14 Rose Court, Lincoln LN2 4PQ')
      // Her reply to the offer named a fix too: asked whether it may be recorded as a complaint.
      .assertReply(c.asks('details.recordFormal', {}, yesNo))
      .send('yes')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('phone me please on 01522 550192')
      .assertReply(c.asks('prefs.phoneKnown', { phone: '01522 550192' }, yesNo))
      .send('yes')
      // Not "Do you need our letters in a particular format?": big print, said at the start.
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture())
      // Not "is anyone in your home older…?": she said so. Her permission is still asked (Art. 9).
      .assertReply(c.asks('vulnerability.permissionKnown', {}, yesNo))
      .send('yes ok')
      .assertReply(c.says('vulnerability.recorded'))
      .assertReply(c.says('vulnerability.adjustments'))
      .send("afternoons please, I can't read texts")
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'formal_complaint', category: 'repairs', complaint_offer_choice: 'formal' });
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Margaret Ellis',
      phone: '+441522550192',
      contact_method: 'phone',
      preferred_format: 'large_print',
      postcode: 'LN2 4PQ',
      vulnerable: true,
    });
  });

  it('the same tenant writing in Bengali is not asked her age, sight, format or since when again either', async () => {
    const c = h.customer('sms');
    c.lang = 'bn';
    await c.adapter
      .send(
        'আমার বয়স ৭৯ বছর, চোখে কম দেখি। বাথরুমের ফ্যান আগস্ট থেকে নষ্ট, তিনবার ফোন করেছি কেউ আসেনি। চিঠি বড় অক্ষরে পাঠাবেন',
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('অভিযোগ')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('হ্যাঁ ঠিক আছে')
      .assertReply(c.says('details.outcome'))
      .send('কেউ এসে ফ্যানটা ঠিক করে দিক')
      // Not "When did this start?": since August.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('আমি নিজেই')
      .assertReply(c.says('details.name'))
      .send('রহিমা বেগম')
      .assertReply(c.says('details.home'))
      .send('12 Brick Lane, London E1 6AN')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('চিঠি')
      .assertReply(c.asks('prefs.addressKnown', { address: '12 Brick Lane, London E1 6AN' }, yesNo))
      .send('হ্যাঁ')
      // Not the format question: big print, said at the start.
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture())
      // Not "is anyone in your home older…?": she said so. Her permission is still asked (Art. 9).
      .assertReply(c.asks('vulnerability.permissionKnown', {}, yesNo))
      .send('হ্যাঁ')
      .assertReply(c.says('vulnerability.recorded'))
      .assertReply(c.says('vulnerability.adjustments'))
      // "Yes" and nothing more: asked how, not "noted" with nothing to note.
      .send('হ্যাঁ')
      .assertReply(c.says('vulnerability.adjustmentsHow'))
      .send('শুধু বিকেলে ফোন করবেন, তখন আমার মেয়ে বাসায় থাকে')
      .assertReply(c.says('vulnerability.recorded'));
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({
      kind: 'formal_complaint',
      category: 'repairs',
      started_when: 'আগস্ট থেকে'.normalize('NFKD'),
    });
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      preferred_format: 'large_print',
      contact_method: 'letter',
      vulnerable: true,
      contact_adjustments: 'শুধু বিকেলে ফোন করবেন, তখন আমার মেয়ে বাসায় থাকে',
    });
  });

  it('a Chinese tenant who has said what happened and for how long is asked neither again', async () => {
    const c = h.customer('sms');
    c.lang = 'zh';
    await c.adapter
      .send('你好，我家厨房的水龙头一直漏水，已经三个星期了，打了好几次电话都没人来修')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('投诉')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('好的')
      // Not "Please tell me briefly what happened": a sentence without spaces is not one word.
      .assertReply(c.says('details.outcome'))
      .send('请尽快派人来修')
      // Not "When did this start?": three weeks.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('是我');
  });

  it('an Urdu speaker who answers the format question "اردو" gets letters in Urdu, not asked which language', async () => {
    const c = h.customer('sms');
    c.lang = 'ur';
    await c.adapter
      .send(
        'السلام علیکم، میرا بوائلر دو ہفتوں سے خراب ہے، تین بار فون کیا لیکن کوئی نہیں آیا۔ گھر میں میری والدہ ہیں جو 82 سال کی ہیں اور وہیل چیئر استعمال کرتی ہیں',
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('شکایت')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('جی ہاں')
      .assertReply(c.says('details.outcome'))
      .send('بوائلر جلدی ٹھیک کریں')
      // Not "When did this start?": two weeks.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('میں خود')
      .assertReply(c.says('details.name'))
      .send('فاطمہ بی بی')
      .assertReply(c.says('details.home'))
      .send('22 Green Street, Bradford BD3 9AA')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('ٹیکسٹ')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('اردو')
      // Not "Which language would you like?": the one we are writing in.
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture())
      // Her mother is 82 and uses a wheelchair: not asked again, only her permission to record it.
      .assertReply(c.asks('vulnerability.permissionKnown', {}, yesNo))
      .send('جی ہاں')
      .assertReply(c.says('vulnerability.recorded'))
      .assertReply(c.says('vulnerability.adjustments'))
      .send('نہیں');
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ preferred_format: 'standard', preferred_language: 'ur', vulnerable: true });
  });

  it("an MP's caseworker writing for a constituent is asked about her, not as if the caseworker were the tenant", async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(
        "Good afternoon. I'm a caseworker in the office of Jo Bloggs MP. We've been contacted by a constituent, Mrs Aisha Khan of 22 Mill Lane, Leicester LE2 7QT, about damp and black mould in her children's bedroom which she first reported in June. Nothing has been done. She has given us permission to act on her behalf. Please treat this as a formal complaint.",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('An inspection within 10 days and a timetable for the works')
      // Not "When did this start?" (first reported in June), nor "Are you the tenant?", nor her name.
      .assertReply(c.asks('details.customerNameKnown', { name: 'Aisha Khan' }, yesNo))
      .send('yes')
      .assertReply(c.says('details.yourName'))
      .send('Sam Patel')
      .assertReply(c.says('details.yourRelationship', { name: 'Aisha Khan' }))
      .send("I'm a caseworker for her MP")
      .assertReply(c.asks('details.repConsentByRep', { name: 'Aisha Khan' }, repSaysAgreed))
      .send('yes, she signed our consent form')
      // Her address was in the first message: offered back, not asked for.
      .assertReply(
        c.asks('details.homeKnownFor', { name: 'Aisha Khan', home: '22 Mill Lane, Leicester LE2 7QT' }, yesNo),
      )
      .send("yes that's right")
      // "Please treat this as a formal complaint": not asked again whether to record it as one.
      .assertReply(c.asks('parties:prefs.contactFor', { name: 'Aisha Khan' }, contactMethods))
      .send('by letter')
      .assertReply(
        c.asks(
          'parties:prefs.addressKnownFor',
          { name: 'Aisha Khan', address: '22 Mill Lane, Leicester LE2 7QT' },
          yesNo,
        ),
      )
      .send('yes')
      .assertReply(c.asks('parties:prefs.formatFor', { name: 'Aisha Khan' }, formats))
      .send('standard')
      .assertReply(
        c.capture((a) => {
          // Told whose complaint it is and how she, not the caseworker, will be contacted.
          expect(a.text).toBe(
            c.text('parties:confirm.summaryFor', {
              name: 'Aisha Khan',
              what: c.word('confirm.kind.formal_complaint'),
              reference: c.reference ?? '',
              topic: c.word('topics.damp_mould'),
              outcome: 'An inspection within 10 days and a timetable for the works',
              contact: c.word('choices.contact.letter.title'),
              format: c.word('choices.format.standard.title'),
            }),
          );
        }),
      )
      // What happens next: it is Aisha Khan who is contacted, not the caseworker.
      .assertReply(
        c.says('parties:confirm.nextFormalFor', {
          name: 'Aisha Khan',
          ackDate: 'Monday 7 December',
          responseDate: 'Monday 21 December',
        }),
      )
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'formal_complaint', category: 'damp_mould', started_when: 'since june' });
    expect(row?.representative).toEqual({ name: 'Sam Patel', relationship: "I'm a caseworker for her MP" });
    expect(await h.store.getCustomer(row?.customer_id ?? '')).toMatchObject({
      name: 'Aisha Khan',
      postcode: 'LE2 7QT',
      contact_method: 'letter',
      address: '22 Mill Lane, Leicester LE2 7QT',
    });
  });

  it('a Welsh speaker answering in Welsh stays in Welsh, and "fi" is the tenant', async () => {
    const c = h.customer('sms');
    c.lang = 'cy';
    const said: string[] = [];
    const keep = (a: { text?: string }) => void said.push(a.text ?? '');
    await c.adapter
      .send(
        "Helo, mae'r to yn gollwng ers pythefnos ac mae dŵr yn dod i mewn i'r ystafell wely. Dw i wedi ffonio ddwywaith.",
      )
      .assertReply(keep)
      .assertReply(keep)
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('cwyn ffurfiol')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('iawn')
      .assertReply(c.says('details.outcome'))
      // franc calls this English; it is Welsh: no switch.
      .send("trwsio'r to cyn gynted â phosib")
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('fi')
      .assertReply(c.says('details.name'))
      .send('Gareth Jones')
      .assertReply(c.says('details.home'))
      .send('SA1 1AA')
      .assertReply(c.asks('prefs.contact', {}, contactMethods));
    expect(said.at(-1)).toBe(c.text('language.switchedAuto'));
  });

  it('a number it cannot read in the answer is asked for again, not swapped for the one they text from', async () => {
    const c = h.customer('sms');
    await upToWho(c)
      .send('me')
      .assertReply(c.says('details.name'))
      .send('Pat Lee')
      .assertReply(c.says('details.home'))
      .send('NG31 6AB')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      // A digit too many: no UK number.
      .send('phone me please on 01522 555 0192')
      .assertReply(c.says('prefs.phone'))
      .send('01522 550192')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('standard')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(await h.store.getCustomer(row?.customer_id ?? '')).toMatchObject({
      phone: '+441522550192',
      contact_method: 'phone',
    });
  });

  it('a different number in place of "no" is taken as the answer', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send("The repair man didn't turn up again and I took the day off work for nothing, call me on 07700 900123")
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('fix')
      .assertReply(c.capture())
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('a new date')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('tenant')
      .assertReply(c.says('details.name'))
      .send('Sam Hill')
      .assertReply(c.says('details.home'))
      .send('T/004512')
      .assertReply(c.asks('prefs.phoneKnown', { phone: '07700 900123' }, yesNo))
      .send('no use my landline 0115 496 0123')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('1')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ phone: '+441154960123', contact_method: 'phone', tenancy_ref: 'T/004512' });
  });

  it('on WhatsApp a phone call goes to the number they are writing from, without asking for it', async () => {
    const c = h.customer('whatsapp', 'whatsapp:+447700900555');
    await c.adapter
      .send(noShow)
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('fix it')
      .assertReply(c.capture())
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('a new date')
      .assertReply(c.capture())
      .send('its me')
      .assertReply(c.says('details.name'))
      .send('Pat Lee')
      .assertReply(c.says('details.home'))
      .send('14 Mill Lane LS6 2AB')
      .assertReply(c.capture())
      .send('ring me')
      .assertReply(c.capture((a) => expect(a.text).toContain(c.text('prefs.format'))))
      .send('no thanks')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({
      phone: '+447700900555',
      contact_method: 'phone',
      address: '14 Mill Lane LS6 2AB',
      postcode: 'LS6 2AB',
    });
  });

  it('takes an unplaceable contact method as said after two tries, and offers back an email already given', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send("The repair man didn't turn up again and I took the day off work for nothing. My email is sam@example.org")
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('complaint')
      .assertReply(c.capture())
      .send('ok')
      .assertReply(c.says('details.outcome'))
      .send('a new date')
      .assertReply(c.capture())
      .send('recently')
      .assertReply(c.capture())
      .send('tenant')
      .assertReply(c.says('details.name'))
      .send('Sam Hill')
      .assertReply(c.says('details.home'))
      .send('my address is 3 Elm Road, Derby DE1 1AA')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('carrier pigeon')
      .assertReply(c.asksAgain('ask.retryChoice', 'prefs.contact', {}, contactMethods))
      .send('smoke signals lol')
      .assertReply(c.says('ask.accepted'))
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('standard')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.flags).toContain('check:contact');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ address: '3 Elm Road, Derby DE1 1AA', postcode: 'DE1 1AA' });

    const d = h.customer('directline');
    await d.adapter
      .send("The repair man didn't turn up again and I took the day off work for nothing. email me at dee@example.org")
      .assertReply(d.capture())
      .assertReply(d.capture())
      .send('fix')
      .assertReply(d.capture())
      .send('yes')
      .assertReply(d.says('details.outcome'))
      .send('a new date')
      .assertReply(d.capture())
      .send('me')
      .assertReply(d.says('details.name'))
      .send('Dee')
      .assertReply(d.says('details.home'))
      .send('DE1 1AA')
      .assertReply(d.asks('prefs.emailKnown', { email: 'dee@example.org' }, yesNo))
      .send('yes please')
      .assertReply(d.asks('prefs.format', {}, formats));
  });

  it('offers back the address line already given when the customer wants letters', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('2')
      .assertReply(c.capture())
      .send('y')
      .assertReply(c.says('details.outcome'))
      .send('a new date')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.says('details.name'))
      .send('Mo Ahmed')
      .assertReply(c.says('details.home'))
      .send('22 Canal Street, Nottingham NG1 7EH')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('by post')
      .assertReply(c.asks('prefs.addressKnown', { address: '22 Canal Street, Nottingham NG1 7EH' }, yesNo))
      .send('1')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('1')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ address: '22 Canal Street, Nottingham NG1 7EH', contact_method: 'letter' });
  });
});

describe('what was said in passing is kept when no question asks for it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('on SMS, "text me on 07700 900123" is the number on record, not the one they text from', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('The front door lock is stiff and the key snapped in it. Text me on 07700 900123 when someone can come')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes thats fine')
      // A repair logged as a request: no details questions, so nothing to ask the number again in.
      .assertReply(c.capture((a) => expect(a.text).toContain('ENQ-')));
    const row = await h.store.getCaseByReference(c.reference ?? '');
    const customer = await h.store.getCustomer(row?.customer_id ?? '');
    expect(customer).toMatchObject({ phone: '+447700900123', contact_method: 'sms' });
  });

  it('on web chat, a name and a postcode said in passing are on the record of the request', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(
        "Hi it's Tom Baker at 4 Lime Grove NG7 1AB, my name is Tom Baker and the front door lock is stiff and the key snapped in it",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('ok')
      .assertReply(c.capture((a) => expect(a.text).toContain('ENQ-')));
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(await h.store.getCustomer(row?.customer_id ?? '')).toMatchObject({ name: 'Tom Baker', postcode: 'NG7 1AB' });
  });
});
