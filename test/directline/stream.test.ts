import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channel.js';
import {
  type ConversationStart,
  type TestGateway,
  postText,
  startConversation,
  startGateway,
} from './helpers/server.js';
import { StreamClient } from './helpers/socket.js';

function reply(to: string, text: string): OutboundMessage {
  return {
    messageId: randomUUID(),
    conversationId: randomUUID(),
    channelId: 'directline',
    to,
    from: 'bot',
    text,
    choices: [],
    fromHuman: false,
  };
}

async function reconnect(
  gateway: TestGateway,
  conversation: ConversationStart,
  watermark: string,
): Promise<ConversationStart> {
  const response = await fetch(
    `${gateway.baseUrl}/v3/directline/conversations/${conversation.conversationId}?watermark=${watermark}`,
    {
      headers: { authorization: `Bearer ${conversation.token}` },
    },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as ConversationStart;
}

describe('the activity stream', () => {
  const gateways: TestGateway[] = [];
  const sockets: StreamClient[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    for (const gateway of gateways.splice(0)) await gateway.close();
  });

  it('shows the bot typing the moment the socket opens (Web Chat posts its join then), before the answer', async () => {
    const gateway = await startGateway();
    gateways.push(gateway);
    gateway.bot.replyThrough = undefined;
    const conversation = await startConversation(gateway.baseUrl);
    const socket = await StreamClient.open(conversation.streamUrl);
    sockets.push(socket);
    // No wait at all: the stream listens before it completes the handshake.
    const typingDone = gateway.channel.typing?.(conversation.conversationId);
    await gateway.channel.send(reply(conversation.conversationId, 'Hello, how can I help?'));
    typingDone?.();
    await socket.until((all) => all.some((a) => a.type === 'message'));
    expect(socket.activities.map((a) => a.type)).toEqual(['typing', 'message']);
  });

  it('misses nothing across a reconnect with a watermark, and repeats nothing', async () => {
    const gateway = await startGateway();
    gateways.push(gateway);
    gateway.bot.replyThrough = undefined;
    const conversation = await startConversation(gateway.baseUrl);
    const first = await StreamClient.open(conversation.streamUrl);
    sockets.push(first);
    await postText(gateway.baseUrl, conversation, 'one');
    await gateway.channel.send(reply(conversation.conversationId, 'reply to one'));
    await first.until((all) => all.length === 2);
    const watermark = first.watermark;
    first.close();
    await first.closed;

    // While the customer's phone is in a tunnel.
    await postText(gateway.baseUrl, conversation, 'two');
    await gateway.channel.send(reply(conversation.conversationId, 'reply to two'));
    await gateway.channel.send(reply(conversation.conversationId, 'and one more thing'));

    const resumed = await reconnect(gateway, conversation, watermark);
    const second = await StreamClient.open(resumed.streamUrl);
    sockets.push(second);
    await second.until((all) => all.length >= 3);
    await gateway.channel.send(reply(conversation.conversationId, 'live again'));
    await second.until((all) => all.length >= 4);

    expect(first.texts()).toEqual(['one', 'reply to one']);
    expect(second.texts()).toEqual(['two', 'reply to two', 'and one more thing', 'live again']);
    const polled = await fetch(
      `${gateway.baseUrl}/v3/directline/conversations/${conversation.conversationId}/activities?watermark=${watermark}`,
      { headers: { authorization: `Bearer ${conversation.token}` } },
    );
    const page = (await polled.json()) as { activities: Array<{ text: string }>; watermark: string };
    expect(page.activities.map((a) => a.text)).toEqual(['two', 'reply to two', 'and one more thing', 'live again']);
    expect(page.watermark).toBe(second.watermark);
  });

  it('sends the whole history to a stream opened without a watermark', async () => {
    const gateway = await startGateway();
    gateways.push(gateway);
    gateway.bot.replyThrough = undefined;
    const conversation = await startConversation(gateway.baseUrl);
    await postText(gateway.baseUrl, conversation, 'before the socket');
    await gateway.channel.send(reply(conversation.conversationId, 'an answer'));
    const socket = await StreamClient.open(conversation.streamUrl);
    sockets.push(socket);
    await socket.until((all) => all.length >= 2);
    expect(socket.texts()).toEqual(['before the socket', 'an answer']);
  });

  it('delivers a reply made by another web process to the socket this one holds', async () => {
    const keyPrefix = `test:dl:${randomUUID()}:`;
    const webA = await startGateway({ keyPrefix });
    const webB = await startGateway({ keyPrefix });
    gateways.push(webA, webB);
    // The bot's replies go out through process B, as if B's worker had taken the turn.
    webA.bot.replyThrough = webB.channel;
    webB.bot.replyThrough = undefined;
    const conversation = await startConversation(webA.baseUrl);
    const socket = await StreamClient.open(conversation.streamUrl);
    sockets.push(socket);

    await postText(webA.baseUrl, conversation, 'posted to A');
    await socket.until((all) => all.some((a) => a.text === 'You said: posted to A'));
    // The customer's next request lands on B (a load balancer's choice); the socket is still on A.
    await postText(webB.baseUrl, conversation, 'posted to B');
    await webB.channel.send(reply(conversation.conversationId, 'sent by B directly'));
    await socket.until((all) => all.some((a) => a.text === 'sent by B directly'));

    expect(socket.texts()).toEqual(['posted to A', 'You said: posted to A', 'posted to B', 'sent by B directly']);
  });

  it('delivers concurrent replies from two processes once each, in order', async () => {
    const keyPrefix = `test:dl:${randomUUID()}:`;
    const webA = await startGateway({ keyPrefix });
    const webB = await startGateway({ keyPrefix });
    gateways.push(webA, webB);
    const conversation = await startConversation(webA.baseUrl);
    const socket = await StreamClient.open(conversation.streamUrl);
    sockets.push(socket);

    const sends = Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? webA : webB).channel.send(reply(conversation.conversationId, `reply ${i}`)),
    );
    const results = await Promise.all(sends);
    await socket.until((all) => all.length >= 20);

    const ids = socket.activities.map((a) => a.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(20);
    expect(new Set(socket.texts())).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `reply ${i}`)));
    expect(results.flatMap((r) => r.providerMessageIds).sort()).toEqual(ids);
  });

  it('asks its sockets to resume from their watermark when pub/sub drops, so nothing published meanwhile is lost', async () => {
    const gateway = await startGateway();
    gateways.push(gateway);
    gateway.bot.replyThrough = undefined;
    const conversation = await startConversation(gateway.baseUrl);
    const first = await StreamClient.open(conversation.streamUrl);
    sockets.push(first);
    await gateway.channel.send(reply(conversation.conversationId, 'before the drop'));
    await first.until((all) => all.length >= 1);

    const clients = String(await gateway.redis.call('CLIENT', 'LIST', 'TYPE', 'pubsub'));
    const id = clients
      .split('\n')
      .find((line) => line.includes(`name=${gateway.subscriberName} `))
      ?.match(/\bid=(\d+)/)?.[1];
    expect(id).toBeDefined();
    await gateway.redis.call('CLIENT', 'KILL', 'ID', id ?? '');
    await gateway.channel.send(reply(conversation.conversationId, 'during the drop'));
    const closed = await first.closed;
    expect(closed.code).toBe(1012);

    const resumed = await reconnect(gateway, conversation, first.watermark);
    const second = await StreamClient.open(resumed.streamUrl);
    sockets.push(second);
    await gateway.channel.send(reply(conversation.conversationId, 'after the drop'));
    await second.until((all) => all.some((a) => a.text === 'after the drop'));
    // Whether 'during the drop' went out live before the close or came back from history, it is seen once.
    expect([...first.texts(), ...second.texts()]).toEqual(['before the drop', 'during the drop', 'after the drop']);
  });
});
