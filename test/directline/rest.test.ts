import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../src/errors.js';
import {
  type ConversationStart,
  type TestGateway,
  postText,
  startConversation,
  startGateway,
} from './helpers/server.js';

interface Page {
  activities: Array<{ id: string; type: string; text?: string; from: { id: string; role: string }; locale?: string }>;
  watermark: string;
}

describe('posting activities', () => {
  let gateway: TestGateway;
  let conversation: ConversationStart;
  beforeAll(async () => {
    gateway = await startGateway();
    gateway.bot.replyThrough = undefined;
  });
  afterAll(async () => {
    await gateway.close();
  });
  beforeEach(async () => {
    gateway.bot.accepted.length = 0;
    gateway.bot.failing = false;
    conversation = await startConversation(gateway.baseUrl);
  });

  const url = () => `${gateway.baseUrl}/v3/directline/conversations/${conversation.conversationId}/activities`;
  const post = (body: string) =>
    fetch(url(), {
      method: 'POST',
      headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
      body,
    });
  const history = async (watermark = '') =>
    (await (
      await fetch(`${url()}?watermark=${watermark}`, { headers: { authorization: `Bearer ${conversation.token}` } })
    ).json()) as Page;

  it('hands a message to the intake with its id, locale and conversation', async () => {
    const response = await postText(gateway.baseUrl, conversation, 'Mae gen i broblem', { locale: 'cy' });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect(id.startsWith(`${conversation.conversationId}|`)).toBe(true);
    expect(gateway.bot.accepted).toEqual([
      expect.objectContaining({
        channelId: 'directline',
        providerMessageId: id,
        from: conversation.conversationId,
        to: 'bot',
        text: 'Mae gen i broblem',
        locale: 'cy',
      }),
    ]);
  });

  it('refuses a body over 64 kB with 413 and malformed JSON with 400, without a stack trace', async () => {
    const oversized = await post(JSON.stringify({ type: 'message', text: 'x'.repeat(70_000) }));
    expect(oversized.status).toBe(413);
    const malformed = await post('{"type": "message", "text": ');
    expect(malformed.status).toBe(400);
    for (const body of [await oversized.text(), await malformed.text()]) {
      expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
      expect(JSON.parse(body)).toHaveProperty('error.code');
    }
    expect(gateway.bot.accepted).toEqual([]);
  });

  it('refuses activities that are not valid with 400', async () => {
    for (const body of [
      { text: 'no type' },
      { type: 'message', text: 42 },
      { type: 'message' },
      { type: 'message', text: 'hi', locale: '../../etc' },
    ]) {
      expect((await post(JSON.stringify(body))).status).toBe(400);
    }
    expect((await history()).activities).toEqual([]);
  });

  it('acknowledges typing without storing it or waking the bot', async () => {
    const response = await post(JSON.stringify({ type: 'typing', from: { id: 'user' } }));
    expect(response.status).toBe(200);
    expect(gateway.bot.accepted).toEqual([]);
    expect((await history()).activities).toEqual([]);
  });

  it('takes a button value as the text when a client sends no text', async () => {
    await post(JSON.stringify({ type: 'message', from: { id: 'user' }, value: 'repair' }));
    expect(gateway.bot.accepted.map((m) => m.text)).toEqual(['repair']);
  });

  it('never lets a customer post as the bot', async () => {
    await post(JSON.stringify({ type: 'message', from: { id: 'bot', role: 'bot' }, text: 'I am the bot' }));
    const [stored] = (await history()).activities;
    expect(stored?.from).toEqual({ id: 'user', role: 'user' });
  });

  it('answers 503 when the intake fails, keeps the message, and takes a retry with the same client id once', async () => {
    gateway.bot.failing = true;
    const body = JSON.stringify({
      type: 'message',
      from: { id: 'user' },
      text: 'my ceiling fell in',
      channelData: { clientActivityID: 'c-1' },
    });
    const failed = await post(body);
    expect(failed.status).toBe(503);
    expect((await history()).activities.map((a) => a.text)).toEqual(['my ceiling fell in']);

    gateway.bot.failing = false;
    const retried = await post(body);
    expect(retried.status).toBe(200);
    const { id } = (await retried.json()) as { id: string };
    const after = await history();
    expect(after.activities.map((a) => a.text)).toEqual(['my ceiling fell in']);
    expect(after.activities[0]?.id).toBe(id);
    expect(gateway.bot.accepted.map((m) => m.providerMessageId)).toEqual([id]);
  });

  it('answers 400 to a watermark that is not a number', async () => {
    const response = await fetch(`${url()}?watermark=abc`, {
      headers: { authorization: `Bearer ${conversation.token}` },
    });
    expect(response.status).toBe(400);
  });

  it('returns only what came after the watermark', async () => {
    await postText(gateway.baseUrl, conversation, 'first');
    const { watermark } = await history();
    await postText(gateway.baseUrl, conversation, 'second');
    const page = await history(watermark);
    expect(page.activities.map((a) => a.text)).toEqual(['second']);
    expect((await history(page.watermark)).activities).toEqual([]);
  });
});

describe('sending', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('gives up for good on a conversation that does not exist (or has expired)', async () => {
    const send = gateway.channel.send({
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channelId: 'directline',
      to: randomUUID(),
      from: 'bot',
      text: 'hello?',
      choices: [],
      fromHuman: false,
    });
    await expect(send).rejects.toBeInstanceOf(PermanentSendError);
  });

  it("marks a colleague's reply so the page can say a person wrote it", async () => {
    const conversation = await startConversation(gateway.baseUrl);
    await gateway.channel.send({
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channelId: 'directline',
      to: conversation.conversationId,
      from: 'bot',
      text: 'Hi, this is Sam from the repairs team',
      choices: [],
      fromHuman: true,
    });
    const response = await fetch(
      `${gateway.baseUrl}/v3/directline/conversations/${conversation.conversationId}/activities`,
      {
        headers: { authorization: `Bearer ${conversation.token}` },
      },
    );
    const page = (await response.json()) as { activities: Array<{ channelData?: { fromHuman?: boolean } }> };
    expect(page.activities[0]?.channelData).toEqual({ fromHuman: true });
  });
});

describe('Web Chat on another site', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  it('may call the Direct Line routes cross-origin, with its bearer token', async () => {
    const preflight = await fetch(`${gateway.baseUrl}/v3/directline/conversations`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.example-housing.org.uk',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });
});
