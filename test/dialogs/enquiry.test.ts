import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formats, yesNo } from '../../dialogs/choice-sets.js';
import { knowledgeTopicFor } from '../../dialogs/knowledge.js';
import { NationService } from '../../src/nations/index.js';
import { startHarness, type Harness } from './harness.js';

describe('questions, requests and documents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  /** What the knowledge answers quote: the pack's timescales and, with nobody known yet, the landlord's division's ombudsman (England's here). */
  function answerVars() {
    const ombudsman = h.cases.pack.escalationBodies.find((b) => b.id === 'housing_ombudsman');
    return {
      ackDays: 5,
      responseDays: 10,
      stage2ResponseDays: 20,
      fixDays: 2,
      ombudsman: 'Housing Ombudsman',
      ombudsmanPhone: ombudsman?.phone ?? '',
      ombudsmanWebsite: ombudsman?.website ?? '',
    };
  }

  it.each([
    ['What are your opening hours?', 'knowledge.opening_hours'],
    ['How do I pay my rent?', 'knowledge.paying_rent'],
    ['how do I report a repair?', 'knowledge.reporting_repairs'],
    ['How does your complaints process work?', 'knowledge.complaints_process'],
    ['How do I contact the Housing Ombudsman?', 'knowledge.ombudsman'],
    // As people text them.
    ['how long have u got to reply to a complaint?', 'knowledge.complaints_process'],
    ['how long do you have to respond to complaints', 'knowledge.complaints_process'],
    ['what happens if im still not happy with your response?', 'knowledge.complaints_process'],
    ['whats the time limit for answering a complaint', 'knowledge.complaints_process'],
  ])('answers "%s" from the knowledge file, without taking any details', async (question, key) => {
    const c = h.customer('directline');
    await c.adapter
      .send(question)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says(key, answerVars()))
      .assertReply(c.says('enquiry.anythingElse'));
    expect(await h.store.findCustomerForConversation(await c.conversationId())).toBeUndefined();
  });

  it.each([
    ['pl', 'Ile macie czasu na odpowiedź na skargę?', 'knowledge.complaints_process'],
    ['cy', 'Faint o amser sydd gennych i ateb cwyn?', 'knowledge.complaints_process'],
    ['ro', 'Cât timp aveți să răspundeți la o reclamație?', 'knowledge.complaints_process'],
    ['ro', 'Când sunteți deschiși?', 'knowledge.opening_hours'],
    ['ar', 'كم يوم لديكم للرد على الشكوى؟', 'knowledge.complaints_process'],
    ['ur', 'شکایت کا جواب کتنے دن میں دیتے ہیں؟', 'knowledge.complaints_process'],
    ['pa', 'ਸ਼ਿਕਾਇਤ ਦਾ ਜਵਾਬ ਕਿੰਨੇ ਦਿਨਾਂ ਵਿੱਚ ਮਿਲਦਾ ਹੈ?', 'knowledge.complaints_process'],
    ['bn', 'অভিযোগের উত্তর কত দিনে পাব?', 'knowledge.complaints_process'],
    ['zh', '投诉多久会回复？', 'knowledge.complaints_process'],
    ['zh', '你们的营业时间是什么？', 'knowledge.opening_hours'],
  ] as const)('in %s, answers "%s" in that language, not taking it for a complaint', async (lang, question, key) => {
    const c = h.customer('directline');
    c.lang = lang;
    await c.adapter
      .send(question)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('language.switchedAuto'))
      // The answer in their language, up to the ombudsman's name (which it gives in that language too).
      .assertReply(
        c.capture((a) =>
          expect(a.text).toContain(c.text(key, { ...answerVars(), ombudsman: '\u0000' }).split('\u0000')[0]),
        ),
      )
      .assertReply(c.says('enquiry.anythingElse'));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('a request for stage 2 put as a question is not a general question', () => {
    expect(knowledgeTopicFor("can i go to stage 2? i'm not happy with your response")).toBeUndefined();
    expect(knowledgeTopicFor("can you escalate it, i'm still not happy with the response")).toBeUndefined();
    expect(knowledgeTopicFor('what if im still not happy after that')).toBe('complaints_process');
  });

  it('a follow-up question after an answer is answered too, not taken for a complaint', async () => {
    const c = h.customer('sms');
    const vars = answerVars();
    await c.adapter
      .send('how long have u got to reply to a complaint?')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('knowledge.complaints_process', vars))
      .assertReply(c.says('enquiry.anythingElse'))
      .send('and what if im still not happy after that')
      .assertReply(c.says('knowledge.complaints_process', vars))
      .assertReply(c.says('enquiry.anythingElse'))
      .send('who do i go to after that then, the ombudsman?')
      .assertReply(c.says('knowledge.ombudsman', vars))
      .assertReply(c.says('enquiry.anythingElse'))
      .send('ok thanks')
      .assertReply(c.capture());
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('names the ombudsman of the nation the customer lives in: a tenant in Edinburgh is pointed to the SPSO', async () => {
    const c = h.customer('sms');
    await c.adapter.send('what are your opening hours').assertReply(c.says('start.greeting')).assertReply(c.capture());
    c.adapter.activeQueue.splice(0);
    const customer = await h.store.ensureCustomer(await c.conversationId());
    // Her postcode, placed as a case opening places it (src/nations/).
    await h.store.updateCustomer(customer.id, { postcode: 'EH1 1YZ' });
    await new NationService({ db: h.db, defaultDivision: 'england-and-wales' }).place(customer.id);
    await c.adapter.send('who is the ombudsman, whats there number').assertReply(
      c.capture((a) => {
        expect(a.text).toContain('Scottish Public Services Ombudsman');
        expect(a.text).toContain('0800 377 7330');
        expect(a.text).not.toContain('Housing Ombudsman');
      }),
    );
  });

  it("gives the complaint timescales of the landlord's own pack", () => {
    const c = h.customer('sms');
    expect(c.text('knowledge.complaints_process', { ackDays: 5, responseDays: 10, stage2ResponseDays: 20 })).toContain(
      'within 5 working days',
    );
    expect(
      c.text('knowledge.ombudsman', {
        ombudsman: 'Housing Ombudsman',
        ombudsmanPhone: '0300 111 3000',
        ombudsmanWebsite: 'x',
      }),
    ).toContain('0300 111 3000');
  });

  it('passes a request it cannot answer to the team, with the reply date from the service standards', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('my bathroom extractor fan has stopped working')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      // seeds 001/002: messages answered within one working day.
      .assertReply(
        c.capture((a) =>
          expect(a.text).toBe(c.text('enquiry.queued', { reference: c.reference ?? '', date: 'Tuesday 1 December' })),
        ),
      );
    expect(c.reference).toMatch(/^ENQ-2026-\d{6}$/);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({
      kind: 'enquiry',
      stage: 'none',
      category: 'repairs',
      team: 'Repairs',
      customer_words: 'my bathroom extractor fan has stopped working',
    });
    expect(await h.store.listCaseMessages(row?.id ?? '')).toHaveLength(2);
  });

  it('takes a request for a document in large print and keeps the format on the customer', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('Can I get my tenancy agreement in large print please?')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('Yes')
      .assertReply(c.says('document.which'))
      .send('my tenancy agreement')
      // Not "In what format?": large print, asked for in the first message.
      .assertReply(
        c.capture((a) =>
          // seed 002: letters within 10 working days.
          expect(a.text).toBe(
            c.text('document.queued', {
              document: 'my tenancy agreement',
              format: c.word('choices.format.large_print.title'),
              reference: c.reference ?? '',
              date: 'Monday 14 December',
            }),
          ),
        ),
      );
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row).toMatchObject({ kind: 'enquiry', category: 'communication', desired_outcome: 'my tenancy agreement' });
    expect(row?.flags).toContain('format_request');
    expect((await h.store.getCustomer(row?.customer_id ?? ''))?.preferred_format).toBe('large_print');
  });

  it("keeps a language it cannot name in the customer's words for staff", async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('I struggle to read letters, can I get my tenancy agreement in a different format?')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('the rent letter')
      .assertReply(c.capture())
      .send('6')
      .assertReply(c.says('prefs.language'))
      .send('Turkish')
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(await h.store.getCustomer(row?.customer_id ?? '')).toMatchObject({
      preferred_format: 'another_language',
      access_needs: 'Turkish',
      preferred_language: 'en',
    });
  });

  it('thanks a compliment', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('Thanks so much to the repairs team, great job on my roof')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('enquiry.compliment'));
  });

  it('on a public Page comment: never asks for or echoes personal details', async () => {
    const c = h.customer('facebook');
    await c.adapter
      .send(
        "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('public.private'))
      .send('How do I pay my rent?')
      .assertReply(c.says('knowledge.paying_rent'))
      .assertReply(c.says('enquiry.anythingElse'))
      .send('I can smell gas in my flat at 4 Elm Road')
      .assertReply(c.says('emergency.advice.gas'))
      .assertReply(c.says('emergency.line'))
      // Staff get the case; the public reply carries no reference.
      .assertReply(c.says('emergency.loggedPublic', { count: 24 }));
    const cases = await h.store.listCasesForConversation(await c.conversationId());
    expect(cases.map((k) => k.kind)).toEqual(['emergency']);
  });

  it('a hello on its own is met with a question, not a case', async () => {
    const c = h.customer('sms');
    await c.adapter.send('Hello').assertReply(c.says('start.greeting')).assertReply(c.says('start.howCanIHelp'));
  });

  it.each([
    'hiya sorry to msg so late',
    'hello sorry to bother you',
    'evening, sorry its late',
    'Hi, hope you are well',
  ])('a hello with an apology for the hour is met with a question, not the privacy notice: %s', async (text) => {
    const c = h.customer('sms');
    await c.adapter.send(text).assertReply(c.says('start.greeting')).assertReply(c.says('start.howCanIHelp'));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('the same in Polish, answered in Polish', async () => {
    const c = h.customer('sms');
    c.lang = 'pl';
    const said: string[] = [];
    const keep = (a: { text?: string }) => void said.push(a.text ?? '');
    // The greeting, the switch to Polish, then the question.
    await c.adapter
      .send('Dzień dobry, przepraszam że tak późno piszę')
      .assertReply(keep)
      .assertReply(keep)
      .assertReply(keep);
    expect(said.at(-1)).toBe(c.text('start.howCanIHelp'));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });
});
