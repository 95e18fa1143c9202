import { MessageFactory } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioChannel } from '../../channels/twilio/index.js';
import { countSegments } from '../../channels/twilio/segments.js';
import { capabilitiesOf, type ChannelAdapter } from '../../src/channel.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import type { Bot } from '../../src/turn/turn-processor.js';
import { startChannelHarness, type ChannelHarness } from '../fakes/channel-harness.js';
import { startTwilioFake, type SentSms, type TwilioFake } from '../fakes/twilio-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

const OUR_NUMBER = '+447700900000';
const REFERENCE = 'CMP-2026-000123';
const LONG_REPLY = [
  `Thank you for telling us about the damp in your bedroom. We have recorded your complaint and your reference is ${REFERENCE}.`,
  'A member of our complaints team will contact you within five working days to talk about what happened and what you would like us to do to put things right.',
  'If the mould is getting worse, or anyone in your home has breathing problems, please tell us straight away so that we can arrange an urgent inspection.',
  `You can follow your complaint at https://example.org/track/${REFERENCE} or call us on 0300 123 4567.`,
  'If you are not happy with our response you can ask us to look at it again, and after that you can contact the Housing Ombudsman.',
].join(' ');

/** Answers "long" with a long reply and anything else with a question and two choices. */
const bot: Bot = {
  async run(context) {
    if (context.activity.text === 'long') await context.sendActivity(LONG_REPLY);
    else await context.sendActivity(MessageFactory.suggestedActions(['Yes', 'No'], 'Thanks. Is this about a repair?'));
  },
};

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let harness: ChannelHarness;
let twilio: TwilioFake;
let channel: ChannelAdapter;
let nextNumber = 100;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  redis = testRedis();
  prefix = uniquePrefix('sms-send');
  harness = await startChannelHarness({ db: database.db, redis, prefix, bot });
  twilio = await startTwilioFake();
  channel = createTwilioChannel({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: OUR_NUMBER,
    apiUrl: twilio.url,
    publicBaseUrl: harness.url,
    logger: harness.logger,
    store: harness.store,
    outbox: harness.outbox,
    translator: harness.translator,
    contact: {
      name: 'Riverside Homes',
      phone: '0300 123 4567',
      emergencyLine: '0300 123 4999',
      website: 'riverside.example/contact',
    },
  });
  harness.add(channel);
  await harness.startWorkers();
});

afterAll(async () => {
  await harness.close();
  await twilio.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await database.close();
});

/** A customer number no other test uses. */
const newCustomer = (): string => `+4477009${String(nextNumber++).padStart(5, '0')}`;
const to = (number: string): SentSms[] => twilio.sent.filter((m) => m.to === number || m.to === `whatsapp:${number}`);

async function text(from: string, body: string): Promise<string> {
  const result = await twilio.receive(`${harness.url}/sms/twilio`, { from, to: OUR_NUMBER, body });
  expect(result.status).toBe(200);
  return result.messageSid;
}

async function conversationOf(channelId: 'sms' | 'whatsapp', address: string): Promise<Conversation> {
  return waitFor(async () => (await harness.store.findConversation(channelId, address))[0], 'the conversation');
}

