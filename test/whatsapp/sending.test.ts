import { MessageFactory } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentLibrary } from '../../channels/twilio/content.js';
import { createTwilioChannel } from '../../channels/twilio/index.js';
import { createTwilioClient } from '../../channels/twilio/twilio-client.js';
import { ukMobile } from '../../channels/twilio/whatsapp.js';
import type { ChannelAdapter } from '../../src/channel.js';
import type { Case, Conversation, Message } from '../../src/db/rows.js';
import { createLogger } from '../../src/logger.js';
import type { Bot } from '../../src/turn/turn-processor.js';
import { startChannelHarness, type ChannelHarness } from '../fakes/channel-harness.js';
import { startTwilioFake, type ContentChoice, type SentSms, type TwilioFake } from '../fakes/twilio-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

/**
 * The WhatsApp sender on its own: the Twilio channel, the turn and outbound pipeline, real
 * Redis and PGlite, the real twilio client against the Twilio fake, and a bot that asks
 * whatever the test needs asked.
 */

const OUR_SENDER = 'whatsapp:+447700900000';
const HOUR = 60 * 60 * 1000;
const contact = {
  name: 'Riverside Homes',
  phone: '0300 123 4567',
  emergencyLine: '0300 123 4999',
  website: 'riverside.example/contact',
};
const eleven = [
  'Repairs',
  'Rent',
  'Neighbours',
  'Damp',
  'Heating',
  'Bins',
  'Parking',
  'Gardens',
  'Lifts',
  'Security',
  'Something else',
];
const LONG =
  'Thank you for telling us about the damp in your bedroom. We have recorded your complaint and a member of our complaints team will contact you within five working days. '.repeat(
    7,
  );

const asks: Record<string, [string, string[]]> = {
  two: ['Is this about a repair?', ['Yes', 'No']],
  five: ['How would you like us to contact you?', ['Text (SMS)', 'Phone call', 'Email', 'Letter', 'WhatsApp']],
  six: ['Which room?', ['Kitchen', 'Bathroom', 'Bedroom', 'Living room', 'Hallway', 'Outside']],
  eleven: ['What is it about?', eleven],
  wordy: ['Which is closest?', ['The heating is not working at all', 'Only the hot water is off', 'Something else']],
  long: [`${LONG}Is that right?`, ['Yes', 'No']],
};

