import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetaChannel, type OriginComment } from '../../channels/meta/index.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { startChannelHarness, type ChannelHarness } from '../fakes/channel-harness.js';
import { startGraphFake, type GraphFake } from '../fakes/graph-fake.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';
import { deletePrefix, testRedis, uniquePrefix, waitFor } from '../helpers/redis.js';
import { instagramComment, messengerMessage, newPsid, pageComment, postToMeta, visitorPost } from './payloads.js';

const APP_SECRET = 'meta-app-secret-for-tests';
const IG_ID = '17841400000000002';
const HOUR = 3600_000;

let database: TestDatabase;
let redis: Redis;
let prefix: string;
let harness: ChannelHarness;
let graph: GraphFake;
const staffTold: { conversationId: string; reason: string }[] = [];

beforeAll(async () => {
  database = await openTestDatabase('pglite');
  redis = testRedis();
  prefix = uniquePrefix('meta-replies');
  harness = await startChannelHarness({ db: database.db, redis, prefix });
  graph = await startGraphFake();
  harness.add(
    createMetaChannel({
      appSecret: APP_SECRET,
      verifyToken: 'verify-token',
      pageToken: graph.pageToken,
      graphUrl: graph.url,
      pageId: graph.pageId,
      logger: harness.logger,
      store: harness.store,
      outbox: harness.outbox,
      translator: harness.translator,
      notifyStaff: async (conversationId, reason) => void staffTold.push({ conversationId, reason }),
    }),
  );
  await harness.startWorkers();
});

afterAll(async () => {
  await harness.close();
  await graph.close();
  await deletePrefix(redis, prefix);
  await redis.quit();
  await database.close();
});

const post = async (payload: unknown) =>
  expect((await postToMeta(`${harness.url}/social/meta`, APP_SECRET, payload)).status).toBe(200);
const publicSorry = () => harness.translator.t('en', 'channels:public.privateFollowUp');
const opener = () => harness.translator.t('en', 'channels:private.opener');

async function conversationOf(
  channelId: 'facebook' | 'messenger' | 'instagram',
  address: string,
): Promise<Conversation> {
  return waitFor(
    async () => (await harness.store.findConversation(channelId, address))[0],
    `the ${channelId} conversation`,
  );
}

