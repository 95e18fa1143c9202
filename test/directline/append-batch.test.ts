import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewActivity } from '../../channels/directline/activity.js';
import { ConversationStore, parsePublished } from '../../channels/directline/conversation-store.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';

const reply = (conversationId: string, text: string): NewActivity => ({
  type: 'message',
  timestamp: new Date().toISOString(),
  channelId: 'directline',
  conversation: { id: conversationId },
  from: { id: 'bot', name: 'Assistant', role: 'bot' },
  text,
});

describe("a turn's replies appended to web chat history in one step (real Redis)", () => {
  let redis: Redis;
  let subscriber: Redis;
  const prefix = `${uniquePrefix('dlbatch')}:`;

  beforeAll(() => {
    redis = testRedis();
    subscriber = testRedis();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    subscriber.disconnect();
    redis.disconnect();
  });

  it('numbers them in order, publishes them in order, and finds each again by its id', async () => {
    const store = new ConversationStore(redis, prefix, 3600);
    const conversationId = randomUUID();
    await store.create(conversationId, new Date());
    const heard: number[] = [];
    const reconnects: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => heard.push(parsePublished(message)!.seq));
    subscriber.on('reconnecting', () => reconnects.push(new Date().toISOString()));
    await subscriber.subscribe(store.channel(conversationId));
    // Redis itself holds the subscription before anything is published.
    expect(await redis.pubsub('NUMSUB', store.channel(conversationId))).toEqual([store.channel(conversationId), 1]);

    const first = await store.append(
      conversationId,
      { ...reply(conversationId, 'hello'), from: { id: 'me', role: 'user' } },
      'c1',
    );
    expect(first).toEqual({ id: `${conversationId}|0000001`, seq: 1, duplicate: false });
    const items = ['one', 'two', 'three'].map((text) => ({
      activity: reply(conversationId, text),
      clientActivityId: `bot:${text}`,
    }));
    const appended = await store.appendAll(conversationId, items);
    expect(appended?.map((a) => [a.seq, a.duplicate])).toEqual([
      [2, false],
      [3, false],
      [4, false],
    ]);
    const page = await store.after(conversationId, 0);
    expect(page.activities.map((a) => [a.id, a.text])).toEqual([
      [`${conversationId}|0000001`, 'hello'],
      [`${conversationId}|0000002`, 'one'],
      [`${conversationId}|0000003`, 'two'],
      [`${conversationId}|0000004`, 'three'],
    ]);
    // At least four, then exactly these: a fifth (a duplicate publish) fails on the list, not as a
    // timeout. The wait ends well inside the test's own 30 s, so a miss says what was heard.
    await waitFor(
      async () => (heard.length >= 4 ? true : undefined),
      () =>
        `the four activities to be published (heard ${JSON.stringify(heard)}, subscriber ${subscriber.status}, reconnects ${JSON.stringify(reconnects)})`,
      15_000,
    );
    expect(heard).toEqual([1, 2, 3, 4]);

    // A retry after a lost answer, with one more reply: the three are found, only the new one is added.
    const again = await store.appendAll(conversationId, [
      ...items,
      { activity: reply(conversationId, 'four'), clientActivityId: 'bot:four' },
    ]);
    expect(again?.map((a) => [a.seq, a.duplicate])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, false],
    ]);
    expect((await store.after(conversationId, 4)).activities.map((a) => a.text)).toEqual(['four']);
    // Every key of the conversation lives on after its last activity.
    for (const suffix of ['meta', 'seq', 'log', 'client-ids'])
      expect(await redis.ttl(`${prefix}{${conversationId}}:${suffix}`)).toBeGreaterThan(3500);
  });

  it('adds nothing to a conversation that has expired', async () => {
    const store = new ConversationStore(redis, prefix, 3600);
    const gone = randomUUID();
    expect(await store.appendAll(gone, [{ activity: reply(gone, 'hello?') }])).toBeUndefined();
    expect(await store.append(gone, reply(gone, 'hello?'))).toBeUndefined();
    expect(await redis.exists(`${prefix}{${gone}}:seq`, `${prefix}{${gone}}:log`)).toBe(0);
  });

  it('sets the expiry of keys made after the conversation began, however short the life', async () => {
    const store = new ConversationStore(redis, prefix, 2);
    const conversationId = randomUUID();
    await store.create(conversationId, new Date());
    await store.append(conversationId, reply(conversationId, 'no client id'));
    await store.append(conversationId, reply(conversationId, 'with one'), 'bot:x');
    for (const suffix of ['meta', 'seq', 'log', 'client-ids']) {
      const ttl = await redis.pttl(`${prefix}{${conversationId}}:${suffix}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(2000);
    }
  });
});
