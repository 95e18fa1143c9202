import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { freePort } from './harness.js';

const OUR_NUMBER = '+447700900000';

let twilio: TwilioFake;
let gateway: TestGateway;

beforeAll(async () => {
  twilio = await startTwilioFake();
  const port = await freePort();
  gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: twilio.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
});

/** The customer texts and waits until every reply has gone (or failed for good). */
async function textAndSettle(customer: string, body: string): Promise<void> {
  const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
    from: customer,
    to: OUR_NUMBER,
    body,
  });
  expect(result.status).toBe(200);
  const conversation = await waitFor(
    async () => (await gateway.store.findConversation('sms', customer))[0],
    'the conversation',
  );
  await waitFor(
    async () => {
      const messages = await gateway.store.listMessages(conversation.id);
      return (
        messages.some((m) => m.direction === 'outbound') &&
        messages.every((m) => m.status !== 'received' && m.status !== 'queued')
      );
    },
    'every reply to go',
    30_000,
  );
}

describe('a reply Twilio accepted but whose answer was lost (#13 item 6)', () => {
  it('is looked up at Twilio before it is sent again, so the customer gets it once', async () => {
    const customer = '+447700900611';
    // Twilio takes the first reply, then the connection drops: the sender cannot know it went.
    twilio.loseAnswers(1);
    await textAndSettle(customer, 'hiya, the kitchen tap is leaking under the sink');

    const bodies = twilio.sent.filter((m) => m.to === customer).map((m) => m.body);
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(bodies.length);

    // Every message Twilio accepted is on our record, the lost one included.
    const conversation = (await gateway.store.findConversation('sms', customer))[0]!;
    const outbound = (await gateway.store.listMessages(conversation.id)).filter((m) => m.direction === 'outbound');
    const recorded = (await Promise.all(outbound.map((m) => gateway.store.listDeliveries(m.id))))
      .flat()
      .map((d) => d.provider_message_id);
    expect(recorded.sort()).toEqual(
      twilio.sent
        .filter((m) => m.to === customer)
        .map((m) => m.sid)
        .sort(),
    );
    expect(outbound.every((m) => m.status === 'sent')).toBe(true);

    // The look-up is Twilio's Messages list, filtered by the recipient and the time sent.
    const lookups = twilio.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));
    expect(lookups.length).toBeGreaterThan(0);
    expect(lookups[0]!.query.To).toBe(customer);
    expect(lookups[0]!.query['DateSent>']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const attempts = await gateway.db.query<{ outcome: string }>(
      `select outcome from send_attempts where message_id = any($1::uuid[]) order by started_at`,
      [outbound.map((m) => m.id)],
    );
    expect(attempts.map((a) => a.outcome)).toContain('found');
    expect(attempts.map((a) => a.outcome)).not.toContain('unknown');
  });

  it('sends when the look-up finds nothing (the request never reached Twilio)', async () => {
    const customer = '+447700900612';
    // Twilio answers 503 and creates nothing. A 5xx leaves the outcome unknown, so the retry looks first, finds nothing, and sends.
    twilio.failNext(
      1,
      503,
      undefined,
      (r) => r.method === 'POST' && r.path.endsWith('/Messages.json') && r.body.To === customer,
    );
    await textAndSettle(customer, 'can someone come and look at my boiler please');
    const bodies = twilio.sent.filter((m) => m.to === customer).map((m) => m.body);
    expect(bodies.length).toBeGreaterThan(0);
    expect(new Set(bodies).size).toBe(bodies.length);
    const conversation = (await gateway.store.findConversation('sms', customer))[0]!;
    const outbound = (await gateway.store.listMessages(conversation.id)).filter((m) => m.direction === 'outbound');
    const attempts = await gateway.db.query<{ outcome: string }>(
      `select outcome from send_attempts where message_id = any($1::uuid[])`,
      [outbound.map((m) => m.id)],
    );
    expect(attempts.map((a) => a.outcome)).toContain('not_found');
  });
});