/** Waits until the conversation has no inbound message left to run and no reply left to send. */
async function settled(conversationId: string): Promise<Message[]> {
  return waitFor(async () => {
    const messages = await harness.store.listMessages(conversationId);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

describe('replies by SMS', () => {
  it("sends the bot's reply through the Twilio REST API from our number, with choices as numbered lines", async () => {
    const customer = newCustomer();
    await text(customer, 'Hello');
    const conversation = await conversationOf('sms', customer);
    const messages = await settled(conversation.id);

    expect(to(customer)).toEqual([
      expect.objectContaining({
        from: OUR_NUMBER,
        body: 'Thanks. Is this about a repair?\n1. Yes\n2. No',
        statusCallback: `${harness.url}/sms/twilio/status`,
      }),
    ]);
    const reply = messages.find((m) => m.direction === 'outbound');
    expect(reply?.status).toBe('sent');
    expect((await harness.store.listDeliveries(reply!.id)).map((d) => d.provider_message_id)).toEqual([
      to(customer)[0]?.sid,
    ]);
  });

  it('splits a long reply into numbered messages between words, keeping the reference and link whole', async () => {
    const customer = newCustomer();
    await text(customer, 'long');
    await settled((await conversationOf('sms', customer)).id);

    const parts = to(customer).map((m) => m.body);
    expect(parts.length).toBe(2);
    parts.forEach((part, i) => {
      expect(part.endsWith(` (${i + 1}/2)`)).toBe(true);
      expect(countSegments(part).segments).toBeLessThanOrEqual(4);
    });
    expect(parts.map((p) => p.replace(/ \(\d\/2\)$/, '')).join(' ')).toBe(LONG_REPLY);
  });

  it('retries a reply after three Twilio outages and delivers it exactly once', async () => {
    const customer = newCustomer();
    twilio.failNext(3, 503, undefined, (r) => r.method === 'POST' && r.body.To === customer);
    await text(customer, 'Hello');
    const messages = await settled((await conversationOf('sms', customer)).id);

    expect(twilio.requests.filter((r) => r.method === 'POST' && r.body.To === customer).map((r) => r.status)).toEqual([
      503, 503, 503, 201,
    ]);
    expect(to(customer)).toHaveLength(1);
    expect(messages.find((m) => m.direction === 'outbound')?.status).toBe('sent');
  });

  it('retries after a 429 rate limit too', async () => {
    const customer = newCustomer();
    twilio.failNext(1, 429, undefined, (r) => r.method === 'POST' && r.body.To === customer);
    await text(customer, 'Hello');
    await settled((await conversationOf('sms', customer)).id);
    expect(to(customer)).toHaveLength(1);
  });

  it('resumes a split reply from the part that failed, so no part arrives twice', async () => {
    const customer = newCustomer();
    twilio.failNext(
      2,
      500,
      undefined,
      (r) => r.method === 'POST' && r.body.To === customer && String(r.body.Body).endsWith('(2/2)'),
    );
    await text(customer, 'long');
    await settled((await conversationOf('sms', customer)).id);

    expect(to(customer).map((m) => m.body.slice(-5))).toEqual(['(1/2)', '(2/2)']);
  });

  it.each([
    [21610, 'unsubscribed'],
    [21211, 'invalid number'],
  ])('records a permanent refusal (%i %s) without retrying and tells staff', async (code) => {
    const customer = newCustomer();
    twilio.rejectRecipient(customer, code);
    await text(customer, 'Hello');
    const messages = await settled((await conversationOf('sms', customer)).id);

    const reply = messages.find((m) => m.direction === 'outbound');
    expect(reply).toMatchObject({ status: 'failed' });
    expect(reply?.status_detail).toContain(String(code));
    expect(twilio.requests.filter((r) => r.method === 'POST' && r.body.To === customer)).toHaveLength(1);
    const job = await harness.queues.queues.handoff.getJob(`fail-${reply!.id}`);
    expect(job?.data).toMatchObject({ type: 'delivery_failed', messageId: reply!.id });
  });
});

describe('STOP, START and HELP', () => {
  it('STOP is recorded, gets no reply from us, and suppresses everything after it to that number', async () => {
    const customer = newCustomer();
    await text(customer, 'Hello');
    const conversation = await conversationOf('sms', customer);
    await settled(conversation.id);
    expect(to(customer)).toHaveLength(1);

    await text(customer, ' stop ');
    await settled(conversation.id);
    expect((await harness.store.getConversation(conversation.id))?.opted_out).toBe(true);

    // Neither the bot's answer to a later text nor a colleague's message is sent.
    await text(customer, 'Is anyone there?');
    await harness.outbox.say(conversation.id, {
      text: 'Hello, this is Sam from the repairs team.',
      author: 'staff:U123',
    });
    const messages = await settled(conversation.id);

    expect(to(customer)).toHaveLength(1);
    const afterStop = messages.filter((m) => m.direction === 'outbound').slice(1);
    expect(afterStop.map((m) => m.status)).toEqual(['suppressed', 'suppressed']);
  });

  it('treats a lone CANCEL as the carrier opt-out word, but not "cancel my complaint"', async () => {
    const customer = newCustomer();
    await text(customer, 'cancel my complaint');
    const conversation = await conversationOf('sms', customer);
    await settled(conversation.id);
    expect((await harness.store.getConversation(conversation.id))?.opted_out).toBe(false);
    expect(to(customer)).toHaveLength(1);

    await text(customer, 'CANCEL');
    await settled(conversation.id);
    expect((await harness.store.getConversation(conversation.id))?.opted_out).toBe(true);
    expect(to(customer)).toHaveLength(1);
  });

  it('START opts the number back in with a short confirmation, and replies flow again', async () => {
    const customer = newCustomer();
    await text(customer, 'STOP');
    const conversation = await conversationOf('sms', customer);
    await settled(conversation.id);
    await text(customer, 'Start');
    await settled(conversation.id);

    expect((await harness.store.getConversation(conversation.id))?.opted_out).toBe(false);
    expect(to(customer).map((m) => m.body)).toEqual([harness.translator.t('en', 'channels:sms.optedIn')]);
    await text(customer, 'Hello again');
    await settled(conversation.id);
    expect(to(customer)).toHaveLength(2);
  });

  it("HELP answers with the landlord's contact details, and the dialogs never see it", async () => {
    const customer = newCustomer();
    await text(customer, 'HELP');
    await settled((await conversationOf('sms', customer)).id);

    const [help] = to(customer);
    expect(help?.body).toContain('Riverside Homes');
    expect(help?.body).toContain('0300 123 4567');
    expect(help?.body).toContain('riverside.example/contact');
    expect(help?.body).toContain('0300 123 4999');
    expect(help?.body).not.toContain('Is this about a repair?');
  });
});

describe('WhatsApp through Twilio', () => {
  it('has its own capabilities: longer messages, no segments, reply buttons, its own wording', () => {
    expect(channel.capabilities('whatsapp')).toEqual(capabilitiesOf('whatsapp'));
    expect(channel.capabilities('whatsapp').maxTextLength).toBeGreaterThan(channel.capabilities('sms').maxTextLength);
    expect(channel.capabilities('sms')).toMatchObject({ choices: 'numbered', wording: 'sms' });
    expect(channel.capabilities('whatsapp')).toMatchObject({ choices: 'quick_replies', wording: 'whatsapp' });
  });

  it('replies on WhatsApp addresses, sending a long reply whole where SMS would split it', async () => {
    const customer = newCustomer();
    const result = await twilio.receive(`${harness.url}/sms/twilio`, {
      from: `whatsapp:${customer}`,
      to: `whatsapp:${OUR_NUMBER}`,
      body: 'long',
    });
    expect(result.status).toBe(200);
    await settled((await conversationOf('whatsapp', `whatsapp:${customer}`)).id);

    expect(to(customer)).toEqual([
      expect.objectContaining({ from: `whatsapp:${OUR_NUMBER}`, to: `whatsapp:${customer}`, body: LONG_REPLY }),
    ]);
  });
});
