import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/db/rows.js';
import type { SlackFake } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { CH, OUR_NUMBER, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { waitFor } from '../helpers/redis.js';
import type { SlackRequests } from '../slack/slack-requests.js';

/**
 * The whole gateway: `/report` through the real Bolt app against the Slack fake, the report
 * behind its signed link, and a customer answering the satisfaction survey by SMS through
 * the Twilio fake, with the answers on the case card in Slack.
 */

const KIM = '+447700900555';
const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;
let world: SlackWorld;

beforeAll(async () => {
  world = await startSlackWorld({ env: { LANDLORD_HOMES: '18500', METRICS_TOKEN } });
  ({ slack, twilio, gateway, requests } = world);
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

describe('/report in Slack', () => {
  it("posts this quarter's headline figures with a signed link to the report", async () => {
    const answer = await requests.command(SAM, { id: CH.seniorManagers, name: 'senior-managers' }, '/report', '');
    expect(answer.status).toBe(200);
    expect(answer.json?.response_type).toBe('in_channel');
    const text = String(answer.json?.text);
    expect(text).toMatch(/^Complaints this quarter, \d{4}-\d{2}-01 to /);
    expect(text).toContain("Responded to within the Code's timescales: stage 1");
    const link = /http:\/\/127\.0\.0\.1:\d+\/reports\/complaints\?\S+/.exec(text)?.[0];
    expect(link).toBeDefined();

    const page = await fetch(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(await page.text()).toContain('<h1>');

    const url = new URL(link!);
    const pdf = await fetch(`${link!.replace('format=html', 'format=pdf')}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    url.searchParams.set('to', '2099-12-31');
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.delete('sig');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${gateway.url}/reports/complaints?from=2026-13-01&to=x`)).status).toBe(400);
    const json = await fetch(`${gateway.url}/reports/complaints?from=2026-04-01&to=2027-03-31&format=json`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(json.status).toBe(200);
    expect(((await json.json()) as { homes: number }).homes).toBe(18_500);
  });

  it('answers only in the channels allowed to see it', async () => {
    const answer = await requests.command(SAM, { id: 'C0RANDOM', name: 'random' }, '/report', '');
    expect(answer.status).toBe(200);
    expect(answer.json?.response_type).toBe('ephemeral');
    expect(String(answer.json?.text)).toContain('/report works only in');
  });
});

describe('the satisfaction survey by SMS', () => {
  it('understands the answers as texted, thanks the customer, and shows them on the case in Slack', async () => {
    const smsTo = () => twilio.sent.filter((m) => m.to === KIM).map((m) => m.body);
    // Once every message has had its turn and every reply has gone: what the customer was texted.
    const receive = async (body: string) => {
      const before = smsTo().length;
      const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
        from: KIM,
        to: OUR_NUMBER,
        body,
      });
      expect(result.status).toBe(200);
      await waitFor(
        async () => {
          const [c] = await gateway.store.findConversation('sms', KIM);
          if (!c) return undefined;
          const messages = await gateway.store.listMessages(c.id);
          const outbound = messages.filter((m) => m.direction === 'outbound').length;
          const done = messages.every((m) => m.status !== 'received' && m.status !== 'queued');
          return done && smsTo().length >= outbound && smsTo().length > before ? true : undefined;
        },
        'the replies',
        30_000,
      );
      return smsTo().slice(before).join(' ');
    };
    await receive('hello');
    const conversation = await waitFor<Conversation | undefined>(
      async () => (await gateway.store.findConversation('sms', KIM))[0],
      'the conversation',
    );
    // A complaint that closed, whose survey went out: as the sweep leaves it.
    const caseId = randomUUID();
    await gateway.db.query(
      `insert into cases (id, reference, kind, stage, status, policy_pack, conversation_id, channel_id, customer_words, received_at, resolved_at)
       values ($1, 'CMP-2026-777001', 'formal_complaint', 'stage1', 'resolved', 'code-2024', $2, 'sms', 'The lift is broken again', now() - interval '20 days', now() - interval '2 hours')`,
      [caseId, conversation!.id],
    );
    await gateway.db.query(
      `insert into survey_responses (case_id, conversation_id, channel_id, locale, status, question, sent_at)
       values ($1, $2, 'sms', 'en', 'asked', 'satisfaction', now())`,
      [caseId, conversation!.id],
    );
    expect(await receive('four')).toContain('handled fairly');
    expect(await receive('yes fair enough')).toContain('anything we could have done better');
    expect(await receive('The caretaker kept me updated')).toContain('Thank you for your answers');
    const [survey] = await gateway.db.query<{ satisfaction: number; handled_fairly: boolean; comment: string }>(
      'select satisfaction, handled_fairly, comment from survey_responses where case_id = $1',
      [caseId],
    );
    expect(survey).toEqual({ satisfaction: 4, handled_fairly: true, comment: 'The caretaker kept me updated' });
    const card = await waitFor(
      async () =>
        slack.messages.find(
          (m) => JSON.stringify(m).includes('CMP-2026-777001') && JSON.stringify(m).includes('4 out of 5'),
        ),
      'the case card with the survey',
      30_000,
    );
    expect(JSON.stringify(card)).toContain('handled fairly: yes');
  }, 120_000);
});
