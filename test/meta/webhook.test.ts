import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaChannel } from '../../channels/meta/index.js';
import type { Message } from '../../src/db/rows.js';
import { startChannelHarness, type ChannelHarness } from '../fakes/channel-harness.js';
import { startGraphFake, type GraphFake } from '../fakes/graph-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { metaSignature } from '../helpers/sign.js';
import {
  deliveryReceipt,
  instagramComment,
  messengerMessage,
  newMid,
  newPsid,
  pageComment,
  postToMeta,
} from './payloads.js';

const APP_SECRET = 'meta-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-token-for-tests';
const IG_ID = '17841400000000001';

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let harness: ChannelHarness;
let graph: GraphFake;

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  redis = testRedis();
  prefix = uniquePrefix('meta-webhook');
  harness = await startChannelHarness({ db: database.db, redis, prefix });
  graph = await startGraphFake();
  harness.add(
    createMetaChannel({
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      pageToken: graph.pageToken,
      graphUrl: graph.url,
      pageId: graph.pageId,
      logger: harness.logger,
      store: harness.store,
      outbox: harness.outbox,
      translator: harness.translator,
    }),
  );
  // No workers: what the webhook stored and queued stays where the assertions can see it.
});

afterAll(async () => {
  await harness.close();
  await graph.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await database.close();
});

const webhookUrl = () => `${harness.url}/social/meta`;
const post = (payload: unknown) => postToMeta(webhookUrl(), APP_SECRET, payload);

async function stored(providerMessageId: string): Promise<Message | undefined> {
  return (
    await harness.db.query<Message>('select * from messages where provider_message_id = $1', [providerMessageId])
  )[0];
}

async function leavesNoTrace(act: () => Promise<void>): Promise<void> {
  const messages = await harness.messageCount();
  const jobs = await harness.inboundJobs();
  await act();
  expect(await harness.messageCount()).toBe(messages);
  expect(await harness.inboundJobs()).toBe(jobs);
}

