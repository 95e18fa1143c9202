import { createHmac, webcrypto } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, isValidSlackRequest } from '@slack/bolt';
import {
  LogLevel,
  ErrorCode as SlackErrorCode,
  WebClient,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from '@slack/web-api';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGraphClient,
  GraphPermanentSendError,
  GraphTransientSendError,
} from '../../channels/meta/graph-client.js';
import { createTwilioClient, rebaseTwilioUrl, sendSms } from '../../channels/twilio/twilio-client.js';
import { PermanentSendError, TransientSendError } from '../../src/errors.js';
import { metaSignature, signedSlackRequest, slackSignature, twilioSignature } from '../helpers/sign.js';
import { startGraphFake } from './graph-fake.js';
import { startHttpFake } from './http-fake.js';
import { startSlackFake } from './slack-fake.js';
import { startTwilioFake } from './twilio-fake.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});
function closeLater<T extends { close(): Promise<void> }>(fake: T): T {
  cleanups.push(() => fake.close());
  return fake;
}

/** Resolves to what `promise` rejected with, failing the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('twilio fake with the real twilio client', () => {
  it('sends an SMS with Basic auth and form encoding and gets a Message sid', async () => {
    const fake = closeLater(await startTwilioFake());
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });

    const message = await client.messages.create({
      from: '+447700900001',
      to: '+447700900123',
      body: 'Your repair is booked',
    });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.numSegments).toBe('1');
    expect(fake.sent).toEqual([
      expect.objectContaining({ to: '+447700900123', from: '+447700900001', body: 'Your repair is booked' }),
    ]);
    const [request] = fake.requests;
    expect(request?.path).toBe(`/2010-04-01/Accounts/${fake.accountSid}/Messages.json`);
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${fake.accountSid}:${fake.authToken}`).toString('base64')}`,
    );
    expect(request?.headers['user-agent']).toMatch(/^twilio-node\//);
  });

  it('sendSms calls messages.create and passes the status callback', async () => {
    const fake = closeLater(await startTwilioFake());
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });

    const accepted = await sendSms(client, {
      from: '+447700900001',
      to: '+447700900123',
      body: 'Thank you',
      statusCallback: 'https://gateway.example/sms/twilio/status',
    });

    expect(accepted).toEqual({ sid: fake.sent[0]?.sid, status: 'queued' });
    expect(fake.requests[0]?.body).toMatchObject({ StatusCallback: 'https://gateway.example/sms/twilio/status' });
  });

  it('answers a wrong auth token with 401 / 20003', async () => {
    const fake = closeLater(await startTwilioFake());
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: 'wrong', apiUrl: fake.url });

    const error = await rejection(client.messages.create({ from: '+447700900001', to: '+447700900123', body: 'x' }));

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({ status: 401, code: 20003 });
    expect(fake.sent).toHaveLength(0);
  });

  it('surfaces a scripted 21610 (unsubscribed) as a RestException, and sendSms as permanent', async () => {
    const fake = closeLater(await startTwilioFake());
    fake.rejectRecipient('+447700900666', 21610);
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });

    const raw = await rejection(client.messages.create({ from: '+447700900001', to: '+447700900666', body: 'x' }));
    expect(raw).toBeInstanceOf(twilio.RestException);
    expect(raw).toMatchObject({
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
      moreInfo: 'https://www.twilio.com/docs/errors/21610',
    });

    const mapped = await rejection(sendSms(client, { from: '+447700900001', to: '+447700900666', body: 'x' }));
    expect(mapped).toBeInstanceOf(PermanentSendError);
    expect(mapped).toMatchObject({ providerCode: '21610' });
  });

  it("refuses an invalid 'To' with 21211", async () => {
    const fake = closeLater(await startTwilioFake());
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });

    const error = await rejection(sendSms(client, { from: '+447700900001', to: '07700 900123', body: 'x' }));

    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error).toMatchObject({ providerCode: '21211' });
  });

  it('does not retry a 503 itself: each call fails once, and the fourth succeeds', async () => {
    const fake = closeLater(await startTwilioFake());
    fake.failNext(3, 503);
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });
    const sms = { from: '+447700900001', to: '+447700900123', body: 'Retry me' };

    // The twilio SDK never retries 5xx (and retries 429 only with autoRetry, which we leave off):
    // the outbound queue's backoff is what retries, so each attempt here is one HTTP request.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const error = await rejection(sendSms(client, sms));
      expect(error).toBeInstanceOf(TransientSendError);
      expect(fake.requests).toHaveLength(attempt);
    }
    await expect(sendSms(client, sms)).resolves.toMatchObject({ status: 'queued' });
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 503, 201]);
  });

  it('maps an unreachable API to a transient error', async () => {
    const fake = await startTwilioFake();
    await fake.close();
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });

    const error = await rejection(sendSms(client, { from: '+447700900001', to: '+447700900123', body: 'x' }));

    expect(error).toBeInstanceOf(TransientSendError);
  });

  it('posts delivery status callbacks signed as Twilio signs them', async () => {
    const fake = closeLater(await startTwilioFake());
    const gateway = closeLater(await startHttpFake(() => ({ status: 204 })));
    const callbackUrl = `${gateway.url}/sms/twilio/status`;
    const client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiUrl: fake.url });
    const { sid } = await sendSms(client, {
      from: '+447700900001',
      to: '+447700900123',
      body: 'x',
      statusCallback: callbackUrl,
    });

    await expect(fake.deliver(sid, 'undelivered', { errorCode: 30005 })).resolves.toBe(204);

    const callback = gateway.requests[0];
    const params = callback?.body as Record<string, string>;
    expect(params).toMatchObject({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30005' });
    const signature = String(callback?.headers['x-twilio-signature']);
    expect(twilio.validateRequest(fake.authToken, signature, callbackUrl, params)).toBe(true);
  });

  it('posts inbound SMS webhooks signed as Twilio signs them', async () => {
    const fake = closeLater(await startTwilioFake());
    const gateway = closeLater(
      await startHttpFake(() => ({ status: 200, body: '<Response/>', headers: { 'content-type': 'text/xml' } })),
    );
    const webhookUrl = `${gateway.url}/sms/twilio`;

    const answer = await fake.receive(webhookUrl, { from: '+447700900123', to: '+447700900001', body: 'STOP' });

    expect(answer).toMatchObject({ status: 200, body: '<Response/>' });
    const params = gateway.requests[0]?.body as Record<string, string>;
    expect(params).toMatchObject({
      Body: 'STOP',
      From: '+447700900123',
      MessageSid: answer.messageSid,
      FromCountry: 'GB',
    });
    const signature = String(gateway.requests[0]?.headers['x-twilio-signature']);
    expect(twilio.validateRequest(fake.authToken, signature, webhookUrl, params)).toBe(true);
  });

  it('rebases only Twilio hosts, keeping path, query and any prefix', () => {
    const base = new URL('http://127.0.0.1:4010/twilio/');
    expect(rebaseTwilioUrl('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=5', base)).toBe(
      'http://127.0.0.1:4010/twilio/2010-04-01/Accounts/AC1/Messages.json?PageSize=5',
    );
    // BaseTwilio.request() rewrites hosts for edge/region before the HTTP client sees them.
    expect(rebaseTwilioUrl('https://messaging.dublin.ie1.twilio.com/v1/Services', base)).toBe(
      'http://127.0.0.1:4010/twilio/v1/Services',
    );
    expect(rebaseTwilioUrl('https://example.org/twilio.com', base)).toBe('https://example.org/twilio.com');
  });
});

describe('slack fake with the real WebClient and Bolt', () => {
  it('takes chat.postMessage with the bot token and answers unique, increasing ts', async () => {
    const fake = closeLater(await startSlackFake());
    const web = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

    const first = await web.chat.postMessage({
      channel: 'C0INTAKE',
      text: 'New case HX-1',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*New case*' } }],
    });
    const second = await web.chat.postMessage({ channel: 'C0INTAKE', text: 'reply', thread_ts: first.ts });

    expect(first).toMatchObject({
      ok: true,
      channel: 'C0INTAKE',
      message: { text: 'New case HX-1', bot_id: fake.botId },
    });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${fake.botToken}`);
    expect(fake.calls('chat.postMessage')[0]?.args.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*New case*' } },
    ]);
    expect(fake.messages[1]).toMatchObject({ threadTs: first.ts, text: 'reply' });
  });

  it('answers a bad token with invalid_auth', async () => {
    const fake = closeLater(await startSlackFake());
    const web = new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

    const error = (await rejection(web.auth.test())) as WebAPIPlatformError;

    expect(error.code).toBe(SlackErrorCode.PlatformError);
    expect(error.data.error).toBe('invalid_auth');
  });

  it('answers 429 with Retry-After; WebClient rejects at once only with rejectRateLimitedCalls', async () => {
    const fake = closeLater(await startSlackFake());
    fake.rateLimitNext(1, 7, 'chat.postMessage');
    const web = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true });

    const error = (await rejection(web.chat.postMessage({ channel: 'C0INTAKE', text: 'x' }))) as WebAPIRateLimitedError;

    expect(error.code).toBe(SlackErrorCode.RateLimitedError);
    expect(error.retryAfter).toBe(7);
    expect(fake.requests[0]?.status).toBe(429);
  });

  it("shows WebClient's own retries: it sleeps Retry-After on 429 and retries 5xx", async () => {
    const fake = closeLater(await startSlackFake());
    fake.rateLimitNext(1, 1, 'chat.postMessage');
    fake.failNext(1, 503);
    const web = new WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 1 },
      logLevel: LogLevel.ERROR,
    });

    const started = Date.now();
    const result = await web.chat.postMessage({ channel: 'C0INTAKE', text: 'eventually' });

    expect(result.ok).toBe(true);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 503, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('with retries: 0, a 5xx is a WebAPIHTTPError and ok:false is a platform error (never retried)', async () => {
    const fake = closeLater(await startSlackFake());
    fake.failNext(1, 503);
    fake.errorNext(1, 'is_archived', 'chat.postMessage');
    const web = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

    const http = (await rejection(web.chat.postMessage({ channel: 'C0INTAKE', text: 'x' }))) as WebAPIHTTPError;
    expect(http.code).toBe(SlackErrorCode.HTTPError);
    expect(http.statusCode).toBe(503);
    const platform = (await rejection(web.chat.postMessage({ channel: 'C0INTAKE', text: 'x' }))) as WebAPIPlatformError;
    expect(platform.data.error).toBe('is_archived');
    expect(fake.requests).toHaveLength(2);
  });

  it('implements the other methods the gateway uses', async () => {
    const fake = closeLater(await startSlackFake());
    const web = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });

    const posted = await web.chat.postMessage({ channel: 'C0INTAKE', text: 'case card' });
    const ts = String(posted.ts);
    await expect(web.chat.update({ channel: 'C0INTAKE', ts, text: 'case card (taken)' })).resolves.toMatchObject({
      ok: true,
      ts,
    });
    await expect(web.reactions.add({ channel: 'C0INTAKE', timestamp: ts, name: 'eyes' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(
      web.chat.postEphemeral({ channel: 'C0INTAKE', user: 'U0STAFF1', text: 'only you' }),
    ).resolves.toMatchObject({ ok: true });
    const opened = await web.views.open({
      trigger_id: '123.456.abc',
      view: { type: 'modal', callback_id: 'extend', title: { type: 'plain_text', text: 'Extend' }, blocks: [] },
    });
    const viewId = String(opened.view?.id);
    await expect(
      web.views.update({
        view_id: viewId,
        view: { type: 'modal', title: { type: 'plain_text', text: 'Done' }, blocks: [] },
      }),
    ).resolves.toMatchObject({ view: { id: viewId, title: { text: 'Done' } } });
    await expect(web.views.publish({ user_id: 'U0STAFF1', view: { type: 'home', blocks: [] } })).resolves.toMatchObject(
      { ok: true },
    );
    await expect(web.conversations.info({ channel: 'C0INTAKE' })).resolves.toMatchObject({
      channel: { name: 'housing-intake' },
    });
    await expect(web.users.info({ user: 'U0STAFF1' })).resolves.toMatchObject({
      user: { real_name: 'Sam Staff', tz: 'Europe/London' },
    });

    expect(fake.messages[0]).toMatchObject({ text: 'case card (taken)', reactions: ['eyes'] });
    expect(fake.ephemerals).toHaveLength(1);
    const duplicate = (await rejection(
      web.reactions.add({ channel: 'C0INTAKE', timestamp: ts, name: 'eyes' }),
    )) as WebAPIPlatformError;
    expect(duplicate.data.error).toBe('already_reacted');
  });

  it('answers as Slack does for permalinks, private channels, user groups and a channel named by #name', async () => {
    const fake = closeLater(
      await startSlackFake({
        channels: [{ id: 'G0PRIVATE', name: 'complaints-liaison', isPrivate: true }],
        users: [{ id: 'U0PRIYA', name: 'priya', realName: 'Priya Shah' }],
        userGroups: [{ id: 'S0LEADS', handle: 'leads', users: ['U0PRIYA'] }],
      }),
    );
    const web = new WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    const posted = await web.chat.postMessage({ channel: '#complaints-liaison', text: 'card' });
    expect(posted.channel).toBe('G0PRIVATE');
    const link = await web.chat.getPermalink({ channel: 'G0PRIVATE', message_ts: String(posted.ts) });
    expect(link.permalink).toBe(
      `https://housing-fake.slack.com/archives/G0PRIVATE/p${String(posted.ts).replace('.', '')}`,
    );
    expect(
      (
        (await rejection(
          web.chat.getPermalink({ channel: 'G0PRIVATE', message_ts: '1.000001' }),
        )) as WebAPIPlatformError
      ).data.error,
    ).toBe('message_not_found');
    await expect(web.conversations.info({ channel: 'G0PRIVATE' })).resolves.toMatchObject({
      channel: { is_private: true, is_group: true },
    });
    await expect(web.usergroups.users.list({ usergroup: 'S0LEADS' })).resolves.toMatchObject({ users: ['U0PRIYA'] });
    expect(
      ((await rejection(web.usergroups.users.list({ usergroup: 'S0NONE' }))) as WebAPIPlatformError).data.error,
    ).toBe('no_such_subteam');
    await expect(web.users.info({ user: 'U0PRIYA' })).resolves.toMatchObject({
      user: { profile: { first_name: 'Priya', last_name: 'Shah' } },
    });
  });

  it('runs a Bolt app whose say() reaches the fake, with a request signed as Slack signs it', async () => {
    const fake = closeLater(await startSlackFake());
    const signingSecret = 'bolt-test-secret';
    const receiver = new ExpressReceiver({ signingSecret, processBeforeResponse: true });
    const app = new App({
      token: fake.botToken,
      receiver,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.event('app_mention', async ({ event, say }) => {
      await say({ text: `Hello <@${event.user}>`, thread_ts: event.ts });
    });
    const server = await new Promise<Server>((resolve) => {
      const s = receiver.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;

    const payload = JSON.stringify({
      token: 'legacy',
      team_id: fake.teamId,
      api_app_id: 'A0GATEWAY',
      type: 'event_callback',
      event_id: 'Ev01',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'app_mention',
        user: 'U0STAFF1',
        text: `<@${fake.botUserId}> hi`,
        ts: '1700000000.000100',
        channel: 'C0INTAKE',
      },
    });
    const signed = signedSlackRequest(signingSecret, payload);
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });

    expect(response.status).toBe(200);
    expect(fake.calls().map((c) => c.method)).toEqual(['auth.test', 'chat.postMessage']);
    expect(fake.messages[0]).toMatchObject({
      channel: 'C0INTAKE',
      text: 'Hello <@U0STAFF1>',
      threadTs: '1700000000.000100',
    });

    const stale = signedSlackRequest(signingSecret, payload, 'application/json', Math.floor(Date.now() / 1000) - 301);
    const refused = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: stale.headers,
      body: stale.body,
    });
    expect(refused.status).toBe(401);
  });
});

describe('graph fake with our Graph client', () => {
  it('sends a Messenger reply to /me/messages with the page token', async () => {
    const fake = closeLater(await startGraphFake());
    const graph = createGraphClient({ graphUrl: fake.url, pageToken: fake.pageToken });

    const sent = await graph.sendMessage({
      recipient: { id: 'PSID1' },
      message: {
        text: 'Is it an emergency?',
        quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'EMERGENCY_YES' }],
      },
      messaging_type: 'RESPONSE',
    });

    expect(sent).toEqual({ recipientId: 'PSID1', messageId: fake.sent[0]?.messageId });
    const request = fake.requests[0];
    expect(request?.path).toBe('/v21.0/me/messages');
    expect(request?.query.access_token).toBe(fake.pageToken);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(fake.sent[0]).toMatchObject({
      via: 'me',
      messagingType: 'RESPONSE',
      message: { text: 'Is it an emergency?' },
    });
  });

  it('sends private replies through /{page-id}/messages and public replies to /{comment-id}/comments', async () => {
    const fake = closeLater(await startGraphFake());
    const graph = createGraphClient({ graphUrl: fake.url, pageToken: fake.pageToken, pageId: fake.pageId });

    await graph.sendMessage({
      recipient: { comment_id: '111_222' },
      message: { text: 'We have messaged you privately.' },
    });
    const comment = await graph.replyToComment('111_222', 'Thanks, we have sent you a private message.');
    await graph.sendMessage({
      recipient: { id: 'PSID1' },
      message: { text: 'Staff reply' },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
    });

    expect(fake.requests.map((r) => r.path)).toEqual([
      `/v21.0/${fake.pageId}/messages`,
      '/v21.0/111_222/comments',
      '/v21.0/me/messages',
    ]);
    expect(fake.sent[0]?.recipient).toEqual({ comment_id: '111_222' });
    expect(comment.id).toBe(fake.commentReplies[0]?.id);
    expect(fake.sent[1]).toMatchObject({ messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('maps 5xx, 429 and rate-limit codes to transient errors', async () => {
    const fake = closeLater(await startGraphFake());
    const graph = createGraphClient({ graphUrl: fake.url, pageToken: fake.pageToken });
    const send = () => graph.sendMessage({ recipient: { id: 'PSID1' }, message: { text: 'x' } });
    fake.failNext(1, 503);
    fake.failNext(1, 429);
    fake.failNext(1, 400, {
      error: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', code: 613 },
    });

    const unavailable = await rejection(send());
    expect(unavailable).toBeInstanceOf(TransientSendError);
    expect(unavailable).toMatchObject({ detail: { httpStatus: 503, graphCode: 2 } });
    await expect(send()).rejects.toBeInstanceOf(GraphTransientSendError);
    await expect(send()).rejects.toMatchObject({ detail: { graphCode: 613 } });
    await expect(send()).resolves.toMatchObject({ recipientId: 'PSID1' });
  });

  it('maps refusals to permanent errors carrying the Graph code and subcode', async () => {
    const fake = closeLater(await startGraphFake());
    fake.rejectRecipient('PSID-late', { code: 10, error_subcode: 2018278 });
    fake.rejectRecipient('PSID-gone', { code: 551, error_subcode: 1545041 });
    const graph = createGraphClient({ graphUrl: fake.url, pageToken: fake.pageToken });

    const late = await rejection(graph.sendMessage({ recipient: { id: 'PSID-late' }, message: { text: 'x' } }));
    expect(late).toBeInstanceOf(PermanentSendError);
    expect(late).toBeInstanceOf(GraphPermanentSendError);
    expect(late).toMatchObject({
      providerCode: '10/2018278',
      detail: { httpStatus: 400, graphCode: 10, graphSubcode: 2018278 },
    });
    expect((late as Error).message).toContain('outside of allowed window');
    await expect(graph.sendMessage({ recipient: { id: 'PSID-gone' }, message: { text: 'x' } })).rejects.toMatchObject({
      providerCode: '551/1545041',
    });

    const badToken = createGraphClient({ graphUrl: fake.url, pageToken: 'wrong' });
    await expect(badToken.replyToComment('111_222', 'x')).rejects.toMatchObject({ providerCode: '190' });
  });

  it('maps an unreachable Graph API to a transient error', async () => {
    const fake = await startGraphFake();
    await fake.close();
    const graph = createGraphClient({ graphUrl: fake.url, pageToken: fake.pageToken });

    await expect(graph.sendMessage({ recipient: { id: 'PSID1' }, message: { text: 'x' } })).rejects.toBeInstanceOf(
      TransientSendError,
    );
  });
});

describe('signature helpers', () => {
  it("twilioSignature matches Twilio's documented example and its validator", () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675310',
      Digits: '1234',
      From: '+14158675310',
      To: '+18005551212',
    };

    const signature = twilioSignature('12345', url, params);

    expect(signature).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(twilio.validateRequest('12345', signature, url, params)).toBe(true);
    expect(twilio.validateRequest('54321', signature, url, params)).toBe(false);
    // Independently: HMAC-SHA1 over the URL then each parameter name+value, sorted by name.
    const data =
      url +
      Object.keys(params)
        .sort()
        .map((k) => k + params[k as keyof typeof params])
        .join('');
    expect(createHmac('sha1', '12345').update(data).digest('base64')).toBe(signature);
  });

  it('metaSignature is sha256= and the hex HMAC of the raw body', async () => {
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1, messaging: [] }] });
    const key = await webcrypto.subtle.importKey(
      'raw',
      Buffer.from('app-secret'),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = Buffer.from(await webcrypto.subtle.sign('HMAC', key, Buffer.from(body))).toString('hex');

    expect(metaSignature('app-secret', body)).toBe(`sha256=${mac}`);
  });

  it("slackSignature matches Slack's documented example and Bolt's verifier", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';

    const headers = slackSignature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body);

    expect(headers).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
    const verify = (secret: string) =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': 1531420618 },
        nowMilliseconds: 1531420618_000 + 60_000,
      });
    expect(verify('8f742231b10e8888abcd99yyyzzz85a5')).toBe(true);
    expect(verify('another-secret')).toBe(false);
  });
});
