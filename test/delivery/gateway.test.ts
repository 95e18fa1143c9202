import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail, SmtpFake } from '../fakes/smtp-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { SlackRequests } from '../slack/slack-requests.js';

/**
 * The whole gateway with SMTP_URL and Slack on: the delivery queue and worker as start-up
 * wires them, nodemailer against the local SMTP server, and the real Bolt app against the
 * local Slack fake for the card and `/case <reference> nation …` (docs/rules/delivery.md,
 * docs/rules/nations.md#border-districts).
 */

const SIGNING_SECRET = 'slack-signing-secret-for-delivery-tests';
const PRIVATE = { id: 'G0COMPLAINTS', name: 'complaints-liaison' };
const SAM = 'U0STAFF1';

let smtp: SmtpFake;
let slack: SlackFake;
let gateway: TestGateway;
let requests: SlackRequests;

beforeAll(async () => {
  smtp = new SmtpFake();
  await smtp.start();
  slack = await startSlackFake({ channels: [{ ...PRIVATE, isPrivate: true }] });
  gateway = await startTestGateway({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Example Homes <complaints@example-homes.test>',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ROUTES: JSON.stringify({ complaints: PRIVATE.id }),
  });
  requests = new SlackRequests(() => gateway.url, slack, SIGNING_SECRET);
}, 180_000);

afterAll(async () => {
  await gateway?.stop();
  await slack?.close();
  await smtp?.stop();
});

async function customer(details: { email?: string; postcode?: string; n: number }) {
  const { conversationId } = await gateway.store.recordInbound({
    channelId: 'sms',
    providerMessageId: `gw-del-${details.n}-${gateway.prefix}`,
    from: `+44770090055${details.n}`,
    to: 'bot',
    text: 'Nobody came to fix the boiler',
    media: [],
    receivedAt: new Date().toISOString(),
  });
  const row = await gateway.store.ensureCustomer(conversationId);
  await gateway.store.updateCustomer(row.id, {
    name: 'Jane Smith',
    ...(details.email ? { email: details.email, contact_method: 'email' as const } : {}),
    ...(details.postcode ? { postcode: details.postcode } : {}),
  });
  const opened = await gateway.cases.openCase({
    kind: 'formal_complaint',
    customerId: row.id,
    conversationId,
    channelId: 'sms',
    customerWords: 'Nobody came to fix the boiler',
  });
  return { customerId: row.id, case: opened.case };
}

describe('delivery on the running gateway', () => {
  it('emails the acknowledgement with its PDF through SMTP_URL, and the card says how the customer is contacted', async () => {
    const { case: row } = await customer({ email: 'jane@example.org', postcode: 'M1 1AE', n: 1 });
    const mail = await waitFor(
      async () => smtp.received.find((m) => m.to.includes('jane@example.org')),
      'the acknowledgement email',
      60_000,
    );
    const parsed = parseMail(mail.raw);
    expect(parsed.headers['subject']).toContain(row.reference);
    expect(parsed.parts.some((p) => (p.headers['content-type'] ?? '').startsWith('application/pdf'))).toBe(true);

    const shown = await waitFor(async () => {
      const answer = await requests.command(SAM, PRIVATE, '/case', row.reference);
      const blocks = JSON.stringify(answer.json?.blocks);
      return blocks.includes('last notice went by email') ? blocks : undefined;
    }, 'the card with the delivery');
    expect(shown).toContain('Contact by: email (jane@…)');
  });

  it('a split district: the card asks which nation, and /case <reference> nation wales answers it', async () => {
    const { customerId, case: row } = await customer({ postcode: 'SY22 6AB', n: 2 });
    expect(row.flags).toContain('nation_to_confirm');
    const card = await requests.command(SAM, PRIVATE, '/case', row.reference);
    expect(JSON.stringify(card.json?.blocks)).toContain('Which nation?');

    const answer = await requests.command(SAM, PRIVATE, '/case', `${row.reference} nation wales`);
    expect(answer.status).toBe(200);
    expect(String(answer.json?.text)).toContain('recorded as in wales');
    expect(await gateway.store.getCustomer(customerId)).toMatchObject({
      country: 'wales',
      uk_division: 'england-and-wales',
    });
    expect((await gateway.store.getCase(row.id))?.flags).not.toContain('nation_to_confirm');
    const event = (await gateway.store.listEvents(row.id)).find((e) => e.type === 'nation_confirmed');
    expect(event).toMatchObject({ actor: `staff:${SAM}`, data: { country: 'wales' } });
  });
});
