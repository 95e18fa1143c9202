import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedSlackRequest } from '../helpers/sign.js';
import { ts } from '../slack/slack-requests.js';
import { SAM, SLACK_CHANNELS, SLACK_SIGNING_SECRET, startEverything, type Everything } from './everything.js';

/**
 * Issue 13, item 5: odd but signed requests from Slack get a polite answer, never a 500;
 * and a request dated more than five minutes from now, either way, is refused as a replay.
 */

let all: Everything;

beforeAll(async () => {
  all = await startEverything();
});

afterAll(async () => {
  await all?.close();
});

const complaints = { id: SLACK_CHANNELS.complaints, name: 'complaints-liaison' };

async function postSigned(
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  timestamp?: number,
): Promise<{ status: number; text: string }> {
  const signed = signedSlackRequest(SLACK_SIGNING_SECRET, body, contentType, timestamp);
  const response = await fetch(`${all.gateway.url}/slack/events`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  return { status: response.status, text: await response.text() };
}

const interactive = (payload: unknown) =>
  new URLSearchParams({ payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }).toString();

function command(fields: Record<string, string>): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: all.slack.teamId,
    team_domain: 'housing-fake',
    channel_id: complaints.id,
    channel_name: complaints.name,
    user_id: SAM,
    user_name: 'sam',
    command: '/case',
    text: 'CMP-2026-000001',
    api_app_id: 'A0GATEWAY',
    response_url: all.slack.responseUrl('command'),
    trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    ...fields,
  }).toString();
}

describe('/case with what Slack should never send, but might', () => {
  it('a text over 500 characters is told it is too long', async () => {
    const answer = await all.requests.command(SAM, complaints, '/case', `CMP-2026-000001 ${'please '.repeat(90)}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('too long') });
  });

  it('an unexpected user or channel id is answered with how /case works', async () => {
    const odd: Record<string, string>[] = [
      { user_id: 'bob' },
      { user_id: '' },
      { channel_id: 'not a channel' },
      { channel_id: '' },
    ];
    for (const fields of odd) {
      const answer = await postSigned(command(fields), 'application/x-www-form-urlencoded');
      expect(answer.status, JSON.stringify(fields)).toBe(200);
      expect(answer.text).toContain('Usage');
    }
  });
});

describe('interactivity with what Slack should never send, but might', () => {
  const submission = (view: Record<string, unknown>) => ({
    type: 'view_submission',
    team: { id: all.slack.teamId, domain: 'housing-fake' },
    user: { id: SAM, username: 'sam', name: 'sam', team_id: all.slack.teamId },
    api_app_id: 'A0GATEWAY',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    view: {
      id: 'V0ODD',
      team_id: all.slack.teamId,
      type: 'modal',
      callback_id: 'reply_write_modal',
      private_metadata: '{}',
      hash: 'h',
      ...view,
    },
    response_urls: [],
  });

  it.each([
    ['a string', { state: { values: 'not an object' } }],
    ['null', { state: { values: null } }],
    ['an array', { state: { values: [1, 2] } }],
    ['missing', { state: {} }],
    ['no state at all', { state: null }],
  ])('a view_submission whose state.values is %s is told the form could not be read', async (_label, view) => {
    const answer = await postSigned(interactive(submission(view)), 'application/x-www-form-urlencoded');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('could not be read');
  });

  it('a view_submission with no view, or a view that is not an object, is not a 500', async () => {
    for (const view of [
      undefined,
      null,
      'a view',
      7,
      [],
      { callback_id: 42 },
      { callback_id: 'reply_write_modal', private_metadata: 7, state: 'x' },
    ]) {
      const body = { ...submission({}), view };
      const answer = await postSigned(interactive(body), 'application/x-www-form-urlencoded');
      expect(answer.status, JSON.stringify(view)).toBeLessThan(500);
    }
  });

  it('a payload that is not JSON is refused as malformed, not a 500', async () => {
    for (const payload of ['{not json', '', 'null', '42', '"text"', '[]']) {
      const answer = await postSigned(interactive(payload), 'application/x-www-form-urlencoded');
      expect(answer.status, payload).toBeLessThan(500);
    }
    const notJson = await postSigned('{"type":"event_callback",', 'application/json');
    expect(notJson.status).toBeLessThan(500);
    // Unsigned, it is refused as Bolt refuses any unsigned request.
    const unsigned = await fetch(`${all.gateway.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    });
    expect(unsigned.status).toBe(401);
  });

  it('a button pressed by an unexpected user id, or in an unexpected channel, is acknowledged and ignored', async () => {
    for (const [user, channel] of [
      ['bob', complaints.id],
      [SAM, 'not a channel\u0000'],
    ] as const) {
      const answer = await postSigned(
        interactive({
          type: 'block_actions',
          user: { id: user },
          api_app_id: 'A0GATEWAY',
          container: { type: 'message', message_ts: ts(), channel_id: channel },
          channel: { id: channel },
          message: { ts: ts() },
          trigger_id: `${Date.now()}.1`,
          actions: [
            {
              action_id: 'case_claim',
              block_id: 'case_actions',
              value: `case:${crypto.randomUUID()}`,
              type: 'button',
              action_ts: ts(),
            },
          ],
        }),
        'application/x-www-form-urlencoded',
      );
      expect(answer.status).toBe(200);
    }
  });

  it('a thread message from an unexpected user or channel id is ignored with 200', async () => {
    expect((await all.requests.threadReply('bob', complaints.id, ts(), 'hello')).status).toBe(200);
    expect((await all.requests.threadReply(SAM, 'not a channel', ts(), 'hello')).status).toBe(200);
    expect((await all.requests.threadReply(SAM, complaints.id, 'not a ts', 'hello')).status).toBe(200);
  });
});

describe("Slack's five-minute replay window, both ways", () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('takes a request dated a little ahead (clocks differ)', async () => {
    const answer = await all.requests.threadReply(SAM, complaints.id, ts(), 'hello', {
      secret: SLACK_SIGNING_SECRET,
      timestamp: now() + 60,
    });
    expect(answer.status).toBe(200);
  });

  it('refuses one dated more than five minutes in the future, as it refuses an old one', async () => {
    const ahead = await all.requests.threadReply(SAM, complaints.id, ts(), 'hello', {
      secret: SLACK_SIGNING_SECRET,
      timestamp: now() + 6 * 60,
    });
    expect(ahead.status).toBe(401);
    const farAhead = await all.requests.command(SAM, complaints, '/case', 'CMP-2026-000001');
    expect(farAhead.status).toBe(200);
    const old = await all.requests.threadReply(SAM, complaints.id, ts(), 'hello', {
      secret: SLACK_SIGNING_SECRET,
      timestamp: now() - 6 * 60,
    });
    expect(old.status).toBe(401);
  });
});