/** Asks what the test names; answers anything else plainly. */
const bot: Bot = {
  async run(context) {
    const said = context.activity.text ?? '';
    const ask = asks[said];
    if (ask) await context.sendActivity(MessageFactory.suggestedActions(ask[1], ask[0]));
    else await context.sendActivity(`Thanks, noted: ${said || 'your attachment'}.`);
  },
};

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let harness: ChannelHarness;
let twilio: TwilioFake;
let channel: ChannelAdapter;
let pendingTemplate: string;
let nextNumber = 200;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  redis = testRedis();
  prefix = uniquePrefix('whatsapp-send');
  harness = await startChannelHarness({ db: database.db, redis, prefix, bot });
  twilio = await startTwilioFake({ whatsappRefusalDelayMs: 500 });
  // Set in the configuration before WhatsApp approved it: Twilio takes it, then refuses it outside the window.
  pendingTemplate = twilio.approveTemplate({
    body: 'Riverside Homes: there is an update on your case {{1}}. Reply here to read it, or see {{2}}.',
    pending: true,
  });
  channel = createTwilioChannel({
    accountSid: twilio.accountSid,
    authToken: twilio.authToken,
    from: OUR_SENDER,
    apiUrl: twilio.url,
    publicBaseUrl: harness.url,
    logger: harness.logger,
    store: harness.store,
    outbox: harness.outbox,
    translator: harness.translator,
    contact,
    whatsappTemplates: { case_update: { anyLanguage: pendingTemplate, byLanguage: {} } },
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

/** A UK mobile no other test uses. */
const newNumber = (): string => `+4477009${String(nextNumber++).padStart(5, '0')}`;
const received = (number: string): SentSms[] => twilio.sent.filter((m) => m.to === `whatsapp:${number}`);
const texted = (number: string): SentSms[] => twilio.sent.filter((m) => m.to === number);

async function conversationOf(number: string): Promise<Conversation> {
  return waitFor(
    async () => (await harness.store.findConversation('whatsapp', `whatsapp:${number}`))[0],
    'the conversation',
  );
}

async function settled(number: string): Promise<Message[]> {
  const { id } = await conversationOf(number);
  return waitFor(async () => {
    const messages = await harness.store.listMessages(id);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

/** The customer writes on WhatsApp (or taps, or sends media); resolves to what came back. */
async function whatsapp(
  number: string,
  body: string,
  extra: { button?: ContentChoice; listItem?: ContentChoice; media?: { url: string; contentType: string }[] } = {},
): Promise<SentSms[]> {
  const before = received(number).length;
  const result = await twilio.receive(`${harness.url}/sms/twilio`, {
    from: `whatsapp:${number}`,
    to: OUR_SENDER,
    body,
    profileName: 'Sam',
    ...extra,
  });
  expect(result.status).toBe(200);
  await settled(number);
  return received(number).slice(before);
}

const contentPosts = (name: string): number =>
  twilio.requests.filter((r) => r.method === 'POST' && r.path === '/v1/Content' && r.body.friendly_name === name)
    .length;

describe('choices on WhatsApp', () => {
  it('offers two or three choices as reply buttons, with no numbered lines', async () => {
    const number = newNumber();
    const [question] = await whatsapp(number, 'two');
    expect(question).toMatchObject({
      body: 'Is this about a repair?',
      buttons: [
        { title: 'Yes', id: 'Yes' },
        { title: 'No', id: 'No' },
      ],
      list: null,
      errorCode: null,
    });
    expect(question?.contentVariables).toEqual({
      '1': 'Is this about a repair?',
      '2': 'Yes',
      '3': 'Yes',
      '4': 'No',
      '5': 'No',
    });
  });

  it('offers four to ten as a list behind a button in the customer’s language', async () => {
    const number = newNumber();
    const [question] = await whatsapp(number, 'five');
    expect(question?.list).toEqual({ button: 'Choose', items: asks.five![1].map((title) => ({ title, id: title })) });
    expect(question?.body).toBe('How would you like us to contact you?');
  });

  it('falls back to numbered lines where WhatsApp cannot carry the choices: more than ten, or titles too long', async () => {
    const number = newNumber();
    const [many] = await whatsapp(number, 'eleven');
    expect(many).toMatchObject({ contentSid: null, buttons: [], list: null });
    expect(many?.body).toBe(`What is it about?\n${eleven.map((t, i) => `${i + 1}. ${t}`).join('\n')}`);
    const [wordy] = await whatsapp(number, 'wordy');
    expect(wordy).toMatchObject({ contentSid: null });
    expect(wordy?.body).toContain('1. The heating is not working at all');
  });

  it('reads a tapped button or a picked list item as the choice it showed, whatever title came back', async () => {
    const number = newNumber();
    await whatsapp(number, 'two');
    await whatsapp(number, '', { button: { id: 'No', title: 'No' } });
    await whatsapp(number, 'five');
    await whatsapp(number, '', { listItem: { id: 'Email', title: 'Email' } });
    // An older WhatsApp shows a shortened title; the id is what the choice was.
    await whatsapp(number, '', { button: { id: 'Yes', title: 'Ye…' } });
    const inbound = (await settled(number)).filter((m) => m.direction === 'inbound').map((m) => m.text);
    expect(inbound).toEqual(['two', 'No', 'five', 'Email', 'Yes']);
  });

  it('makes each shape once through the Content API, and a restarted gateway finds it there instead of making another', async () => {
    await whatsapp(newNumber(), 'two');
    await whatsapp(newNumber(), 'two');
    expect(contentPosts('intake_gateway_session_quick_reply_2_en')).toBe(1);
    expect(twilio.contents.filter((c) => c.friendlyName === 'intake_gateway_session_quick_reply_2_en')).toHaveLength(1);

    const restarted = new ContentLibrary(
      createTwilioClient({ accountSid: twilio.accountSid, authToken: twilio.authToken, apiUrl: twilio.url }),
      createLogger({ level: 'silent' }),
    );
    const made = twilio.contents.find((c) => c.friendlyName === 'intake_gateway_session_quick_reply_2_en');
    expect(await restarted.sidFor({ type: 'quick-reply', count: 2 }, 'en')).toBe(made?.sid);
    expect(contentPosts('intake_gateway_session_quick_reply_2_en')).toBe(1);
    // The request is the Content API's own shape: the SDK's camelCase would be refused.
    const post = twilio.requests.find((r) => r.method === 'POST' && r.path === '/v1/Content');
    expect(post?.body).toMatchObject({
      friendly_name: expect.any(String),
      language: 'en',
      types: { 'twilio/quick-reply': { body: '{{1}}' } },
    });
  });

  it('still asks, as numbered lines, when the Content API is down', async () => {
    const number = newNumber();
    twilio.failNext(5, 503, undefined, (r) => r.path === '/v1/Content');
    const [question] = await whatsapp(number, 'six');
    expect(question).toMatchObject({ contentSid: null, errorCode: null });
    expect(question?.body).toContain('Which room?\n1. Kitchen\n2. Bathroom');
  });

  it('sends a long text first and the question with its buttons last, each within WhatsApp’s limits', async () => {
    const number = newNumber();
    const sent = await whatsapp(number, 'long');
    expect(sent.length).toBe(2);
    expect(sent[0]).toMatchObject({ contentSid: null });
    expect(sent[1]?.buttons.map((b) => b.title)).toEqual(['Yes', 'No']);
    expect([...sent[1]!.body].length).toBeLessThanOrEqual(1024);
    expect(sent[1]!.body.endsWith('Is that right?')).toBe(true);
    expect(`${sent[0]!.body} ${sent[1]!.body}`).toBe(`${LONG}Is that right?`);
  });
});

describe('STOP, START, HELP and media on WhatsApp', () => {
  it('confirms STOP in WhatsApp’s words, then sends nothing until START', async () => {
    const number = newNumber();
    await whatsapp(number, 'Hello');
    const [confirmation] = await whatsapp(number, 'stop');
    expect(confirmation?.body).toBe(harness.translator.t('en', 'channels:whatsapp.optedOut'));
    expect((await conversationOf(number)).opted_out).toBe(true);
    expect(await whatsapp(number, 'two')).toEqual([]);
    const [back] = await whatsapp(number, 'START');
    expect(back?.body).toBe(harness.translator.t('en', 'channels:whatsapp.optedIn'));
    expect((await whatsapp(number, 'two')).length).toBe(1);
  });

  it('answers HELP with WhatsApp’s wording and the landlord’s details', async () => {
    const number = newNumber();
    const [help] = await whatsapp(number, 'Help');
    expect(help?.body).toBe(
      harness.translator.t('en', 'channels:whatsapp.help', {
        landlord: contact.name,
        phone: contact.phone,
        emergencyLine: contact.emergencyLine,
        website: contact.website,
      }),
    );
    expect(help?.body).toContain('message AGENT');
    expect(help?.body).not.toMatch(/text service|Reply STOP to stop texts/);
  });

  it('keeps a voice note and a photo on the message, with their types', async () => {
    const number = newNumber();
    const voice = {
      url: 'https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM02/Media/ME0003',
      contentType: 'audio/ogg',
    };
    const photo = {
      url: 'https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM02/Media/ME0004',
      contentType: 'image/jpeg',
    };
    await whatsapp(number, '', { media: [voice, photo] });
    const [message] = (await settled(number)).filter((m) => m.direction === 'inbound');
    expect(message).toMatchObject({ text: '', media: [voice, photo], channel_id: 'whatsapp' });
  });
});

describe('outside the window, when the template cannot go', () => {
  /** A customer with an open complaint whose last message was two days ago. */
  async function twoDaysQuiet(number: string): Promise<{ conversation: Conversation; row: Case }> {
    await whatsapp(number, 'Hello');
    const conversation = await conversationOf(number);
    const customer = await harness.store.ensureCustomer(conversation.id);
    const row = await harness.store.createCase({
      kind: 'formal_complaint',
      stage: 'stage1',
      policyPack: 'code-2024',
      customerId: customer.id,
      conversationId: conversation.id,
      channelId: 'whatsapp',
      customerWords: 'The repair man did not come again',
      receivedAt: new Date(),
      clocks: [],
      actor: 'test',
    });
    await harness.db.query(
      `update conversations set last_inbound_at = last_inbound_at - interval '2 days' where id = $1`,
      [conversation.id],
    );
    twilio.advanceClock(49 * HOUR);
    return { conversation: (await harness.store.getConversation(conversation.id))!, row };
  }

  it('texts a UK mobile when Twilio refuses a template not yet approved (63016 after accepting it)', async () => {
    const number = newNumber();
    const { conversation, row } = await twoDaysQuiet(number);
    const words = `An update on ${row.reference}: the contractor will call you tomorrow to book the visit.`;
    const said = await harness.outbox.say(conversation.id, { text: words, author: 'staff:U0STAFF1', caseId: row.id });
    const sms = await waitFor(async () => texted(number).at(-1), 'a text');
    expect(sms.body).toBe(
      `${harness.translator.t('en', 'channels:whatsapp.bySms', { landlord: contact.name })}\n${words}`,
    );
    expect(sms.from).toBe('+447700900000');
    const [template] = received(number).slice(-1);
    expect(template).toMatchObject({
      contentSid: pendingTemplate,
      errorCode: 63016,
      contentVariables: { '1': row.reference, '2': 'https://riverside.example/contact' },
    });
    expect((await harness.store.getMessage(said.id))?.status).toBe('failed');
    // Texted, so staff need do nothing.
    await settled(number);
    expect(
      await harness.queues.queues.handoff.getJobs(['waiting', 'completed', 'delayed', 'active']),
    ).not.toContainEqual(
      expect.objectContaining({
        data: expect.objectContaining({ type: 'delivery_failed', conversationId: conversation.id }),
      }),
    );
    const events = (await harness.store.listEvents(row.id)).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['whatsapp_template_sent', 'sent_another_way']));
  });

  it('tells staff, with why, when that mobile has opted out of texts', async () => {
    const number = newNumber();
    const sms = await twilio.receive(`${harness.url}/sms/twilio`, { from: number, to: '+447700900000', body: 'STOP' });
    expect(sms.status).toBe(200);
    await waitFor(
      async () => (await harness.store.findConversation('sms', number))[0]?.opted_out === true,
      'the SMS opt-out',
    );
    const { conversation, row } = await twoDaysQuiet(number);
    const said = await harness.outbox.say(conversation.id, {
      text: 'We have booked the repair for Monday.',
      author: 'staff:U0STAFF1',
      caseId: row.id,
    });
    const job = await waitFor(
      async () =>
        harness.queues.queues.handoff.getJob(`fail-${(await harness.store.listMessages(conversation.id)).at(-1)?.id}`),
      'the failure for staff',
    );
    expect(job.data).toMatchObject({ type: 'delivery_failed', conversationId: conversation.id });
    expect(String((job.data as { detail: string }).detail)).toContain('their mobile opted out of texts');
    expect(texted(number).filter((m) => m.body.includes('booked the repair'))).toEqual([]);
    expect((await harness.store.getMessage(said.id))?.status).toBe('failed');
  });
});

describe('UK mobiles, for texting instead', () => {
  it('knows a UK mobile however it is written, and nothing else', () => {
    expect(ukMobile('+447700900123')).toBe('+447700900123');
    expect(ukMobile('07700 900123')).toBe('+447700900123');
    expect(ukMobile('whatsapp:+447911123456')).toBe('+447911123456');
    expect(ukMobile('0044 7624 123456')).toBe('+447624123456');
    for (const other of [
      '+40721234567',
      '+441612345678',
      '020 7946 0000',
      '07000 123456',
      '+447600123456',
      null,
      undefined,
      '',
    ])
      expect(ukMobile(other)).toBeUndefined();
  });
});
