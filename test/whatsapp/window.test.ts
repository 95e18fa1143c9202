import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/db/rows.js';
import { startSlackFake, type SlackFake, type SlackMessage, type SlackView } from '../fakes/slack-fake.js';
import { startTwilioFake, type SentSms, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { SlackRequests } from '../slack/slack-requests.js';
import { complain, freePort, WhatsAppCustomer, type Said } from './helpers.js';

/**
 * WhatsApp's 24-hour window through the whole gateway: the real twilio client against the
 * Twilio fake (which refuses free-form WhatsApp outside the window with 63016, as Twilio
 * does), colleagues working the case in Slack through the Slack fake.
 *
 * One landlord has submitted its templates for approval and set them; another has not.
 */

const OUR_SENDER = 'whatsapp:+447700900000';
const SIGNING_SECRET = 'slack-signing-secret-for-tests';
const SAM = 'U0STAFF1';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** Customers' sides, written before the bot's. */
const sarahSays: Said[] = [
  'the black mould in my sons bedroom is back AGAIN, 3rd time this yr. ur contractor just painted over it',
  { tap: 'Formal complaint' },
  'yeah thats fine 👍',
  'sort it out properly this time and replace his carpet',
  { tap: '1 to 12 months ago' },
  'me its my flat',
  "Sarah O'Neill",
  'b15 2tt',
  'yes',
  { pick: 'WhatsApp' },
  'normal is fine',
];
const tomaszSays: Said[] = [
  'plumber never turned up AGAIN, thats the third time ive took a day off work for nothing',
  { tap: 'Formal complaint' },
  'ok',
  'just want someone to actually come and fix the leak under the sink',
  { tap: 'In the last month' },
  { tap: "I'm the tenant" },
  'Tomasz Nowak',
  'b12 9qp',
  'yep',
  { pick: 'WhatsApp' },
  { pick: 'Standard' },
];
const ioanaSays: Said[] = [
  'your caretaker was so rude to me this morning when i asked about the bins. not acceptable',
  { tap: 'Formal complaint' },
  'yes thats ok',
  'an apology from him',
  { tap: 'In the last month' },
  'just me',
  'Ioana Popescu',
  'B10 0AB',
  'yes please',
  { pick: 'WhatsApp' },
  'standard',
];

const response = {
  outcome: { select: 'partly_upheld' },
  reasons: { text: 'The mould was painted over instead of treated.' },
  remedy: { text: 'A mould wash and a new carpet, and £75 for the inconvenience.' },
  outstanding: { text: 'The mould wash on Tuesday 12 January.' },
  changes: { text: 'Surveyors now check the cause of damp before any painting.' },
};

interface Landlord {
  gateway: TestGateway;
  requests: SlackRequests;
  complaints: string;
}

let twilio: TwilioFake;
let slack: SlackFake;
let withTemplates: Landlord;
let withoutTemplates: Landlord;
let caseUpdateTemplate: string;
let letterTemplate: string;

async function startLandlord(complaints: string, env: Record<string, string>): Promise<Landlord> {
  const port = await freePort();
  const gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_SENDER,
    TWILIO_API_URL: twilio.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ROUTES: JSON.stringify({
      complaints,
      customerServices: 'C0CUSTSERV',
      emergencies: 'C0EMERGENCY',
      seniorManagers: 'C0SENIOR',
    }),
    ...env,
  });
  return { gateway, requests: new SlackRequests(() => gateway.url, slack, SIGNING_SECRET), complaints };
}

beforeAll(async () => {
  twilio = await startTwilioFake();
  slack = await startSlackFake({
    channels: ['C0COMPLAINTSA', 'C0COMPLAINTSB', 'C0CUSTSERV', 'C0EMERGENCY', 'C0SENIOR'].map((id) => ({
      id,
      name: id.toLowerCase(),
    })),
    users: [{ id: SAM, name: 'sam.staff', realName: 'Sam Staff' }],
  });
  // Made in Twilio's console and approved by WhatsApp, as the README asks.
  caseUpdateTemplate = twilio.approveTemplate({
    body: 'Example Homes: there is an update on your case {{1}}. Reply to this message to read it here, or see {{2}} for other ways to reach us.',
  });
  letterTemplate = twilio.approveTemplate({
    body: "Example Homes: we've written to you about {{1}}. Read our letter here: {{2}} Reply to this message if you have any questions.",
  });
});

