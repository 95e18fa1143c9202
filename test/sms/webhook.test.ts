import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioChannel } from '../../channels/twilio/index.js';
import { mountTwilioWebhooks } from '../../channels/twilio/webhook.js';
import type { ChannelAdapter, Intake } from '../../src/channel.js';
import type { Message } from '../../src/db/rows.js';
import { createHttpApp } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/observability/metrics.js';
import { startChannelHarness, type ChannelHarness } from '../fakes/channel-harness.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { signedTwilioRequest, type TwilioParams } from '../helpers/sign.js';

const CUSTOMER = '+447700900123';
const OUR_NUMBER = '+447700900000';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let harness: ChannelHarness;
let twilio: TwilioFake;
let channel: ChannelAdapter;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  redis = testRedis();
  prefix = uniquePrefix('sms-webhook');
  harness = await startChannelHarness({ db: database.db, redis, prefix });
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
  });
  // No workers: what the webhook stored and queued stays where the assertions can see it.
  harness.add(channel);
});

afterAll(async () => {
  await harness.close();
  await twilio.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await database.close();
});

const inboundUrl = () => `${harness.url}/sms/twilio`;

function params(overrides: Record<string, string> = {}): TwilioParams {
  const sid = `SM${crypto.randomUUID().replace(/-/g, '')}`;
  return {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: twilio.accountSid,
    From: CUSTOMER,
    To: OUR_NUMBER,
    Body: 'My boiler is broken',
    NumMedia: '0',
    ...overrides,
  };
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string; type: string | null }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
}

async function storedMessage(providerMessageId: string): Promise<Message | undefined> {
  return (
    await harness.db.query<Message>('select * from messages where provider_message_id = $1', [providerMessageId])
  )[0];
}

/** Runs `act` and asserts it left no message row and no inbound job behind. */
async function leavesNoTrace(act: () => Promise<void>): Promise<void> {
  const messages = await harness.messageCount();
  const jobs = await harness.inboundJobs();
  await act();
  expect(await harness.messageCount()).toBe(messages);
  expect(await harness.inboundJobs()).toBe(jobs);
}

