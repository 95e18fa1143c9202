import type { Activity, Message } from 'botframework-directlinejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyConversationAccounted } from '../conversations/accounted.js';
import { OfficialClient } from '../directline/helpers/official-client.js';
import type { TestGateway } from '../helpers/gateway.js';
import {
  type BotWords,
  type ComplaintRecord,
  botWords,
  choiceKeys,
  formalNextSteps,
  recordFor,
  referenceIn,
  startWebchatGateway,
} from './helpers.js';

// Microsoft's own botframework-directlinejs client (as Bot Framework Web Chat uses it),
// over the WebSocket stream, against the WHOLE gateway: the real dialogs bot behind the
// turn and outbound queues, real Redis, PGlite.

type Vars = Record<string, string | number>;

/** A whole complaint is about ten turns of the real bot; generous for a busy CI machine. */
const wholeComplaint = 90_000;

/** The bot's side of the conversation, in the order the server numbered it. */
function botMessages(client: OfficialClient): Message[] {
  return client.received
    .filter((a: Activity): a is Message => a.type === 'message' && a.from.role === 'bot')
    .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
}

/** One customer holding a conversation through the official client. */
class Conversation {
  readonly client: OfficialClient;

  constructor(
    baseUrl: string,
    token: string,
    private readonly locale: string,
  ) {
    this.client = new OfficialClient(baseUrl, { token });
  }

  /** Sends a message and waits for the bot's reply ending with one that matches `last`; returns the bot's new messages. */
  async say(text: string, last: string | RegExp): Promise<Message[]> {
    const before = botMessages(this.client).length;
    await this.client.say(text, this.locale);
    const matches = (m: Message) => (typeof last === 'string' ? m.text === last : last.test(m.text ?? ''));
    await this.client.until(() => botMessages(this.client).slice(before).some(matches));
    return botMessages(this.client).slice(before);
  }

  /** The buttons on the bot's last message, as the client received them. */
  buttons(): string[] {
    return (botMessages(this.client).at(-1)?.suggestedActions?.actions ?? []).map((a) => a.title ?? '');
  }
}

async function mintToken(baseUrl: string): Promise<string> {
  const minted = await fetch(`${baseUrl}/webchat/token`, { method: 'POST' });
  expect(minted.status).toBe(200);
  return ((await minted.json()) as { token: string }).token;
}

