import { everyConversationAccounted } from '../conversations/accounted.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OriginComment } from '../../channels/meta/index.js';
import { referencePattern } from '../../src/db/case-store.js';
import { PrivacyNoticeRepository } from '../../src/db/privacy-notices.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { startGraphFake, type GraphFake, type GraphSentMessage } from '../fakes/graph-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { messengerMessage, newPsid, pageComment, postToMeta } from './payloads.js';

const APP_SECRET = 'meta-app-secret-for-gateway-tests';
const complaint =
  "Third time the repair man hasn't turned up this month, I took the day off work for nothing. Useless.";

let graph: GraphFake;
let gateway: TestGateway;

beforeAll(async () => {
  graph = await startGraphFake();
  gateway = await startTestGateway({
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: 'verify-token-for-gateway-tests',
    META_PAGE_TOKEN: graph.pageToken,
    META_GRAPH_URL: graph.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await graph?.close();
});

async function post(payload: unknown): Promise<void> {
  expect((await postToMeta(`${gateway.url}/social/meta`, APP_SECRET, payload)).status).toBe(200);
}

async function conversationOf(channelId: 'facebook' | 'messenger', address: string): Promise<Conversation> {
  return waitFor(
    async () => (await gateway.store.findConversation(channelId, address))[0],
    `the ${channelId} conversation`,
  );
}

async function settled(conversationId: string): Promise<Message[]> {
  return waitFor(async () => {
    const messages = await gateway.store.listMessages(conversationId);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

describe('a complaint that starts as a public Page comment and continues in Messenger', () => {
  it('ends with a case on Messenger with its consents and preferences, the public words kept, and the replies at Graph', async () => {
    const commenter = newPsid();
    const { payload, commentId, postId } = pageComment({ pageId: graph.pageId, fromId: commenter, message: complaint });
    await post(payload);
    const publicThread = await conversationOf('facebook', commenter);
    await settled(publicThread.id);

    // In public: only the short reply, nothing personal.
    expect(graph.commentReplies).toEqual([
      expect.objectContaining({ commentId, message: "Sorry to hear this — we've sent you a private message." }),
    ]);
    // In private: one reply to the comment, opening the Messenger conversation.
    const privateReply = graph.sent.filter((m) => m.recipient.comment_id === commentId);
    expect(privateReply).toHaveLength(1);
    const psid = `psid-${commentId}`;
    const thread = await conversationOf('messenger', psid);
    expect(thread.channel_data.originComment).toMatchObject({
      id: commentId,
      postId,
      text: complaint,
    } satisfies Partial<OriginComment>);

    const dms = (): GraphSentMessage[] => graph.sent.filter((m) => m.recipient.id === psid);
    /** The customer writes (or taps a quick reply); resolves to what the bot sent back. */
    async function write(text: string, quickReply?: string): Promise<GraphSentMessage[]> {
      const before = dms().length;
      await post(messengerMessage({ pageId: graph.pageId, psid, text, ...(quickReply ? { quickReply } : {}) }));
      await settled(thread.id);
      const replies = dms().slice(before);
      expect(replies.length, `a reply to "${text}"`).toBeGreaterThan(0);
      return replies;
    }
    /** Taps the quick reply at `index` on the bot's last message, as Messenger sends it. */
    async function tap(index: number): Promise<GraphSentMessage[]> {
      const quickReplies = dms().at(-1)?.message.quick_replies as { title: string; payload: string }[] | undefined;
      const choice = quickReplies?.[index];
      expect(choice, JSON.stringify(dms().at(-1)?.message)).toBeDefined();
      return write(choice!.title, choice!.payload);
    }

    const offer = await write(complaint);
    expect(offer.every((m) => m.messagingType === 'RESPONSE')).toBe(true);
    expect(offer.at(-1)?.message.quick_replies).toBeDefined();
    await tap(0); // a formal complaint
    await tap(0); // yes to the privacy notice
    await write('A new appointment on a Saturday and an apology');
    await tap(0); // it started recently
    await tap(0); // for myself
    await write('Jane Smith');
    await write('sw1a1aa');
    await tap(4); // contact me here (chat)
    const last = await tap(1); // large print
    const reference = referencePattern.exec(last.map((m) => String(m.message.text)).join('\n'))?.[0];
    expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);

    const row = await gateway.store.getCaseByReference(reference!);
    expect(row).toMatchObject({ kind: 'formal_complaint', channel_id: 'messenger', conversation_id: thread.id });
    const customer = await gateway.store.getCustomer(row!.customer_id!);
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      contact_method: 'chat',
      preferred_format: 'large_print',
    });
    // The privacy notice is told and recorded as such, not as a consent (issue 16).
    expect(
      await new PrivacyNoticeRepository(gateway.db).privacyNoticeGiven(
        { customerId: customer!.id },
        'privacy-notice/2026-12.1',
      ),
    ).toBe(true);
    const consents = await gateway.store.currentConsents({ customerId: customer!.id });
    expect(consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'record_as_complaint', granted: true, channel_id: 'messenger' }),
      ]),
    );
    // The thread keeps the private opener, the customer's words and every reply, all sent.
    const messages = await gateway.store.listMessages(thread.id);
    expect(messages[0]).toMatchObject({ direction: 'outbound', status: 'sent' });
    expect(messages.filter((m) => m.direction === 'outbound').every((m) => m.status === 'sent')).toBe(true);
    // The public words are kept: the customer's comment and our public reply, on the public thread.
    expect((await gateway.store.listMessages(publicThread.id)).map((m) => m.text)).toEqual([
      complaint,
      "Sorry to hear this — we've sent you a private message.",
    ]);
    // ...and they are on the case: both public messages, and an audit event naming the comment.
    expect((await gateway.store.listCaseMessages(row!.id)).map((m) => m.text)).toEqual(
      expect.arrayContaining([complaint, "Sorry to hear this — we've sent you a private message."]),
    );
    const publicEvent = (await gateway.store.listEvents(row!.id)).find((e) => e.type === 'public_comment');
    expect(publicEvent?.data).toMatchObject({ id: commentId, text: complaint });
  });
});

describe('every message these customers wrote (#21)', () => {
  it('is on a case, answered, or shown to staff; no case was opened about nothing', async () => {
    expect(await everyConversationAccounted(gateway.db)).toEqual([]);
  });
});
