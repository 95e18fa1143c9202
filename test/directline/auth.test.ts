import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '../../channels/directline/token.js';
import {
  type ConversationStart,
  type TestGateway,
  postText,
  startConversation,
  startGateway,
  testSecret,
} from './helpers/server.js';
import { StreamClient, upgradeStatus } from './helpers/socket.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function streamUrlFor(conversation: ConversationStart, token: string | undefined): string {
  const url = new URL(conversation.streamUrl);
  if (token === undefined) url.searchParams.delete('t');
  else url.searchParams.set('t', token);
  return url.toString();
}

describe('Direct Line tokens', () => {
  let gateway: TestGateway;
  let mine: ConversationStart;
  let theirs: ConversationStart;
  beforeAll(async () => {
    gateway = await startGateway();
    mine = await startConversation(gateway.baseUrl);
    theirs = await startConversation(gateway.baseUrl);
    expect((await postText(gateway.baseUrl, theirs, 'their private words')).status).toBe(200);
  });
  afterAll(async () => {
    await gateway.close();
  });

  const activitiesUrl = (c: { conversationId: string }) =>
    `${gateway.baseUrl}/v3/directline/conversations/${c.conversationId}/activities`;
  const read = (c: { conversationId: string }, authorization?: string) =>
    fetch(activitiesUrl(c), authorization === undefined ? {} : { headers: { authorization } });

  it('answers 401 when no credentials are given', async () => {
    expect((await read(mine)).status).toBe(401);
    expect((await fetch(`${gateway.baseUrl}/v3/directline/conversations`, { method: 'POST' })).status).toBe(401);
    expect((await read(mine, `Basic ${mine.token}`)).status).toBe(401);
  });

  it('answers 403 to a token for another conversation, and shows nothing of it', async () => {
    const response = await read(theirs, `Bearer ${mine.token}`);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('their private words');
    const post = await postText(
      gateway.baseUrl,
      { conversationId: theirs.conversationId, token: mine.token },
      'let me in',
    );
    expect(post.status).toBe(403);
    const reconnect = await fetch(`${gateway.baseUrl}/v3/directline/conversations/${theirs.conversationId}`, {
      headers: { authorization: `Bearer ${mine.token}` },
    });
    expect(reconnect.status).toBe(403);
    // Their conversation received nothing from us.
    const own = (await (await read(theirs, `Bearer ${theirs.token}`)).json()) as {
      activities: Array<{ text: string }>;
    };
    expect(own.activities.map((a) => a.text)).not.toContain('let me in');
    expect(gateway.bot.accepted.map((m) => m.text)).not.toContain('let me in');
  });

  it('answers 403 to expired, forged and made-up tokens', async () => {
    const expired = mintToken(testSecret, { conv: mine.conversationId, exp: nowSeconds() - 1, kind: 'conversation' });
    const forged = mintToken('some-other-secret-0123456789', {
      conv: mine.conversationId,
      exp: nowSeconds() + 600,
      kind: 'conversation',
    });
    const madeUp = 'eyJjb252IjoiYSJ9.not-a-signature';
    for (const token of [expired, forged, madeUp, testSecret.slice(1)]) {
      expect((await read(mine, `Bearer ${token}`)).status).toBe(403);
      expect((await postText(gateway.baseUrl, { conversationId: mine.conversationId, token }, 'hi')).status).toBe(403);
    }
    expect(gateway.bot.accepted.filter((m) => m.from === mine.conversationId)).toEqual([]);
  });

  it('does not take the stream token, which travels in URLs, as a bearer token', async () => {
    const streamToken = new URL(mine.streamUrl).searchParams.get('t') ?? '';
    expect((await read(mine, `Bearer ${streamToken}`)).status).toBe(403);
  });

  it('refuses WebSocket upgrades without a token (401) or with a foreign, expired or made-up one (403)', async () => {
    const foreign = new URL(theirs.streamUrl).searchParams.get('t') ?? '';
    const expired = mintToken(testSecret, { conv: mine.conversationId, exp: nowSeconds() - 1, kind: 'stream' });
    expect(await upgradeStatus(streamUrlFor(mine, undefined))).toBe(401);
    expect(await upgradeStatus(streamUrlFor(mine, foreign))).toBe(403);
    expect(await upgradeStatus(streamUrlFor(mine, expired))).toBe(403);
    expect(await upgradeStatus(streamUrlFor(mine, 'made.up'))).toBe(403);
    // A conversation token is for headers only.
    expect(await upgradeStatus(streamUrlFor(mine, mine.token))).toBe(403);
  });

  it('accepts the secret like Direct Line does, for generating tokens and starting conversations', async () => {
    const generated = await fetch(`${gateway.baseUrl}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testSecret}` },
    });
    expect(generated.status).toBe(200);
    const { conversationId, token, expires_in } = (await generated.json()) as ConversationStart;
    expect(expires_in).toBe(3600);
    const started = await fetch(`${gateway.baseUrl}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(started.status).toBe(201);
    expect(((await started.json()) as ConversationStart).conversationId).toBe(conversationId);
    // A token cannot mint tokens for other conversations.
    const widened = await fetch(`${gateway.baseUrl}/v3/directline/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(widened.status).toBe(403);
  });

  it('refreshes a token: the new one lasts longer and works for the same conversation only', async () => {
    const shortLived = mintToken(testSecret, {
      conv: mine.conversationId,
      exp: nowSeconds() + 30,
      kind: 'conversation',
    });
    const refreshed = await fetch(`${gateway.baseUrl}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shortLived}` },
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as ConversationStart;
    expect(body.conversationId).toBe(mine.conversationId);
    expect(body.expires_in).toBe(3600);
    expect((await read(mine, `Bearer ${body.token}`)).status).toBe(200);
    expect((await read(theirs, `Bearer ${body.token}`)).status).toBe(403);

    const expired = mintToken(testSecret, { conv: mine.conversationId, exp: nowSeconds() - 1, kind: 'conversation' });
    const tooLate = await fetch(`${gateway.baseUrl}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(tooLate.status).toBe(403);
  });

  it('closes a stream when the token it was opened with expires', async () => {
    // Two seconds: with one, a second boundary crossed before the socket opens (a busy machine) expired it first.
    const soon = mintToken(testSecret, { conv: mine.conversationId, exp: nowSeconds() + 2, kind: 'stream' });
    const client = await StreamClient.open(streamUrlFor(mine, soon));
    const closed = await client.closed;
    expect(closed).toEqual({ code: 1008, reason: 'token expired' });
  });

  it('answers 404 for a conversation that was never started', async () => {
    const never = randomUUID();
    const token = mintToken(testSecret, { conv: never, exp: nowSeconds() + 600, kind: 'conversation' });
    expect((await read({ conversationId: never }, `Bearer ${token}`)).status).toBe(404);
  });
});