function statusLine(words: BotWords, lang: string): RegExp {
  const source = words.says(lang, 'confirm.status', { reference: '@REF@' }).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${source.replace('@REF@', 'CMP-\\d{4}-\\d{6}')}$`);
}

const texts = (messages: Message[]) => messages.map((m) => m.text ?? '');

describe('the official Direct Line client with the real bot', () => {
  let gateway: TestGateway;
  let words: BotWords;

  beforeAll(async () => {
    words = await botWords();
    gateway = await startWebchatGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it(
    "holds a whole complaint, answering the bot's buttons with their titles, through to a reference",
    async () => {
      const en = (key: string, vars?: Vars) => words.says('en', key, vars);
      const c = new Conversation(gateway.url, await mintToken(gateway.url), 'en-GB');
      try {
        const noShow =
          "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";
        const offer = en('triage.offer', { count: 2, topic: en('topics.repairs') });
        expect(texts(await c.say(noShow, offer))).toEqual([en('start.greeting'), offer]);
        const offered = botMessages(c.client).at(-1);
        // The official client gets the choices as imBack suggested actions.
        expect(offered?.suggestedActions?.actions.map((a) => a.type)).toEqual(['imBack', 'imBack', 'imBack']);
        expect(c.buttons()).toEqual(words.titles('en', choiceKeys.offer));

        expect(texts(await c.say('Formal complaint', en('consent.notice')))).toEqual([en('consent.notice')]);
        expect(c.buttons()).toEqual(words.titles('en', choiceKeys.yesNo));
        await c.say('Yes', en('details.outcome'));
        await c.say('Turn up when you say you will', en('details.started'));
        expect(c.buttons()).toEqual(words.titles('en', choiceKeys.started));
        await c.say('In the last month', en('details.who'));
        await c.say("I'm the tenant", en('details.name'));
        await c.say('Ali Khan', en('details.home'));
        // An answer it cannot use: why, and the question again in full, in one message.
        expect(texts(await c.say('not sure', `${en('ask.retry.homeLocator')}\n${en('details.home')}`))).toEqual([
          `${en('ask.retry.homeLocator')}\n${en('details.home')}`,
        ]);
        await c.say('M1 1AE', en('prefs.contact'));
        expect(c.buttons()).toEqual(words.titles('en', choiceKeys.contact));
        await c.say('Email', en('prefs.email'));
        await c.say('ali@example.org', en('prefs.format'));
        const closing = texts(await c.say('Standard', statusLine(words, 'en')));

        const reference = referenceIn(closing.at(-1) ?? '') ?? '';
        expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
        const record = await recordFor(gateway, reference);
        expect(record.case).toMatchObject({
          kind: 'formal_complaint',
          channel_id: 'directline',
          stage: 'stage1',
          category: 'repairs',
          complaint_offered: true,
          complaint_offer_choice: 'formal',
          customer_words: noShow,
          desired_outcome: 'Turn up when you say you will',
        });
        expect(record.customer).toMatchObject({
          name: 'Ali Khan',
          email: 'ali@example.org',
          contact_method: 'email',
          postcode: 'M1 1AE',
          preferred_language: 'en',
        });
        expect(record.conversation.channel_id).toBe('directline');
        expect(record.conversation.address).toBe(c.client.received[0]?.conversation?.id);
        expect(closing).toContain(
          en('confirm.summary', {
            what: en('confirm.kind.formal_complaint'),
            reference,
            topic: en('topics.repairs'),
            outcome: 'Turn up when you say you will',
            contact: en('choices.contact.email.title'),
            format: en('choices.format.standard.title'),
          }),
        );
        expect(closing).toContain(formalNextSteps(words, 'en', record.clocks));
        expect(c.client.failure).toBeUndefined();
      } finally {
        c.client.end();
      }
    },
    wholeComplaint,
  );

  const pl = (key: string, vars?: Vars) => words.says('pl', key, vars);
  const polishComplaint =
    'Chcę złożyć skargę, bo fachowiec od napraw znowu nie przyszedł, to już trzeci raz w tym miesiącu';

  /** From the privacy question on, the same Polish answers, pressing the Polish buttons by their titles. */
  async function completeInPolish(c: Conversation): Promise<string[]> {
    expect(c.buttons()).toEqual(words.titles('pl', choiceKeys.yesNo));
    // Typed rather than pressed: the Polish word for yes picks the choice too.
    await c.say('tak', pl('details.outcome'));
    await c.say('Nowy termin w sobotę i przeprosiny', pl('details.started'));
    expect(c.buttons()).toEqual(words.titles('pl', choiceKeys.started));
    await c.say(pl('choices.started.recent.title'), pl('details.who'));
    expect(c.buttons()).toEqual(words.titles('pl', choiceKeys.who));
    await c.say(pl('choices.who.self.title'), pl('details.name'));
    await c.say('Anna Kowalska', pl('details.home'));
    await c.say('M1 1AE', pl('prefs.contact'));
    expect(c.buttons()).toEqual(words.titles('pl', choiceKeys.contact));
    await c.say(pl('choices.contact.chat.title'), pl('prefs.format'));
    expect(c.buttons()).toEqual(words.titles('pl', choiceKeys.format));
    return texts(await c.say(pl('choices.format.standard.title'), statusLine(words, 'pl')));
  }

  async function expectPolishCase(closing: string[]): Promise<ComplaintRecord> {
    const reference = referenceIn(closing.at(-1) ?? '') ?? '';
    expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
    const record = await recordFor(gateway, reference);
    expect(record.case).toMatchObject({
      kind: 'formal_complaint',
      channel_id: 'directline',
      customer_words: polishComplaint,
    });
    expect(record.customer).toMatchObject({
      name: 'Anna Kowalska',
      postcode: 'M1 1AE',
      preferred_language: 'pl',
      contact_method: 'chat',
    });
    expect(record.conversation.locale).toBe('pl');
    expect(closing).toContain(
      pl('confirm.summary', {
        what: pl('confirm.kind.formal_complaint'),
        reference,
        topic: pl(`topics.${record.case.category ?? ''}`),
        outcome: 'Nowy termin w sobotę i przeprosiny',
        contact: pl('choices.contact.chat.title'),
        format: pl('choices.format.standard.title'),
      }),
    );
    // Dates in Polish ("poniedziałek 30 listopada"), the ones the case's clocks hold.
    const next = formalNextSteps(words, 'pl', record.clocks);
    expect(closing).toContain(next);
    expect(next).toMatch(
      /(poniedziałek|wtorek|środa|czwartek|piątek) \d{1,2} (stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia)/,
    );
    return record;
  }

  it(
    'a Polish complaint from a client whose locale is pl-PL: Polish from the first word to the reference',
    async () => {
      const c = new Conversation(gateway.url, await mintToken(gateway.url), 'pl-PL');
      try {
        const opening = await c.say(polishComplaint, pl('consent.notice'));
        expect(texts(opening)).toHaveLength(3);
        expect(opening[0]?.text).toBe(pl('start.greeting'));
        expect(opening[2]?.text).toBe(pl('consent.notice'));
        const record = await expectPolishCase(await completeInPolish(c));
        expect(opening[1]?.text).toBe(pl('triage.explicit', { topic: pl(`topics.${record.case.category ?? ''}`) }));
      } finally {
        c.client.end();
      }
    },
    wholeComplaint,
  );

  it(
    'a Polish complaint from an English client: Polish from the customer’s first words, with the way back to English in Polish',
    async () => {
      const c = new Conversation(gateway.url, await mintToken(gateway.url), 'en-GB');
      try {
        const opening = texts(await c.say(polishComplaint, pl('consent.notice')));
        expect(opening[0]).toBe(pl('start.greeting'));
        // Told in Polish how to go back to English.
        expect(opening[1]).toBe(pl('language.switchedAuto'));
        expect(opening.at(-1)).toBe(pl('consent.notice'));
        await expectPolishCase(await completeInPolish(c));
      } finally {
        c.client.end();
      }
    },
    wholeComplaint,
  );

  it('accounts for every message these customers wrote (#21): on a case, answered, or shown to staff', async () => {
    expect(await everyConversationAccounted(gateway.db)).toEqual([]);
  });
});
