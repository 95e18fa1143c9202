import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { freePort } from '../webchat-e2e/helpers.js';

/**
 * Issue 13, acceptance: web chat needs no credentials, so anyone can loop "hi\u0000" at it.
 * That used to fail the group commit each such message shared with genuine SMS, and 95% of
 * the texts arriving meanwhile got 503. Now every text is answered 200 and stored, while
 * the flood goes on around it.
 */

const OUR_NUMBER = '+447700900000';
const FLOODERS = 4;
const POSTS_EACH = 40;
const TEXTS = 60;

let twilio: TwilioFake;
let gateway: TestGateway;

beforeAll(async () => {
  twilio = await startTwilioFake();
  const port = await freePort();
  // The web role: the webhook edge and its group commit, without turns competing for the CPU.
  gateway = await startTestGateway(
    {
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_URL: twilio.url,
    },
    { role: 'web' },
  );
});

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
});

async function flood(): Promise<number[]> {
  const { token } = (await (await fetch(`${gateway.url}/webchat/token`, { method: 'POST' })).json()) as {
    token: string;
  };
  const { conversationId } = (await (
    await fetch(`${gateway.url}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as {
    conversationId: string;
  };
  const statuses: number[] = [];
  for (let i = 0; i < POSTS_EACH; i++) {
    const response = await fetch(`${gateway.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'user' }, text: 'hi\u0000' }),
    });
    statuses.push(response.status);
    await response.body?.cancel();
  }
  return statuses;
}

describe('a NUL flood from web chat', () => {
  it('leaves genuine signed SMS arriving at the same time untouched: every one answered 200 and stored', async () => {
    const customers = Array.from({ length: TEXTS }, (_, i) => `+4477009${String(10_000 + i).slice(-5)}`);
    const [floods, texts] = await Promise.all([
      Promise.all(Array.from({ length: FLOODERS }, () => flood())),
      Promise.all(
        customers.map(async (from, i) => {
          // Spread out over the flood rather than all in its first moment.
          await new Promise((resolve) => setTimeout(resolve, (i % 12) * 40));
          return twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
            from,
            to: OUR_NUMBER,
            body: `My boiler is broken (${i})`,
          });
        }),
      ),
    ]);

    expect(texts.map((t) => t.status)).toEqual(customers.map(() => 200));
    const stored = await gateway.store.db.query<{ provider_message_id: string; text: string }>(
      `select provider_message_id, text from messages where channel_id = 'sms' and direction = 'inbound'`,
    );
    const byId = new Map(stored.map((s) => [s.provider_message_id, s.text]));
    texts.forEach((t, i) => expect(byId.get(t.messageSid)).toBe(`My boiler is broken (${i})`));

    // The flood itself is stored as what its sender would see, and answered 200 too.
    expect(floods.flat().filter((s) => s !== 200)).toEqual([]);
    const his = await gateway.store.db.query<{ n: number }>(
      `select count(*)::int as n from messages where channel_id = 'directline' and text = 'hi'`,
    );
    expect(his[0]?.n).toBe(FLOODERS * POSTS_EACH);
  });
});