afterAll(async () => {
  await withTemplates?.gateway.stop();
  await withoutTemplates?.gateway.stop();
  await twilio?.close();
  await slack?.close();
});

// ── Slack, as colleagues see it ──────────────────────────────────────────────

function shownInSlack(message: SlackMessage): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(message.blocks);
  return parts.join('\n');
}

async function cardFor(landlord: Landlord, reference: string): Promise<SlackMessage> {
  return waitFor(
    async () =>
      slack.messages.find(
        (m) => m.channel === landlord.complaints && m.threadTs === undefined && shownInSlack(m).includes(reference),
      ),
    `the card for ${reference}`,
  );
}

const threadOf = (card: SlackMessage): SlackMessage[] =>
  slack.messages.filter((m) => m.channel === card.channel && m.threadTs === card.ts);

async function resolveInSlack(landlord: Landlord, card: SlackMessage, caseRow: Case): Promise<void> {
  const before = slack.views.length;
  await landlord.requests.button(SAM, card, 'case_resolve', `case:${caseRow.id}`);
  const modal: SlackView = await waitFor(
    async () => slack.views.slice(before).find((v) => v.view.callback_id === 'case_resolve_modal'),
    'the resolve modal',
  );
  // Resolve shows the response and the letter before anything goes; Send on the preview sends it.
  const previewed = await landlord.requests.submit(SAM, modal, response);
  expect(previewed.json).toMatchObject({ response_action: 'push' });
  const sent = await landlord.requests.submit(SAM, slack.showAnswered(previewed.json));
  expect(sent.json).toMatchObject({ response_action: 'clear' });
}

/** Ten days pass: the customer's last message is ten days old, for the gateway and for WhatsApp. */
async function tenDaysPass(landlord: Landlord, customers: WhatsAppCustomer[]): Promise<void> {
  for (const customer of customers) {
    const { id } = await customer.conversation();
    await landlord.gateway.db.query(
      `update conversations set last_inbound_at = last_inbound_at - interval '10 days' where id = $1`,
      [id],
    );
  }
  twilio.advanceClock(10 * DAY);
}

async function receivedAfter(
  customer: WhatsAppCustomer,
  before: number,
  count: number,
  how: 'whatsapp' | 'sms' = 'whatsapp',
): Promise<SentSms[]> {
  return waitFor(async () => {
    const all = how === 'whatsapp' ? customer.received() : customer.texts();
    return all.length >= before + count ? all.slice(before) : undefined;
  }, `${count} messages to ${customer.number} by ${how}`);
}

// ── the landlord that set its templates ─────────────────────────────────────

