import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { freePort, sleep, SmsLoad, startOwnRedis, tally, type OwnRedis } from './harness.js';

const OUR_NUMBER = '+447700900000';
const SECRET = 'redis-fault-test-directline-secret-0123456789';

/** An answer, or 'no answer' if none came in `ms` (Twilio itself gives up after 15 s). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | 'no answer'> {
  return Promise.race([work, sleep(ms).then(() => 'no answer' as const)]);
}

describe("Redis killed and restarted (#13 item 3; the project's own redis-server, append-only, on a random port)", () => {
  let redis: OwnRedis;
  let twilio: TwilioFake;
  let gateway: TestGateway;

  beforeAll(async () => {
    redis = await startOwnRedis();
    twilio = await startTwilioFake();
    const port = await freePort();
    gateway = await startTestGateway(
      {
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        REDIS_URL: redis.url,
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: OUR_NUMBER,
        TWILIO_API_URL: twilio.url,
        DIRECTLINE_SECRET: SECRET,
      },
      { timings: { recoverySweepMs: 1_000, recoveryGraceMs: 1_000 } },
    );
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await gateway?.stop();
    await twilio?.close();
    await redis?.close();
  });

  it('answers webhooks 503 and /readyz not ready while Redis is down, and queues what it stored once Redis is back, without a webhook retry', async () => {
    const customer = '+447700900931';
    const chat = (await (
      await fetch(`${gateway.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SECRET}` },
      })
    ).json()) as { conversationId: string; token: string };
    await redis.kill();

    const ready = await within(
      10_000,
      fetch(`${gateway.url}/readyz`).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { checks: Record<string, string> },
      })),
    );
    expect(ready).not.toBe('no answer');
    if (ready === 'no answer') return;
    expect(ready.status).toBe(503);
    expect(ready.body.checks.redis).toBe('unreachable');
    expect(ready.body.checks.database).toBe('ok');

    // Twilio is told to try again (503), promptly: not left waiting until Redis returns.
    const sms = await within(
      10_000,
      twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
        from: customer,
        to: OUR_NUMBER,
        body: 'my front door lock is broken and i cant lock it',
      }),
    );
    expect(sms).not.toBe('no answer');
    if (sms === 'no answer') return;
    expect(sms.status).toBe(503);
    // Web chat too: the page is told to send again, not left waiting.
    const typed = await within(
      10_000,
      fetch(`${gateway.url}/v3/directline/conversations/${chat.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chat.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: 'web-customer' }, text: 'hello is anyone there' }),
      }),
    );
    expect(typed).not.toBe('no answer');
    if (typed !== 'no answer') expect(typed.status).toBe(503);
    // The SMS was stored before queueing failed.
    const conversation = await waitFor(
      async () => (await gateway.store.findConversation('sms', customer))[0],
      'the stored message',
    );
    expect((await gateway.store.listMessages(conversation.id)).map((m) => m.status)).toEqual(['received']);

    await redis.start();
    // No retry from Twilio (it may have given up): the recovery sweep queues it, and the customer is answered.
    await waitFor(
      async () => {
        const messages = await gateway.store.listMessages(conversation.id);
        return (
          messages[0]?.status === 'processed' && messages.some((m) => m.direction === 'outbound' && m.status === 'sent')
        );
      },
      'the stored message to be answered after Redis came back',
      45_000,
    );
    expect(twilio.sent.filter((m) => m.to === customer).length).toBeGreaterThan(0);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
  }, 90_000);

  it('loses, duplicates and leaves unanswered nothing when Redis is killed and restarted mid-load', async () => {
    const customers = Array.from({ length: 24 }, (_, i) => `+4477009010${String(i).padStart(2, '0')}`);
    const words = [
      'theres water coming through my bathroom ceiling',
      'the heating has been off since monday',
      'mould in the bedroom again, its on the walls',
    ];
    const load = new SmsLoad(twilio, `${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, OUR_NUMBER);
    let sent = 0;
    const traffic = (async () => {
      for (let round = 0; round < 2; round++) {
        for (const [i, customer] of customers.entries()) {
          void load.send(customer, `${words[(i + round) % words.length]}${round === 1 ? ' - any update?' : ''}`);
          sent += 1;
          await sleep(40);
        }
      }
    })();
    await waitFor(async () => load.accepted.size >= 12, 'a third of the texts to be taken', 30_000);
    await redis.kill();
    await sleep(3_000);
    await redis.start();
    await traffic;
    const result = await tally(load, gateway.store, twilio, customers, sent);
    expect(load.answers.get(503) ?? 0).toBeGreaterThan(0); // the outage was felt
    expect(result, `webhook answers: ${JSON.stringify([...load.answers])}`).toMatchObject({
      accepted: sent,
      lost: 0,
      unanswered: 0,
      duplicated: 0,
    });
  }, 120_000);
});