async function settled(conversationId: string): Promise<Message[]> {
  return waitFor(async () => {
    const messages = await harness.store.listMessages(conversationId);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

describe('a public Page comment', () => {
  it('that is a complaint gets one short public reply and one private reply, and continues in Messenger', async () => {
    const commenter = newPsid();
    const complaint = 'Three weeks waiting for someone to fix my boiler and nobody has come, absolutely useless';
    const { payload, commentId, postId } = pageComment({ pageId: graph.pageId, fromId: commenter, message: complaint });
    await post(payload);
    const publicConversation = await conversationOf('facebook', commenter);
    const publicMessages = await settled(publicConversation.id);

    // In public: one short reply under the comment, with nothing personal in it.
    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toEqual([
      expect.objectContaining({ message: publicSorry(), edge: 'comments' }),
    ]);
    expect(publicSorry()).toBe("Sorry to hear this — we've sent you a private message.");
    expect(publicMessages.filter((m) => m.direction === 'outbound')).toEqual([
      expect.objectContaining({ text: publicSorry(), status: 'sent' }),
    ]);

    // In private: one reply to the comment, which opens the customer's Messenger thread.
    const privateReplies = graph.sent.filter((m) => m.recipient.comment_id === commentId);
    expect(privateReplies).toEqual([expect.objectContaining({ via: graph.pageId, message: { text: opener() } })]);
    const psid = `psid-${commentId}`;
    const thread = await conversationOf('messenger', psid);
    expect(thread.our_address).toBe(graph.pageId);
    const origin = thread.channel_data.originComment as OriginComment;
    expect(origin).toMatchObject({
      surface: 'page',
      kind: 'comment',
      id: commentId,
      postId,
      text: complaint,
      publicReply: publicSorry(),
      publicConversationId: publicConversation.id,
    });
    expect(await harness.store.listMessages(thread.id)).toEqual([
      expect.objectContaining({ direction: 'outbound', text: opener(), status: 'sent' }),
    ]);

    // The customer answers in Messenger: the normal dialogs take over, with quick replies.
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'It has been broken since the 3rd' }));
    await settled(thread.id);
    expect(graph.sent.filter((m) => m.recipient.id === psid)).toEqual([
      expect.objectContaining({
        via: 'me',
        messagingType: 'RESPONSE',
        message: {
          text: 'Thanks. Is this about a repair?',
          quick_replies: [
            { content_type: 'text', title: 'Yes', payload: 'Yes' },
            { content_type: 'text', title: 'No', payload: 'No' },
          ],
        },
      }),
    ]);
  });

  it('that carries personal details is taken private, and the public reply repeats none of them', async () => {
    const commenter = newPsid();
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: commenter,
      message: 'Can someone ring me on 07700 900456 about my rent please',
    });
    await post(payload);
    await settled((await conversationOf('facebook', commenter)).id);

    const [reply] = graph.commentReplies.filter((r) => r.commentId === commentId);
    expect(reply?.message).toBe(publicSorry());
    expect(reply?.message).not.toMatch(/\d/);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(1);
  });

  it('that is a compliment gets a short public thank-you and no private message', async () => {
    const commenter = newPsid();
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: commenter,
      message: 'Thank you to the team who fixed our door today, brilliant service',
    });
    await post(payload);
    await settled((await conversationOf('facebook', commenter)).id);

    expect(graph.commentReplies.filter((r) => r.commentId === commentId).map((r) => r.message)).toEqual([
      harness.translator.t('en', 'channels:public.thanks'),
    ]);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toEqual([]);
  });

  it('that is neither gets no reply at all', async () => {
    const commenter = newPsid();
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: commenter,
      message: 'Great community event yesterday',
    });
    await post(payload);
    const messages = await settled((await conversationOf('facebook', commenter)).id);

    expect(messages.map((m) => m.direction)).toEqual(['inbound']);
    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toEqual([]);
  });

  it('redelivered by Meta is still answered only once, in public and in private', async () => {
    const commenter = newPsid();
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: commenter,
      message: 'There is black mould in my sons bedroom and nobody has come',
    });
    await post(payload);
    await post(payload);
    await settled((await conversationOf('facebook', commenter)).id);

    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toHaveLength(1);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(1);
  });

  it('whose private reply Meta refuses gets no public "we have messaged you", and staff are told', async () => {
    const commenter = newPsid();
    const { payload, commentId } = pageComment({
      pageId: graph.pageId,
      fromId: commenter,
      message: 'My complaint about the repair has been ignored for a month',
    });
    graph.rejectRecipient(commentId, { code: 10, error_subcode: 2018278 });
    await post(payload);
    const publicConversation = await conversationOf('facebook', commenter);
    const messages = await settled(publicConversation.id);

    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toEqual([]);
    expect(messages.filter((m) => m.direction === 'outbound')).toEqual([]);
    expect(staffTold).toContainEqual({
      conversationId: publicConversation.id,
      reason: expect.stringContaining('refused'),
    });
  });

  it('that the Page itself wrote, or that was edited, gets no reply (no loops)', async () => {
    const own = pageComment({
      pageId: graph.pageId,
      fromId: graph.pageId,
      message: 'Our repairs line is closed on bank holidays; complaints welcome by message',
    });
    const edited = pageComment({
      pageId: graph.pageId,
      fromId: newPsid(),
      message: 'My complaint: still no repair',
      verb: 'edited',
    });
    const before = {
      replies: graph.commentReplies.length,
      sent: graph.sent.length,
      messages: await harness.messageCount(),
    };
    await post(own.payload);
    await post(edited.payload);
    expect(await harness.messageCount()).toBe(before.messages);
    expect(graph.commentReplies.length).toBe(before.replies);
    expect(graph.sent.length).toBe(before.sent);
  });
});

describe('a visitor post and an Instagram comment', () => {
  it('a complaint posted on the Page gets the private reply by post id and the public reply under the post', async () => {
    const author = newPsid();
    const { payload, postId } = visitorPost({
      pageId: graph.pageId,
      fromId: author,
      message: 'Disgusted with how long my leaking roof repair is taking',
    });
    await post(payload);
    await settled((await conversationOf('facebook', author)).id);

    expect(graph.sent.filter((m) => m.recipient.post_id === postId)).toHaveLength(1);
    expect(graph.commentReplies.filter((r) => r.commentId === postId).map((r) => r.message)).toEqual([publicSorry()]);
  });

  it('an Instagram comment is handled like a Page comment and continues in Instagram messages', async () => {
    const author = newPsid();
    const { payload, commentId } = instagramComment({
      igId: IG_ID,
      fromId: author,
      text: 'Been reporting damp for months and nothing happens, shocking',
    });
    await post(payload);
    await settled((await conversationOf('facebook', author)).id);

    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toEqual([
      expect.objectContaining({ message: publicSorry(), edge: 'replies' }),
    ]);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(1);
    const thread = await conversationOf('instagram', `psid-${commentId}`);
    expect((thread.channel_data.originComment as OriginComment).surface).toBe('instagram');
  });
});