describe('a landlord with approved templates', () => {
  beforeAll(async () => {
    withTemplates = await startLandlord('C0COMPLAINTSA', {
      TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: caseUpdateTemplate,
      TWILIO_WHATSAPP_TEMPLATE_LETTER_READY: `en:${letterTemplate}`,
    });
  });
  const sarah = new WhatsAppCustomer(
    () => withTemplates.gateway,
    () => twilio,
    '+447700900321',
    OUR_SENDER,
    'Sarah',
  );
  let caseRow: Case;
  let card: SlackMessage;

  it("sends a colleague's reply inside the window free-form, as written", async () => {
    const reference = await complain(sarah, sarahSays);
    caseRow = (await withTemplates.gateway.store.getCaseByReference(reference))!;
    card = await cardFor(withTemplates, reference);
    const before = sarah.received().length;
    const words =
      "Hi Sarah, it's Sam from the damp team. I'm sorry this has happened again. Could you send me a photo of the carpet?";
    await withTemplates.requests.replyToCustomer(SAM, card, caseRow.id, words);
    // Who is writing first (seeds 001, 002), then Sam's words, both free-form.
    const [intro, reply] = await receivedAfter(sarah, before, 2);
    expect(intro).toMatchObject({ contentSid: null, from: OUR_SENDER, errorCode: null });
    expect(intro!.body).toContain('Sam');
    expect(reply).toMatchObject({ body: words, contentSid: null, from: OUR_SENDER, errorCode: null });
  });

  it('keeps the photo she sends back, on her case', async () => {
    const carpet = {
      url: 'https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM01/Media/ME0002',
      contentType: 'image/jpeg',
    };
    await sarah.send({ media: [carpet] });
    await waitFor(
      async () =>
        (await withTemplates.gateway.store.listCaseMessages(caseRow.id)).find((m) =>
          m.media.some((x) => x.url === carpet.url),
        ),
      'the photo on the case',
    );
    // As a link a colleague can open, named for what it is.
    await waitFor(
      async () => threadOf(card).find((m) => shownInSlack(m).includes(`<${carpet.url}|photo 1>`)),
      'the photo in the thread',
    );
  });

  it('sends the template when Twilio refuses a free-form reply as outside the window (63016), though our clock thought it open', async () => {
    // WhatsApp counts from the customer's last message as it saw it; here it sees a day more than we do.
    twilio.advanceClock(25 * HOUR);
    const before = sarah.received().length;
    const words = 'Sarah, our surveyor can come on Tuesday at 9am to look at the cause. Does that suit?';
    await withTemplates.requests.replyToCustomer(SAM, card, caseRow.id, words);
    const [refused, template] = await receivedAfter(sarah, before, 2);
    expect(refused).toMatchObject({ body: words, contentSid: null, errorCode: 63016 });
    expect(template).toMatchObject({
      contentSid: caseUpdateTemplate,
      contentVariables: { '1': caseRow.reference, '2': 'https://www.example.org.uk' },
      errorCode: null,
    });
    expect(template!.body).toContain(caseRow.reference);
    const failed = await waitFor(
      async () =>
        (await withTemplates.gateway.store.listCaseMessages(caseRow.id)).find(
          (m) => m.text === words && m.status === 'failed',
        ),
      'the refusal on the message',
    );
    expect(failed.status_detail).toBe('63016');
  });

  it('sends a stage 1 response ten days later as the templates, with the reference and the links', async () => {
    await tenDaysPass(withTemplates, [sarah]);
    const before = sarah.received().length;
    await resolveInSlack(withTemplates, card, caseRow);
    const sent = await receivedAfter(sarah, before, 2);
    // Nothing free-form was tried: the gateway knew the window had closed.
    expect(sent.every((m) => m.contentSid !== null && m.errorCode === null)).toBe(true);
    const update = sent.find((m) => m.contentSid === caseUpdateTemplate);
    const letter = sent.find((m) => m.contentSid === letterTemplate);
    expect(update?.contentVariables).toEqual({ '1': caseRow.reference, '2': 'https://www.example.org.uk' });
    expect(letter?.contentVariables?.['1']).toBe(caseRow.reference);
    expect(letter?.contentVariables?.['2']).toMatch(
      new RegExp(`^${withTemplates.gateway.config.PUBLIC_BASE_URL}/documents/[A-Za-z0-9_-]+$`),
    );
    // The letter's link opens the response.
    const page = await fetch(letter!.contentVariables!['2']!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('The mould was painted over instead of treated.');
    const events = (await withTemplates.gateway.store.listEvents(caseRow.id)).filter(
      (e) => e.type === 'whatsapp_template_sent',
    );
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(threadOf(card).some((m) => shownInSlack(m).includes('Not delivered'))).toBe(false);
  });

  it('sends the words themselves, in the order they were said, once she replies and the window opens again', async () => {
    const conversation = await sarah.conversation();
    const markers = [
      'our surveyor can come on Tuesday',
      'The mould was painted over instead of treated.',
      '/documents/',
    ];
    const which = (text: string) => markers.findIndex((m) => text.includes(m));
    // What went as templates, in the order it was said (a colleague's reply, then the letter and the response).
    const messages = await withTemplates.gateway.store.listMessages(conversation.id);
    const templated = (await withTemplates.gateway.store.listEvents(caseRow.id))
      .filter((e) => e.type === 'whatsapp_template_sent')
      .map((e) => e.data.messageId);
    const said = messages.filter((m) => templated.includes(m.id)).map((m) => which(m.text));
    expect(said).toHaveLength(3);
    expect(new Set(said)).toEqual(new Set([0, 1, 2]));

    const before = sarah.received().length;
    await sarah.send('ok thanks, whats the outcome?');
    const after = sarah.received().slice(before);
    const released = after.map((m) => which(m.body)).filter((i) => i >= 0);
    expect(released, after.map((m) => m.body).join('\n---\n')).toEqual(said);
    expect(
      after.every((m) => m.errorCode === null && (m.contentSid === null || m.buttons.length > 0 || m.list !== null)),
    ).toBe(true);
    // Once: another message from her sends them no more.
    const count = sarah.received().length;
    await sarah.send('thank you');
    expect(
      sarah
        .received()
        .slice(count)
        .some((m) => which(m.body) >= 0),
    ).toBe(false);
  });
});

// ── the landlord that set none ───────────────────────────────────────────────

describe('a landlord with no templates', () => {
  beforeAll(async () => {
    withoutTemplates = await startLandlord('C0COMPLAINTSB', {});
  });
  const tomasz = new WhatsAppCustomer(
    () => withoutTemplates.gateway,
    () => twilio,
    '+447700900654',
    OUR_SENDER,
    'Tomasz',
  );
  const ioana = new WhatsAppCustomer(
    () => withoutTemplates.gateway,
    () => twilio,
    '+40721234567',
    OUR_SENDER,
    'Ioana',
  );
  const cases: Record<string, { row: Case; card: SlackMessage }> = {};

  it('takes both complaints on WhatsApp', async () => {
    for (const [customer, script] of [
      [tomasz, tomaszSays],
      [ioana, ioanaSays],
    ] as const) {
      const reference = await complain(customer, script);
      cases[customer.number] = {
        row: (await withoutTemplates.gateway.store.getCaseByReference(reference))!,
        card: await cardFor(withoutTemplates, reference),
      };
    }
    await tenDaysPass(withoutTemplates, [tomasz, ioana]);
  });

  it('texts the stage 1 response ten days later to a customer whose number is a UK mobile, saying why', async () => {
    const { row, card } = cases[tomasz.number]!;
    const whatsappBefore = tomasz.received().length;
    const before = tomasz.texts().length;
    await resolveInSlack(withoutTemplates, card, row);
    const texts = await receivedAfter(tomasz, before, 2, 'sms');
    const read = texts.map((m) => m.body.replace(/ \(\d+\/\d+\)$/, '')).join(' ');
    expect(texts.every((m) => m.from === '+447700900000' && m.contentSid === null)).toBe(true);
    expect(read).toContain("Example Homes: we couldn't reach you on WhatsApp, so we're sending this by text.");
    expect(read).toContain(`Our stage 1 response to your complaint ${row.reference}.`);
    expect(read).toContain('/documents/');
    expect(tomasz.received().slice(whatsappBefore)).toEqual([]);
    const events = (await withoutTemplates.gateway.store.listEvents(row.id)).filter(
      (e) => e.type === 'sent_another_way',
    );
    expect(events[0]?.data).toMatchObject({ channel: 'sms' });
    expect(threadOf(card).some((m) => shownInSlack(m).includes('Not delivered'))).toBe(false);
  });

  it('shows it in the case thread as not delivered, with why and what to do, when there is no UK mobile to text', async () => {
    const { row, card } = cases[ioana.number]!;
    const before = ioana.received().length;
    await resolveInSlack(withoutTemplates, card, row);
    // The response and the letter's link: each shown as not delivered, with why and what to do.
    const lines = await waitFor(async () => {
      const found = threadOf(card).filter((m) => shownInSlack(m).includes('Not delivered to the customer'));
      return found.length >= 2 ? found.map(shownInSlack) : undefined;
    }, 'both failures in the thread');
    const response = lines.find((l) => l.includes('Our stage 1 response'));
    const letter = lines.find((l) => l.includes('/documents/'));
    expect(response).toContain('no template set for case updates (TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE)');
    expect(letter).toContain('no template set for letters (TWILIO_WHATSAPP_TEMPLATE_LETTER_READY)');
    for (const said of [response, letter]) {
      expect(said).toMatch(/Not sent: the customer last wrote on \w{3} \d{1,2} \w{3}, over 24 hours ago/);
      expect(said).toContain('not a UK mobile to text');
      expect(said).toContain('Phone, email or write to them; WhatsApp reopens when they next message us.');
    }
    expect(ioana.received().slice(before)).toEqual([]);
    expect(ioana.texts()).toEqual([]);
    const messages = await withoutTemplates.gateway.store.listCaseMessages(row.id);
    expect(messages.filter((m) => m.direction === 'outbound' && m.status === 'failed').length).toBeGreaterThanOrEqual(
      1,
    );
    const events = (await withoutTemplates.gateway.store.listEvents(row.id)).filter(
      (e) => e.type === 'contact_another_way',
    );
    expect(events[0]?.data).toMatchObject({ channel: 'whatsapp', reason: 'outside_whatsapp_window' });
  });
});