describe('POST /sms/twilio', () => {
  it('stores and queues a signed SMS, then answers with empty TwiML (the reply goes by the REST API)', async () => {
    const jobsBefore = await harness.inboundJobs();
    const { status, body, messageSid } = await twilio.receive(inboundUrl(), {
      from: CUSTOMER,
      to: OUR_NUMBER,
      body: 'My boiler is broken',
    });

    expect(status).toBe(200);
    expect(body).toBe(EMPTY_TWIML);
    const stored = await storedMessage(messageSid);
    expect(stored).toMatchObject({
      channel_id: 'sms',
      direction: 'inbound',
      text: 'My boiler is broken',
      status: 'received',
    });
    const [conversation] = await harness.store.findConversation('sms', CUSTOMER);
    expect(conversation).toMatchObject({ address: CUSTOMER, our_address: OUR_NUMBER });
    expect(await harness.inboundJobs()).toBe(jobsBefore + 1);
  });

  it("answers Twilio's retry of the same MessageSid with 200 and stores and queues nothing new", async () => {
    const first = await twilio.receive(inboundUrl(), { from: CUSTOMER, to: OUR_NUMBER, body: 'The window is stuck' });
    await leavesNoTrace(async () => {
      const retry = await twilio.receive(inboundUrl(), {
        from: CUSTOMER,
        to: OUR_NUMBER,
        body: 'The window is stuck',
        messageSid: first.messageSid,
      });
      expect(retry.status).toBe(200);
      expect(retry.body).toBe(EMPTY_TWIML);
    });
  });

  it('keeps MMS media URLs and their types on the message', async () => {
    const media = [
      {
        url: `https://api.twilio.com/2010-04-01/Accounts/${twilio.accountSid}/Messages/MM1/Media/ME1`,
        contentType: 'image/jpeg',
      },
      {
        url: `https://api.twilio.com/2010-04-01/Accounts/${twilio.accountSid}/Messages/MM1/Media/ME2`,
        contentType: 'image/png',
      },
    ];
    const { status, messageSid } = await twilio.receive(inboundUrl(), {
      from: CUSTOMER,
      to: OUR_NUMBER,
      body: 'Mould in the bathroom',
      media,
    });
    expect(status).toBe(200);
    expect((await storedMessage(messageSid))?.media).toEqual(media);
  });

  it('takes WhatsApp through the same webhook as its own channel', async () => {
    const { status, messageSid } = await twilio.receive(inboundUrl(), {
      from: `whatsapp:${CUSTOMER}`,
      to: `whatsapp:${OUR_NUMBER}`,
      body: 'Hello',
      profileName: 'Sam',
    });
    expect(status).toBe(200);
    expect(await storedMessage(messageSid)).toMatchObject({ channel_id: 'whatsapp', text: 'Hello' });
    const [conversation] = await harness.store.findConversation('whatsapp', `whatsapp:${CUSTOMER}`);
    expect(conversation?.our_address).toBe(`whatsapp:${OUR_NUMBER}`);
  });

  it('refuses an unsigned request with 403 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const form = new URLSearchParams(params() as Record<string, string>).toString();
      const response = await post(inboundUrl(), { 'content-type': 'application/x-www-form-urlencoded' }, form);
      expect(response.status).toBe(403);
      expect(response.body).not.toContain('Error');
    });
  });

  it('refuses a request signed with another auth token with 403 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const signed = signedTwilioRequest('not-our-auth-token', inboundUrl(), params());
      expect((await post(inboundUrl(), signed.headers, signed.body)).status).toBe(403);
    });
  });

  it('refuses a signature made for another URL with 403 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const signed = signedTwilioRequest(twilio.authToken, 'https://attacker.example/sms/twilio', params());
      expect((await post(inboundUrl(), signed.headers, signed.body)).status).toBe(403);
      const otherPath = signedTwilioRequest(twilio.authToken, `${harness.url}/sms/twilio/status`, params());
      expect((await post(inboundUrl(), otherPath.headers, otherPath.body)).status).toBe(403);
    });
  });

  it('refuses a signed request whose body was changed on the way with 403 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const signed = signedTwilioRequest(twilio.authToken, inboundUrl(), params({ Body: 'Please call me' }));
      const tampered = signed.body.replace('Please+call+me', 'Please+close+my+account');
      expect((await post(inboundUrl(), signed.headers, tampered)).status).toBe(403);
    });
  });

  it('refuses a body over 64 kB with 413 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const signed = signedTwilioRequest(twilio.authToken, inboundUrl(), params({ Body: 'x'.repeat(70 * 1024) }));
      const response = await post(inboundUrl(), signed.headers, signed.body);
      expect(response.status).toBe(413);
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    });
  });

  it('refuses a correctly signed but malformed message with 400 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      for (const bad of [
        params({ MessageSid: 'not-a-sid' }),
        params({ From: 'not a number' }),
        params({ NumMedia: '1' }),
      ]) {
        const signed = signedTwilioRequest(twilio.authToken, inboundUrl(), bad);
        const response = await post(inboundUrl(), signed.headers, signed.body);
        expect(response.status).toBe(400);
        expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
      }
    });
  });

  it('answers 503 when the message cannot be stored, so Twilio tries again', async () => {
    const logger = createLogger({ level: 'silent' });
    const { app, lane, finish } = createHttpApp({
      logger,
      metrics: new Metrics({ defaultMetrics: false }),
      readiness: [],
      channelsOn: {},
    });
    const server = createServer(lane.wrap(app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const down: Intake = {
      accept: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
    };
    mountTwilioWebhooks(lane, down, { authToken: twilio.authToken, publicBaseUrl: url, store: harness.store, logger });
    finish();
    try {
      const { status } = await twilio.receive(`${url}/sms/twilio`, { from: CUSTOMER, to: OUR_NUMBER, body: 'Hello' });
      expect(status).toBe(503);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('POST /sms/twilio/status', () => {
  async function sentMessage(text: string): Promise<{ messageId: string; sid: string }> {
    const { conversationId } = await harness.store.recordInbound({
      channelId: 'sms',
      providerMessageId: `SM${crypto.randomUUID().replace(/-/g, '')}`,
      from: CUSTOMER,
      to: OUR_NUMBER,
      text: 'hi',
      media: [],
      receivedAt: new Date().toISOString(),
    });
    const row = await harness.store.recordOutbound({ conversationId, channelId: 'sms', author: 'bot', text });
    const conversation = await harness.store.getConversation(conversationId);
    const result = await channel.send({
      messageId: row.id,
      conversationId,
      channelId: 'sms',
      to: conversation!.address,
      from: conversation!.our_address,
      text,
      choices: [],
      fromHuman: false,
    });
    await harness.store.recordDeliveries(row.id, 'sms', result.providerMessageIds, 'sent');
    return { messageId: row.id, sid: result.providerMessageIds[0]! };
  }

  it("shows staff each message's delivery status as Twilio reports it", async () => {
    const { messageId, sid } = await sentMessage('Your repair is booked for Tuesday.');
    expect(twilio.sent.at(-1)?.statusCallback).toBe(`${harness.url}/sms/twilio/status`);

    expect(await twilio.deliver(sid, 'sent')).toBe(200);
    expect((await harness.store.getMessage(messageId))?.status).toBe('sent');
    expect(await twilio.deliver(sid, 'delivered')).toBe(200);
    expect((await harness.store.getMessage(messageId))?.status).toBe('delivered');
  });

  it('records an undelivered message with its error code, and a late "sent" does not hide it', async () => {
    const { messageId, sid } = await sentMessage('We will call you tomorrow.');
    expect(await twilio.deliver(sid, 'undelivered', { errorCode: 30003 })).toBe(200);
    expect(await harness.store.getMessage(messageId)).toMatchObject({ status: 'undelivered', status_detail: '30003' });
    // Twilio does not promise callbacks in order.
    expect(await twilio.deliver(sid, 'sent')).toBe(200);
    expect((await harness.store.getMessage(messageId))?.status).toBe('undelivered');
  });

  it('refuses an unsigned or forged status callback with 403 and changes nothing', async () => {
    const { messageId, sid } = await sentMessage('Thanks for your message.');
    const statusUrl = `${harness.url}/sms/twilio/status`;
    const callback = {
      MessageSid: sid,
      MessageStatus: 'failed',
      ErrorCode: '30007',
      AccountSid: twilio.accountSid,
      To: CUSTOMER,
      From: OUR_NUMBER,
    };
    const unsigned = await post(
      statusUrl,
      { 'content-type': 'application/x-www-form-urlencoded' },
      new URLSearchParams(callback).toString(),
    );
    expect(unsigned.status).toBe(403);
    const forged = signedTwilioRequest('not-our-auth-token', statusUrl, callback);
    expect((await post(statusUrl, forged.headers, forged.body)).status).toBe(403);
    expect((await harness.store.getMessage(messageId))?.status).toBe('sent');
  });

  it('refuses a signed callback without a usable MessageSid with 400', async () => {
    const statusUrl = `${harness.url}/sms/twilio/status`;
    const signed = signedTwilioRequest(twilio.authToken, statusUrl, {
      MessageStatus: 'delivered',
      AccountSid: twilio.accountSid,
    });
    expect((await post(statusUrl, signed.headers, signed.body)).status).toBe(400);
  });
});