describe('Messenger sends', () => {
  it('retry through three Graph outages and deliver exactly once', async () => {
    const psid = newPsid();
    graph.failNext(3, 503, undefined, (r) => r.path.endsWith('/messages') && JSON.stringify(r.body).includes(psid));
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello' }));
    const messages = await settled((await conversationOf('messenger', psid)).id);

    expect(
      graph.requests
        .filter((r) => r.path.endsWith('/messages') && JSON.stringify(r.body).includes(psid))
        .map((r) => r.status),
    ).toEqual([503, 503, 503, 200]);
    expect(graph.sent.filter((m) => m.recipient.id === psid)).toHaveLength(1);
    expect(messages.find((m) => m.direction === 'outbound')?.status).toBe('sent');
  });

  it('wait out a Graph rate limit and then deliver once', async () => {
    const psid = newPsid();
    graph.failNext(1, 429, undefined, (r) => r.path.endsWith('/messages') && JSON.stringify(r.body).includes(psid));
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello' }));
    await settled((await conversationOf('messenger', psid)).id);
    expect(graph.sent.filter((m) => m.recipient.id === psid)).toHaveLength(1);
  });

  it('outside the 24-hour window, the bot does not send and staff are told', async () => {
    const psid = newPsid();
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello', timestamp: Date.now() - 30 * HOUR }));
    const messages = await settled((await conversationOf('messenger', psid)).id);

    const reply = messages.find((m) => m.direction === 'outbound');
    expect(reply).toMatchObject({ status: 'failed' });
    expect(reply?.status_detail).toContain('outside_messaging_window');
    expect(graph.sent.filter((m) => m.recipient.id === psid)).toEqual([]);
    expect((await harness.queues.queues.handoff.getJob(`fail-${reply!.id}`))?.data).toMatchObject({
      type: 'delivery_failed',
    });
  });

  it("a colleague's reply after 24 hours but within 7 days goes with the HUMAN_AGENT tag", async () => {
    const psid = newPsid();
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello', timestamp: Date.now() - 3 * 24 * HOUR }));
    const thread = await conversationOf('messenger', psid);
    await settled(thread.id);
    await harness.outbox.say(thread.id, { text: 'Hello, this is Sam from the repairs team.', author: 'staff:U123' });
    await settled(thread.id);

    expect(graph.sent.filter((m) => m.recipient.id === psid)).toEqual([
      expect.objectContaining({
        messagingType: 'MESSAGE_TAG',
        tag: 'HUMAN_AGENT',
        message: { text: 'Hello, this is Sam from the repairs team.' },
      }),
    ]);
  });

  it('beyond 7 days the case records that the customer must be contacted another way, and staff are told', async () => {
    const psid = newPsid();
    await post(messengerMessage({ pageId: graph.pageId, psid, text: 'Hello', timestamp: Date.now() - 10 * 24 * HOUR }));
    const thread = await conversationOf('messenger', psid);
    await settled(thread.id);
    const open = await harness.store.createCase({
      kind: 'formal_complaint',
      stage: 'stage1',
      policyPack: 'code-2024',
      customerId: null,
      conversationId: thread.id,
      channelId: 'messenger',
      customerWords: 'Hello',
      receivedAt: new Date(),
      clocks: [],
      actor: 'test',
    });
    const said = await harness.outbox.say(thread.id, {
      text: 'Hello, this is Sam from the repairs team.',
      author: 'staff:U123',
    });
    await settled(thread.id);

    expect(graph.sent.filter((m) => m.recipient.id === psid)).toEqual([]);
    expect((await harness.store.getMessage(said.id))?.status).toBe('failed');
    expect(await harness.store.listEvents(open.id)).toContainEqual(
      expect.objectContaining({
        type: 'contact_another_way',
        data: expect.objectContaining({ channel: 'messenger', reason: 'outside_messaging_window' }),
      }),
    );
    expect((await harness.queues.queues.handoff.getJob(`fail-${said.id}`))?.data).toMatchObject({
      type: 'delivery_failed',
      messageId: said.id,
    });
  });
});
