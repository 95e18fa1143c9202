import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer, contactMethods, formats, startedWhen, whoFor, yesNo } from '../../dialogs/choice-sets.js';
import { startHarness, type Customer, type Harness } from './harness.js';

/** A repair complaint that never says "complaint". */
const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

/**
 * The complaint offer ("Shall we log a formal complaint, or try to put it right within 2
 * working days?") answered the way people answer it, not with a button's words. A reply
 * that wants it fixed and wants to know why it took so long asks for what only a complaint
 * gives: a formal complaint puts it right too, and the Code forbids steering a customer
 * away from one (Code 5.2, 5.3).
 */
describe('the complaint offer, answered in the customer own words', () => {
  async function answerOffer(c: Customer, answer: string, formal: boolean, askedToRecord: boolean): Promise<void> {
    let flow = c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send(answer)
      // Taken as the answer: not "that sounds like something new", not asked again.
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes');
    // A reply that named a fix and an explanation has said what would put it right: not asked again.
    if (!askedToRecord) flow = flow.assertReply(c.says('details.outcome')).send('someone who actually turns up');
    // When it started is asked for a complaint, not for a fix within 2 working days.
    if (formal) flow = flow.assertReply(c.asks('details.started', {}, startedWhen)).send('this month');
    flow = flow
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('me')
      .assertReply(c.says('details.name'))
      .send('Margaret Ellis')
      .assertReply(c.says('details.home'))
      .send('LN2 4PQ');
    // Asked whether it may be recorded as a complaint only when the reply named a fix too (Code 1.3).
    if (askedToRecord) flow = flow.assertReply(c.asks('details.recordFormal', {}, yesNo)).send('yes');
    await flow
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('text')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('1')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
  }

  it.each([
    ["I'd like it fixed and someone to explain why it's taken so long", 'formal', true],
    ['i want to complain, this is ridiculous', 'formal', false],
    ['just get it fixed please', 'fix', false],
    ['sort it out asap', 'fix', false],
  ] as const)('%s', async (answer, choice, askedToRecord) => {
    const c = h.customer('sms');
    await answerOffer(c, answer, choice === 'formal', askedToRecord);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({
      kind: choice === 'formal' ? 'formal_complaint' : 'first_time_fix',
      complaint_offered: true,
      complaint_offer_choice: choice,
      desired_outcome: askedToRecord ? answer : 'someone who actually turns up',
    });
  });

  it('in Polish, in the forms Polish gives the verbs: the complaint, with its outcome as they said it', async () => {
    const c = h.customer('sms');
    c.lang = 'pl';
    const wants = 'chce zeby ktos przyszedl i to naprawil i wyjasnil czemu tak dlugo';
    await c.adapter
      .send('dzien dobry, od 3 tygodni mam grzyb w lazience i nikt nie przyszedl mimo ze dzwonilam 2 razy')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.damp_mould') }, complaintOffer))
      .send(wants)
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('tak')
      // When it started was in the first message, and what they want in the second.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('ja')
      .assertReply(c.says('details.name'))
      .send('Anna Kowalska')
      .assertReply(c.says('details.home'))
      .send('12 Elm Street, Derby DE1 2AB')
      .assertReply(c.asks('details.recordFormal', {}, yesNo))
      .send('tak')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('sms')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('duzy druk')
      .assertReply(c.capture());
    const cases = await h.store.listCasesForConversation(await c.conversationId(), false);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: 'formal_complaint',
      category: 'damp_mould',
      complaint_offer_choice: 'formal',
      desired_outcome: wants,
    });
  });
});

/**
 * "Shall we log a formal complaint, or try to put it right?" "yes". Yes to which? The bot
 * does not guess (a complaint the customer did not choose, or a fix that steers them away
 * from one, Code 5.3): it asks which one, rather than saying it did not understand.
 */