describe('GET /social/meta: the subscription handshake', () => {
  it('echoes the challenge to a request with our verify token', async () => {
    const response = await fetch(
      `${webhookUrl()}?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('1158201444');
  });

  it('refuses a wrong verify token, or a mode other than subscribe, with 403', async () => {
    const wrong = await fetch(`${webhookUrl()}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('1158201444');
    const mode = await fetch(
      `${webhookUrl()}?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(mode.status).toBe(403);
  });
});

describe('POST /social/meta', () => {
  it('stores and queues a signed Messenger message from the customer, then answers 200', async () => {
    const psid = newPsid();
    const mid = newMid();
    const jobs = await harness.inboundJobs();
    const response = await post(
      messengerMessage({ pageId: graph.pageId, psid, mid, text: 'My heating is not working' }),
    );

    expect(response).toEqual({ status: 200, body: 'EVENT_RECEIVED' });
    expect(await stored(mid)).toMatchObject({
      channel_id: 'messenger',
      direction: 'inbound',
      text: 'My heating is not working',
    });
    expect((await harness.store.findConversation('messenger', psid))[0]?.our_address).toBe(graph.pageId);
    expect(await harness.inboundJobs()).toBe(jobs + 1);
  });

  it("takes a quick reply's payload as the answer and keeps attachments as media", async () => {
    const psid = newPsid();
    const tap = newMid();
    const photo = newMid();
    await post(messengerMessage({ pageId: graph.pageId, psid, mid: tap, text: 'Yes', quickReply: 'yes' }));
    await post(
      messengerMessage({
        pageId: graph.pageId,
        psid,
        mid: photo,
        attachments: [{ type: 'image', url: 'https://scontent.example/photo.jpg' }],
      }),
    );
    expect((await stored(tap))?.text).toBe('yes');
    expect((await stored(photo))?.media).toEqual([{ url: 'https://scontent.example/photo.jpg', contentType: 'image' }]);
  });

  it('takes Instagram direct messages as their own channel', async () => {
    const igsid = newPsid();
    const mid = newMid();
    await post(messengerMessage({ object: 'instagram', pageId: IG_ID, psid: igsid, mid, text: 'Hello' }));
    expect(await stored(mid)).toMatchObject({ channel_id: 'instagram', text: 'Hello' });
  });

  it('stores a public Page comment on the public channel, keyed by its comment id', async () => {
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: newPsid(),
      message: 'Still no repair after 3 weeks',
    });
    expect((await post(payload)).status).toBe(200);
    expect(await stored(`fb:comment:${commentId}`)).toMatchObject({
      channel_id: 'facebook',
      text: 'Still no repair after 3 weeks',
    });
  });

  it('stores an Instagram comment on the public channel too', async () => {
    const { payload, commentId } = instagramComment({
      igId: IG_ID,
      fromId: newPsid(),
      text: 'Nobody answers the phone',
    });
    expect((await post(payload)).status).toBe(200);
    expect(await stored(`ig:comment:${commentId}`)).toMatchObject({ channel_id: 'facebook' });
  });

  it("answers Meta's redelivery of the same message or comment with 200 and stores nothing new", async () => {
    const message = messengerMessage({ pageId: graph.pageId, psid: newPsid(), text: 'Hello' });
    const comment = pageComment({ pageId: graph.pageId, fromId: newPsid(), message: 'Hello' }).payload;
    await post(message);
    await post(comment);
    await leavesNoTrace(async () => {
      expect((await post(message)).status).toBe(200);
      expect((await post(comment)).status).toBe(200);
    });
  });

  it('ignores echoes of our own messages, and the Page’s own comments, so it never answers itself', async () => {
    await leavesNoTrace(async () => {
      expect(
        (
          await post(
            messengerMessage({
              pageId: graph.pageId,
              psid: newPsid(),
              text: 'Thanks. Is this about a repair?',
              isEcho: true,
            }),
          )
        ).status,
      ).toBe(200);
      expect(
        (
          await post(
            pageComment({
              pageId: graph.pageId,
              fromId: graph.pageId,
              message: "Sorry to hear this — we've sent you a private message.",
            }).payload,
          )
        ).status,
      ).toBe(200);
      expect((await post(instagramComment({ igId: IG_ID, fromId: IG_ID, text: 'Thank you!' }).payload)).status).toBe(
        200,
      );
    });
  });

  it('ignores edits and removals of comments: no second reply', async () => {
    const fromId = newPsid();
    await leavesNoTrace(async () => {
      expect(
        (await post(pageComment({ pageId: graph.pageId, fromId, message: 'edited words', verb: 'edited' }).payload))
          .status,
      ).toBe(200);
      expect(
        (await post(pageComment({ pageId: graph.pageId, fromId, message: '', verb: 'remove' }).payload)).status,
      ).toBe(200);
    });
  });

  it('refuses an unsigned or forged request with 403 and leaves no trace', async () => {
    const payload = messengerMessage({ pageId: graph.pageId, psid: newPsid(), text: 'Hello' });
    const body = JSON.stringify(payload);
    await leavesNoTrace(async () => {
      const unsigned = await fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(unsigned.status).toBe(403);
      const forged = await fetch(webhookUrl(), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': metaSignature('not-our-app-secret', body),
        },
        body,
      });
      expect(forged.status).toBe(403);
      const sha1 = await fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': 'sha1=0000' },
        body,
      });
      expect(sha1.status).toBe(403);
    });
  });

  it('checks the signature over the exact bytes sent, not a re-serialisation of them', async () => {
    const payload = messengerMessage({ pageId: graph.pageId, psid: newPsid(), text: 'Hello' });
    const compact = JSON.stringify(payload);
    const pretty = JSON.stringify(payload, null, 2);
    await leavesNoTrace(async () => {
      const moved = await fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(APP_SECRET, compact) },
        body: pretty,
      });
      expect(moved.status).toBe(403);
    });
    const exact = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(APP_SECRET, pretty) },
      body: pretty,
    });
    expect(exact.status).toBe(200);
  });

  it('refuses a body over 256 kB with 413 and leaves no trace', async () => {
    const payload = messengerMessage({ pageId: graph.pageId, psid: newPsid(), text: 'x'.repeat(300 * 1024) });
    await leavesNoTrace(async () => {
      const response = await post(payload);
      expect(response.status).toBe(413);
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    });
  });

  it('refuses a signed body that is not JSON, or not a webhook event, with 400 and leaves no trace', async () => {
    await leavesNoTrace(async () => {
      const notJson = '{"object":"page","entry":[';
      const response = await fetch(webhookUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(APP_SECRET, notJson) },
        body: notJson,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).not.toMatch(/at .*\.(ts|js):\d+/);
      expect((await post({ hello: 'world' })).status).toBe(400);
      expect((await post({ object: 'page', entry: 'not a list' })).status).toBe(400);
    });
  });

  it("marks our Messenger message delivered when Meta's delivery receipt names it", async () => {
    const psid = newPsid();
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello' }));
    const [conversation] = await harness.store.findConversation('messenger', psid);
    const reply = await harness.store.recordOutbound({
      conversationId: conversation!.id,
      channelId: 'messenger',
      author: 'bot',
      text: 'Hi',
    });
    const mid = newMid();
    await harness.store.recordDeliveries(reply.id, 'messenger', [mid], 'sent');

    expect((await post(deliveryReceipt({ pageId: graph.pageId, psid, mids: [mid] }))).status).toBe(200);
    expect((await harness.store.getMessage(reply.id))?.status).toBe('delivered');
  });
});

describe('POST /social/meta: one event with an impossible time (issue 13, item 4)', () => {
  /** One delivery: good messages around one whose timestamp no message can have. */
  function delivery(pageId: string, bad: unknown): { payload: Record<string, unknown>; good: string[] } {
    const good = [newMid(), newMid()];
    const event = (mid: string, timestamp: unknown) => ({
      sender: { id: newPsid() },
      recipient: { id: pageId },
      timestamp,
      message: { mid, text: 'the bath tap is leaking' },
    });
    return {
      good,
      payload: {
        object: 'page',
        entry: [
          {
            id: pageId,
            time: Date.now(),
            messaging: [event(good[0]!, Date.now()), event(newMid(), bad), event(good[1]!, Date.now() - 60_000)],
          },
        ],
      },
    };
  }

  it.each([
    ['1e300', 1e300],
    ['negative', -1_000],
    ['the epoch', 0],
    ['a year ahead', Date.now() + 365 * 24 * 3600 * 1000],
    ['a string', 'NaN'],
  ])('skips the event timed %s, stores the rest, and answers 200', async (_label, timestamp) => {
    const { payload, good } = delivery(graph.pageId, timestamp);
    const before = await harness.messageCount();
    const answer = await post(payload);
    expect(answer.status).toBe(200);
    for (const mid of good) expect(await stored(mid)).toMatchObject({ text: 'the bath tap is leaking' });
    expect(await harness.messageCount()).toBe(before + 2);
  });

  it('skips a Page comment created at 1e300 seconds, and a timestamp JSON reads as Infinity', async () => {
    const bad = pageComment({
      pageId: graph.pageId,
      fromId: newPsid(),
      message: 'any update on my repair?',
      createdTime: 1e300,
    });
    const before = await harness.messageCount();
    expect((await post(bad.payload)).status).toBe(200);
    const infinite = messengerMessage({ pageId: graph.pageId, psid: newPsid(), text: 'hello' });
    const body = JSON.stringify(infinite)
      .replace(/"timestamp":\d+/, '"timestamp":1e999')
      .replace(/"time":\d+/, '"time":1e999');
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(APP_SECRET, body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(await harness.messageCount()).toBe(before);
  });
});
