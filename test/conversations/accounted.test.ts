import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { isContentFree, retryMatcher, unaccounted } from './accounted.js';
import { topicOf } from './persona.js';
import { loopIn, writtenIn } from './run.js';

// The checks the persona suite relies on must themselves be able to fail.

let test: TestDatabase;
let translator: Translator;

beforeAll(async () => {
  test = await openTestDatabase('pglite');
  translator = await createTranslator();
});
afterAll(async () => {
  await test?.close();
});

async function conversation(): Promise<string> {
  const id = randomUUID();
  await test.db.query(
    `insert into conversations (id, channel_id, address, our_address) values ($1, 'sms', $2, '+447700900000')`,
    [id, `+4477009${Math.floor(Math.random() * 1e5)}`],
  );
  return id;
}

async function say(
  conversationId: string,
  direction: 'inbound' | 'outbound',
  text: string,
  extra: { caseId?: string; media?: unknown[] } = {},
): Promise<string> {
  const id = randomUUID();
  await test.db.query(
    `insert into messages (id, conversation_id, case_id, direction, channel_id, author, text, media, status) values ($1, $2, $3, $4, 'sms', $5, $6, $7, 'processed')`,
    [
      id,
      conversationId,
      extra.caseId ?? null,
      direction,
      direction === 'inbound' ? 'customer' : 'bot',
      text,
      JSON.stringify(extra.media ?? []),
    ],
  );
  return id;
}

async function openCase(conversationId: string, words: string, originMessageId: string | null = null): Promise<string> {
  const id = randomUUID();
  await test.db.query(
    `insert into cases (id, reference, kind, stage, policy_pack, conversation_id, channel_id, customer_words, received_at, origin_message_id)
     values ($1, $2, 'enquiry', 'none', 'code-2024', $3, 'sms', $4, now(), $5)`,
    [
      id,
      `ENQ-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      conversationId,
      words,
      originMessageId,
    ],
  );
  return id;
}

const check = (conversationId: string, slackTexts: string[] = []) =>
  unaccounted({ db: test.db, conversationId, slackTexts, translator });

describe('every message accounted for (#21 item 3)', () => {
  it('finds a complaint met only with "please reply with a number", and accepts one answered, on a case, or shown in Slack', async () => {
    const c = await conversation();
    await say(c, 'inbound', 'When is the office open?');
    await say(c, 'outbound', 'Before I take your details: ... OK?');
    const complaint = await say(
      c,
      'inbound',
      'I want to make a formal complaint. Your repairs team missed 3 appointments',
    );
    await say(c, 'outbound', `${translator.t('en', 'ask.retryChoice_sms')}\n1 Yes\n2 No`);
    await say(c, 'inbound', 'yes');
    const problems = await check(c);
    expect(problems.map((p) => p.messageId)).toEqual([complaint]);
    expect(problems[0]?.problem).toBe('dropped');

    // Quoted in a Slack post (escaped as Slack escapes), it is shown to staff.
    expect(await check(c, ['> I want to make a formal complaint. Your repairs team missed 3 appointments'])).toEqual(
      [],
    );
    // On a case, it is accounted for.
    const caseId = await openCase(c, 'I want to make a formal complaint');
    await test.db.query('update messages set case_id = $2 where id = $1', [complaint, caseId]);
    expect(await check(c)).toEqual([]);
  });

  it('finds a message with no reply at all, and a photo nobody acknowledged', async () => {
    const c = await conversation();
    const silent = await say(c, 'inbound', 'the smell of gas is worse now');
    const photo = await say(c, 'inbound', '', {
      media: [{ url: 'https://api.twilio.com/x/Media/ME1', contentType: 'image/jpeg' }],
    });
    await say(c, 'outbound', translator.t('en', 'ask.retryChoice'));
    expect((await check(c)).map((p) => p.messageId)).toEqual([silent, photo]);
  });

  it('finds a case opened about a bare "thanks" or an emoji, and leaves bare acknowledgements alone otherwise', async () => {
    const c = await conversation();
    const thanks = await say(c, 'inbound', 'thanks');
    await openCase(c, 'thanks', thanks);
    const thumb = await say(c, 'inbound', '👍');
    await openCase(c, '👍', thumb);
    await say(c, 'inbound', 'ok');
    const problems = await check(c);
    expect(problems.map((p) => [p.problem, p.text])).toEqual([
      ['content_free_case', 'thanks'],
      ['content_free_case', '👍'],
    ]);
  });

  it('tells content from acknowledgements', () => {
    for (const text of ['yes', 'Yep!', 'ok 👍', 'thanks', 'Thank you.', '👍', 'tak', 'diolch', 'شكرا', '2'])
      expect(isContentFree(text), text).toBe(true);
    for (const text of ['my name is Jane', 'NG31 6AB', 'no hot water', 'dont know', 'yes the boiler is broken'])
      expect(isContentFree(text), text).toBe(false);
  });
});

describe('the loop detector and the customer reading', () => {
  it('sees a question asked three turns running, a retry counting as the question it restates', () => {
    const isRetry = retryMatcher(translator);
    const q = "What's your postcode or tenancy reference?";
    const retry = translator.t('en', 'ask.retry.homeLocator');
    expect(loopIn([[q], [retry], [translator.t('en', 'ask.agentHint'), retry]], isRetry)).toBe(q);
    expect(loopIn([[q], [retry], ['What would you like us to do?']], isRetry)).toBeUndefined();
    // Two different yes/no questions in a row are not a loop.
    expect(
      loopIn(
        [
          ['OK? 1 Yes 2 No'],
          ['Record it as a formal complaint? 1 Yes 2 No'],
          ['How would you like us to contact you?'],
        ],
        isRetry,
      ),
    ).toBeUndefined();
  });

  it('reads the topic of a question, scrolling up past a bare retry', () => {
    const isRetry = retryMatcher(translator);
    expect(topicOf('en', [['What is your postcode?']], isRetry)).toBe('home');
    expect(topicOf('en', [['What is your postcode?'], [translator.t('en', 'ask.retryChoice')]], isRetry)).toBe('home');
    expect(topicOf('pl', [[translator.t('pl', 'details.home')]], isRetry)).toBe('home');
    expect(topicOf('en', [['Thanks. Your reference is ENQ-2026-000001.']], isRetry)).toBeUndefined();
  });

  it('tells whether a reply is in the customer’s language', () => {
    expect(writtenIn('pl', translator.t('pl', 'details.name'))).toBe(true);
    expect(writtenIn('pl', translator.t('en', 'details.name'))).toBe(false);
    expect(writtenIn('cy', translator.t('cy', 'details.name'))).toBe(true);
    expect(writtenIn('ar', translator.t('ar', 'details.name'))).toBe(true);
    expect(writtenIn('ar', translator.t('ur', 'details.name'))).toBe(false);
    expect(writtenIn('ur', translator.t('ur', 'details.name'))).toBe(true);
  });
});