describe('a bare yes to the complaint offer', () => {
  it.each([
    ['sms', 'yes', 'the complaint one', 'formal'],
    ['sms', 'yeah', '2', 'fix'],
    ['directline', 'ok', 'fix it please', 'fix'],
  ] as const)('%s: "%s", then "%s"', async (channel, yes, which, choice) => {
    const c = h.customer(channel);
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send(yes)
      .assertReply(
        c.asksAgain('ask.retryWhich', 'triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer),
      )
      .send(which)
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('someone who actually turns up')
      // When it started is asked for a complaint, not for a fix within 2 working days.
      .assertReply(
        choice === 'formal' ? c.asks('details.started', {}, startedWhen) : c.asks('details.who', {}, whoFor),
      );
  });

  it('in Polish: "tak" is asked which, in Polish', async () => {
    const c = h.customer('sms');
    c.lang = 'pl';
    await c.adapter
      .send('Hydraulik znowu nie przyszedł, to już trzeci raz w tym miesiącu')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('tak')
      .assertReply(
        c.asksAgain('ask.retryWhich', 'triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer),
      );
  });
});

/**
 * Anti-social behaviour reported again and again with nothing done. The customer is unhappy
 * with how we dealt with it, and that is what is said back: not "something we've done or not
 * done", and not as if the neighbours were the landlord's service.
 */
describe('anti-social behaviour nobody acted on', () => {
  it('is offered a complaint about how we dealt with it', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('the people upstairs are shouting and banging all night, ive told you loads of times and nothings happened')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.asb') }, complaintOffer))
      .send('complaint')
      .assertReply(c.asks('consent.notice', {}, yesNo));
    expect(c.word('topics.asb')).toBe("how we've dealt with anti-social behaviour");
  });
});

/**
 * "there's black mould in my kids bedroom, can someone come and look at it" is a request. At
 * the privacy question the customer writes "i want to make a formal complaint about it": that
 * request is the complaint (Code 1.3, 5.2). It was taken as a second matter, "something we've
 * done or not done", with the privacy question stacked on the first.
 */
describe('a complaint asked for about the request in hand', () => {
  it.each([
    ['sms', 'i want to make a formal complaint about it'],
    ['directline', 'actually can i make this a formal complaint'],
    ['sms', 'I want to make a formal complaint'],
  ] as const)('%s: "%s"', async (channel, request) => {
    const c = h.customer(channel);
    await c.adapter
      .send("there's black mould in my kids bedroom, can someone come and look at it")
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send(request)
      .assertReply(c.says('triage.explicit', { topic: c.word('topics.damp_mould') }))
      .assertReply(c.asks('consent.noticeAgain', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('get rid of the mould and find out why its there')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('since the autumn')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('me')
      .assertReply(c.says('details.name'))
      .send('Dana Price')
      .assertReply(c.says('details.home'))
      .send('NG7 2QP')
      // Asked for in their own words: not asked again whether it may be recorded as one.
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('email')
      .assertReply(c.says('prefs.email'))
      .send('dana.price@example.com')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('standard')
      .assertReply(c.capture());
    const cases = await h.store.listCasesForConversation(await c.conversationId(), false);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      kind: 'formal_complaint',
      category: 'damp_mould',
      complaint_offer_choice: 'asked_for_complaint',
    });
    const consents = await h.store.currentConsents({ caseId: cases[0]?.id ?? '' });
    expect(consents.find((k) => k.kind === 'record_as_complaint')).toMatchObject({
      granted: true,
      details: { offerChoice: 'asked_for_complaint' },
    });
  });

  it('a complaint about something else is a new matter, and the request is still taken', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send("there's black mould in my kids bedroom, can someone come and look at it")
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('I want to make a complaint about the caretaker, he was really rude to me yesterday')
      .assertReply(c.says('interrupt.newMatter'));
  });
});

/**
 * A request being taken, then more about it, unhappy now: the way people text, a line at a
 * time. The request is the complaint to offer (Code 1.3), with both messages as its words; it
 * is not "something new", and no second privacy question is stacked on the first.
 */
describe('unhappy words added to the request in hand', () => {
  it('"my boilers broke", then "again!! 3rd time this month…": the complaint is offered about it', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('hi')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('start.howCanIHelp'))
      .send('my boilers broke')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('again!! 3rd time this month and the engineer never turns up when he says')
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('proper complaint')
      // Reminded of the notice they were shown, not made to read it again.
      .assertReply(c.asks('consent.noticeAgain', {}, yesNo))
      .send('ye')
      .assertReply(c.says('details.outcome'))
      .send('sort it for good and compo for the days off work')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('couple of months')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('me')
      .assertReply(c.says('details.name'))
      .send('its Kerry Walsh')
      .assertReply(c.says('details.home'))
      .send('flat 4 ashby court LE11 3QF')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('txt')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('normal is fine')
      .assertReply(c.capture());
    const cases = await h.store.listCasesForConversation(await c.conversationId(), false);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ kind: 'formal_complaint', category: 'repairs', complaint_offer_choice: 'formal' });
    expect(cases[0]?.customer_words).toBe(
      'my boilers broke\nagain!! 3rd time this month and the engineer never turns up when he says',
    );
  });

  it('in web chat, the long privacy notice is shown once; asked again, it is a reminder with its link', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('my boilers broke')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('again!! 3rd time this month and the engineer never turns up')
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('complaint')
      .assertReply((activity) => {
        expect(activity.text).toContain('www.example.org.uk/privacy');
        expect(activity.text).not.toContain(c.text('consent.notice').slice(0, 60));
        c.asks('consent.noticeAgain', {}, yesNo)(activity);
      })
      .send('yeah go on')
      .assertReply(c.says('details.outcome'));
    // Answered once, so recorded once: as acknowledged, against the wording shown in full.
    const notices = await h.db.query<{ response: string; wording_version: string }>(
      'select response, wording_version from privacy_notices where conversation_id = $1',
      [await c.conversationId()],
    );
    expect(notices).toEqual([{ response: 'acknowledged', wording_version: h.cases.pack.consentWording.privacyNotice }]);
  });

  it('"been like it 2 wks ive rang 3 times nobody bothers": chasing the request is about the request', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('the kitchen cupboard door fell off again')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('been like it 2 wks ive rang 3 times nobody bothers')
      // Not "something new" about how we kept in touch: the repair, which they have chased.
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('yh complaint')
      .assertReply(c.asks('consent.noticeAgain', {}, yesNo))
      .send('yh')
      .assertReply(c.says('details.outcome'))
      .send('want it fixed n sum1 to tell me y its took so long')
      // Two weeks, said already: not asked when it started.
      .assertReply(c.asks('details.who', {}, whoFor));
  });

  it('something else, unhappy too, is still its own matter', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('my boilers broke')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('and the people upstairs are screaming every night, ive told you loads of times and nothings happened')
      .assertReply(c.says('interrupt.newMatter'));
  });
});
