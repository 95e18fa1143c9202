import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Conversation, Message } from '../../src/db/rows.js';
import { formatLondonDateTime } from '../../src/i18n.js';
import { startSlackFake, type SlackFake, type SlackMessage, type SlackView } from '../fakes/slack-fake.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { SlackRequests } from './slack-requests.js';

/**
 * Slack as officers and team leads use it (issue 20): the real Bolt app and Web API client
 * against the local Slack fake, customers texting through the Twilio fake. The complaints
 * and emergency channels are private, so their cards may show who and where the customer is.
 */

const OUR_NUMBER = '+447700900000';
const SIGNING_SECRET = 'slack-signing-secret-for-workspace-tests';
const CH = {
  complaints: 'G0COMPLAINTS',
  customerServices: 'C0CUSTSERV',
  emergencies: 'G0EMERGENCY',
  seniorManagers: 'G0SENIOR',
};
const SAM = 'U0SAM';
const ALEX = 'U0ALEX';
const PRIYA = 'U0PRIYA';
const DEV = 'U0DEV';
const LEADS = 'S0LEADS';
const ON_CALL = 'S0ONCALL';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;

beforeAll(async () => {
  slack = await startSlackFake({
    channels: [
      { id: CH.complaints, name: 'complaints-liaison', isPrivate: true },
      { id: CH.customerServices, name: 'customer-services' },
      { id: CH.emergencies, name: 'emergency-repairs', isPrivate: true },
      { id: CH.seniorManagers, name: 'senior-managers', isPrivate: true },
    ],
    users: [
      { id: SAM, name: 'sam.okafor', realName: 'Sam Okafor' },
      { id: ALEX, name: 'alex.reid', realName: 'Alex Reid' },
      { id: PRIYA, name: 'priya.shah', realName: 'Priya Shah' },
      { id: DEV, name: 'dev.on.call', realName: 'Dev Patel' },
    ],
    userGroups: [
      { id: LEADS, handle: 'complaints-leads', users: [PRIYA] },
      { id: ON_CALL, handle: 'repairs-on-call', users: [DEV] },
    ],
  });
  twilio = await startTwilioFake();
  const port = await freePort();
  gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: twilio.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ROUTES: JSON.stringify(CH),
    SLACK_UNCLAIMED_SECONDS: '1',
    SLACK_TEAM_LEADS: LEADS,
    SLACK_ON_CALL: ON_CALL,
  });
  requests = new SlackRequests(() => gateway.url, slack, SIGNING_SECRET);
});

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
  await slack?.close();
});

// ── customers ────────────────────────────────────────────────────────────────

const smsTo = (customer: string): string[] => twilio.sent.filter((m) => m.to === customer).map((m) => m.body);

async function conversationOf(customer: string): Promise<Conversation> {
  return waitFor(
    async () => (await gateway.store.findConversation('sms', customer))[0],
    `the conversation with ${customer}`,
  );
}

async function settled(customer: string): Promise<Message[]> {
  const { id } = await conversationOf(customer);
  return waitFor(async () => {
    const messages = await gateway.store.listMessages(id);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

async function text(customer: string, body: string): Promise<string[]> {
  const before = smsTo(customer).length;
  const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
    from: customer,
    to: OUR_NUMBER,
    body,
  });
  expect(result.status).toBe(200);
  await settled(customer);
  return smsTo(customer).slice(before);
}

async function smsAfter(customer: string, before: number, count = 1): Promise<string[]> {
  await settled(customer);
  return waitFor(async () => {
    const sent = smsTo(customer).slice(before);
    return sent.length >= count ? sent : undefined;
  }, `${count} SMS to ${customer}`);
}

/**
 * A customer who has said hello by SMS and agreed to the privacy notice, with a formal
 * complaint logged for them (as the assistant's complaint dialog would): who they are is on
 * their customer record.
 */
async function complaintFrom(
  phone: string,
  who: { name: string; postcode: string; address: string },
  words: string,
): Promise<Case> {
  await text(phone, 'hi');
  const { id: conversationId } = await conversationOf(phone);
  const customer = await gateway.store.ensureCustomer(conversationId);
  await gateway.store.updateCustomer(customer.id, {
    name: who.name,
    postcode: who.postcode,
    address: who.address,
    tenancy_ref: 'T-20417',
  });
  await gateway.store.recordConsent({
    customerId: customer.id,
    conversationId,
    kind: 'data_protection',
    wordingVersion: gateway.cases.pack.consentWording.privacyNotice,
    granted: true,
    channelId: 'sms',
  });
  const opened = await gateway.cases.openCase({
    kind: 'formal_complaint',
    customerId: customer.id,
    conversationId,
    channelId: 'sms',
    customerWords: words,
    classification: { reasons: ['says the service has failed them'] },
  });
  return opened.case;
}

// ── Slack, as colleagues see it ──────────────────────────────────────────────

function shown(message: SlackMessage): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(message.blocks);
  return parts.join('\n');
}

const viewText = (view: SlackView): string => JSON.stringify(view.view.blocks);
const cardsIn = (channel: string): SlackMessage[] =>
  slack.messages.filter((m) => m.channel === channel && m.threadTs === undefined);
const threadOf = (card: SlackMessage): SlackMessage[] =>
  slack.messages.filter((m) => m.channel === card.channel && m.threadTs === card.ts);

async function cardFor(channel: string, words: string): Promise<SlackMessage> {
  return waitFor(
    async () => cardsIn(channel).find((m) => shown(m).includes(words)),
    `a card in ${channel} showing "${words}"`,
  );
}

async function inThread(card: SlackMessage, words: string): Promise<SlackMessage> {
  return waitFor(async () => threadOf(card).find((m) => shown(m).includes(words)), `"${words}" in the thread`);
}

async function modalOpened(before: number, callbackId: string): Promise<SlackView> {
  return waitFor(
    async () => slack.views.slice(before).find((v) => v.view.callback_id === callbackId),
    `the ${callbackId} modal`,
  );
}

async function ephemeralTo(user: string, before: number): Promise<string> {
  const found = await waitFor(
    async () => slack.ephemerals.slice(before).find((e) => e.args.user === user),
    `a message only ${user} sees`,
  );
  return String(found.args.text);
}

async function outbound(caseRow: Case): Promise<Message[]> {
  return (await gateway.store.listMessages(caseRow.conversation_id!)).filter((m) => m.direction === 'outbound');
}

async function submitAndConfirm(
  user: string,
  opened: SlackView,
  values: Parameters<SlackRequests['submit']>[2],
): Promise<SlackView> {
  const previewed = await requests.submit(user, opened, values);
  expect(previewed.json).toMatchObject({ response_action: 'push' });
  const preview = slack.showAnswered(previewed.json);
  expect((await requests.submit(user, preview)).json).toMatchObject({ response_action: 'clear' });
  return preview;
}

// ── the stories ──────────────────────────────────────────────────────────────

describe('a case thread is the team’s own: only an explicit reply reaches the customer', () => {
  const MO = '+447700900301';
  const moWords =
    'the lift in block c has been broken 3 weeks now and nobody rings me back when i call. really fed up with it';
  let row: Case;
  let card: SlackMessage;

  it("shows the customer's name and postcode on the card in the private complaints channel", async () => {
    row = await complaintFrom(
      MO,
      { name: 'Mohammed Rahman', postcode: 'M13 9PL', address: 'Flat 41, Block C\nBrunswick Street' },
      moWords,
    );
    card = await cardFor(CH.complaints, row.reference);
    const seen = shown(card);
    for (const part of [
      'Mohammed Rahman',
      '+447700900301',
      '*M13 9PL*',
      'Flat 41, Block C, Brunswick Street',
      'T-20417',
    ])
      expect(seen).toContain(part);
  });

  it('keeps a plain thread message from the customer, whoever writes it', async () => {
    expect((await requests.button(SAM, card, 'case_claim', `case:${row.id}`)).status).toBe(200);
    const before = smsTo(MO).length;
    const said = (await outbound(row)).length;
    expect(
      (
        await requests.threadReply(
          ALEX,
          card.channel,
          card.ts,
          `<@${PRIYA}> is this the same tenant who threatened to go to the Ombudsman last year?`,
        )
      ).status,
    ).toBe(200);
    expect(
      (await requests.threadReply(SAM, card.channel, card.ts, 'Note - contractor says the part is on order')).status,
    ).toBe(200);
    await settled(MO);
    expect(smsTo(MO).length).toBe(before);
    expect((await outbound(row)).length).toBe(said);
    expect((await conversationOf(MO)).handoff_state).toBe('bot');
  });

  it('refuses a colleague who does not hold the case: the button, the shortcut, and a form opened before it was claimed', async () => {
    let ephemerals = slack.ephemerals.length;
    await requests.button(ALEX, card, 'case_reply', `case:${row.id}`);
    expect(await ephemeralTo(ALEX, ephemerals)).toContain(`held by <@${SAM}>`);

    ephemerals = slack.ephemerals.length;
    await requests.messageShortcut(ALEX, 'reply_to_customer', {
      channel: card.channel,
      ts: '1700000000.000001',
      threadTs: card.ts,
      text: 'Hi Mo, Alex here',
    });
    expect(await ephemeralTo(ALEX, ephemerals)).toContain(`held by <@${SAM}>`);

    // Alex opened Reply on another case while nobody held it; Sam claimed it before Alex pressed Preview.
    const other = await complaintFrom(
      '+447700900302',
      { name: 'Grace Adeyemi', postcode: 'M14 5RT', address: '3 Hope Road' },
      'my bins havent been collected for a month, complained twice already',
    );
    const otherCard = await cardFor(CH.complaints, other.reference);
    const before = slack.views.length;
    await requests.button(ALEX, otherCard, 'case_reply', `case:${other.id}`);
    const write = await modalOpened(before, 'reply_write_modal');
    await requests.button(SAM, otherCard, 'case_claim', `case:${other.id}`);
    await waitFor(async () => (await gateway.store.getCase(other.id))?.assignee === `staff:${SAM}`, 'Sam to hold it');
    const refused = await requests.submit(ALEX, write, { message: { text: 'Hi Grace, Alex here' } });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { message: expect.stringContaining('held by a colleague') },
    });
    await settled('+447700900302');
    expect((await outbound(other)).some((m) => m.text.includes('Alex here'))).toBe(false);
  });

  it('sends an explicit reply from the holder, after a preview, and confirms it in the thread with its delivery status', async () => {
    // Sam drafts in the thread with colleagues, then sends that message with the shortcut.
    const draftTs = `${Math.floor(Date.now() / 1000)}.000321`;
    await requests.threadReply(
      SAM,
      card.channel,
      card.ts,
      "Hi Mo, I'm sorry about the lift. An engineer is booked for Thursday morning.",
      undefined,
      draftTs,
    );
    const before = slack.views.length;
    const sentBefore = smsTo(MO).length;
    await requests.messageShortcut(SAM, 'reply_to_customer', {
      channel: card.channel,
      ts: draftTs,
      threadTs: card.ts,
      text: "Hi Mo, I'm sorry about the lift. An engineer is booked for Thursday morning.",
    });
    const write = await modalOpened(before, 'reply_write_modal');
    expect(JSON.stringify(write.view.blocks)).toContain('An engineer is booked for Thursday morning.');
    const preview = await submitAndConfirm(SAM, write, {
      message: { text: "Hi Mo, I'm sorry about the lift. An engineer is booked for Thursday morning." },
    });
    // The preview is the customer's phone: who is writing (seed 002), then Sam's words, in order.
    expect(viewText(preview)).toMatch(
      /You're now talking to Sam from our complaints team\..*Hi Mo, I'm sorry about the lift/,
    );
    expect(await smsAfter(MO, sentBefore, 2)).toEqual([
      "You're now talking to Sam from our complaints team.",
      "Hi Mo, I'm sorry about the lift. An engineer is booked for Thursday morning.",
    ]);

    const confirmation = await inThread(card, 'To the customer');
    expect(shown(confirmation)).toContain(`by <@${SAM}>`);
    expect(shown(confirmation)).toContain('An engineer is booked for Thursday morning.');
    await waitFor(
      async () => shown(confirmation).includes('sent, not yet reported delivered'),
      'the confirmation to say it was sent',
    );
    const sms = twilio.sent.find((m) => m.to === MO && m.body.includes('An engineer is booked'))!;
    expect(await twilio.deliver(sms.sid, 'delivered')).toBe(200);
    await waitFor(
      async () => shown(confirmation).includes(':white_check_mark: delivered'),
      'the confirmation to say it was delivered',
    );
  });

  it('lets a team lead write on a colleague’s case, without taking it', async () => {
    const before = slack.views.length;
    const sentBefore = smsTo(MO).length;
    await requests.button(PRIYA, card, 'case_reply', `case:${row.id}`);
    const write = await modalOpened(before, 'reply_write_modal');
    await submitAndConfirm(PRIYA, write, {
      message: { text: 'Mo, I manage the complaints team and I have asked for daily updates on the lift.' },
    });
    expect(await smsAfter(MO, sentBefore)).toEqual([
      'Mo, I manage the complaints team and I have asked for daily updates on the lift.',
    ]);
    expect(await gateway.store.getCase(row.id)).toMatchObject({ assignee: `staff:${SAM}` });
    expect(await conversationOf(MO)).toMatchObject({ assignee: `staff:${SAM}` });
  });

  it('assigns the case to a colleague, telling the customer who has them now, after showing it', async () => {
    const before = slack.views.length;
    const sentBefore = smsTo(MO).length;
    await requests.button(SAM, card, 'case_assign', `case:${row.id}`);
    const form = await modalOpened(before, 'case_assign_modal');
    const preview = await submitAndConfirm(SAM, form, { assignee: { user: ALEX } });
    expect(viewText(preview)).toContain("You're now talking to Alex from our complaints team.");
    expect(await smsAfter(MO, sentBefore)).toEqual(["You're now talking to Alex from our complaints team."]);
    expect(await gateway.store.getCase(row.id)).toMatchObject({ assignee: `staff:${ALEX}` });
    const assigned = (await gateway.store.listEvents(row.id)).find((e) => e.type === 'assigned');
    expect(assigned).toMatchObject({ actor: `staff:${SAM}`, data: { from: `staff:${SAM}`, to: `staff:${ALEX}` } });
  });
});

describe('an emergency nobody claims', () => {
  const JOAN = '+447700900401';
  let row: Case;
  let card: SlackMessage;

  it('is raised again, calling whoever is on call, and the customer is promised nothing beyond the make-safe clock', async () => {
    const replies = await text(
      JOAN,
      'theres a really strong smell of gas in my kitchen and my neighbour can smell it too',
    );
    row = await waitFor(
      async () =>
        (await gateway.store.listCasesForConversation((await conversationOf(JOAN)).id)).find(
          (c) => c.kind === 'emergency',
        ),
      'the emergency case',
    );
    const clock = (await gateway.store.listClocks(row.id)).find((c) => c.name === 'emergency_make_safe')!;
    const dueAt = new Date(clock.due_at);
    expect(replies.join(' ')).toMatch(/make it safe within 2[34] hours/);
    card = await cardFor(CH.emergencies, row.reference);
    expect(card.text?.startsWith('<!here> ')).toBe(true);

    // Nobody claims it within SLACK_UNCLAIMED_SECONDS: the customer hears the make-safe time, not a "reply by" date.
    const told = await waitFor(
      async () => smsTo(JOAN).find((s) => s.includes('still waiting')),
      'the customer to be told',
    );
    expect(told).toContain(formatLondonDateTime(dueAt, 'en'));
    expect(told).toContain('999');
    const everything = (await outbound(row)).map((m) => m.text).join('\n') + smsTo(JOAN).join('\n');
    expect(everything).not.toMatch(/contact you by|reply by/i);
    await inThread(card, 'we still aim to make it safe by');

    // The re-alert waits in the queue for its interval; run it now, as its time would.
    const first = await waitFor(
      async () => gateway.queues.queues.handoff.getJob(`realert-${row.id}-1`),
      'the first re-alert to be scheduled',
    );
    expect(await first.getState()).toBe('delayed');
    await first.promote();
    const alert = await inThread(card, 'still unclaimed');
    expect(shown(alert)).toContain(`<!subteam^${ON_CALL}>`);
    expect(shown(alert)).toContain(row.reference);
    const second = await waitFor(
      async () => gateway.queues.queues.handoff.getJob(`realert-${row.id}-2`),
      'the next re-alert',
    );
    expect(await second.getState()).toBe('delayed');
  });

  it('mentions the team leads and on call when its clock is missed, and stays overdue in the lead’s App Home until closed', async () => {
    const clock = (await gateway.store.listClocks(row.id)).find((c) => c.name === 'emergency_make_safe')!;
    await gateway.queues.add(
      'sla',
      { caseId: row.id, clock: 'emergency_make_safe', alert: 'breach', dueAt: new Date(clock.due_at).toISOString() },
      { id: `test-breach-${row.id}` },
    );
    const breach = await cardFor(CH.emergencies, 'has been missed');
    expect(shown(breach)).toContain(`<!subteam^${LEADS}>`);
    expect(shown(breach)).toContain(`<!subteam^${ON_CALL}>`);
    expect(shown(breach)).toContain(row.reference);

    await requests.event({ type: 'app_home_opened', user: PRIYA, channel: 'D0PRIYA', tab: 'home' });
    const home = await waitFor(async () => slack.views.find((v) => v.userId === PRIYA), 'Priya’s App Home');
    const blocks = viewText(home);
    expect(blocks).toContain('Team queue');
    const unclaimed = blocks.slice(blocks.indexOf('Unclaimed ('), blocks.indexOf('Overdue ('));
    const overdue = blocks.slice(blocks.indexOf('Overdue ('), blocks.indexOf('Due in the next'));
    expect(unclaimed).toContain(row.reference);
    expect(overdue).toContain(row.reference);
    // Each row links to its card.
    expect(overdue).toMatch(
      new RegExp(`<https://housing-fake\\.slack\\.com/archives/${CH.emergencies}/p\\d+\\|\\*${row.reference}\\*>`),
    );
    expect(blocks).toMatch(/\*\d+\* unclaimed · \*\d+\* overdue/);
    expect(blocks).toContain('By colleague');
  });

  it('stops being raised once someone claims it', async () => {
    await requests.button(DEV, card, 'case_claim', `case:${row.id}`);
    await waitFor(async () => (await gateway.store.getCase(row.id))?.assignee === `staff:${DEV}`, 'Dev to hold it');
    const second = (await gateway.queues.queues.handoff.getJob(`realert-${row.id}-2`))!;
    const alertsBefore = threadOf(card).filter((m) => shown(m).includes('still unclaimed')).length;
    await second.promote();
    await waitFor(async () => (await second.getState()) === 'completed', 'the re-alert job to run');
    expect(threadOf(card).filter((m) => shown(m).includes('still unclaimed')).length).toBe(alertsBefore);
    expect(await gateway.queues.queues.handoff.getJob(`realert-${row.id}-3`)).toBeUndefined();

    // Claimed, it leaves the unclaimed list; missed, it stays overdue until it is resolved or closed.
    await requests.event({ type: 'app_home_opened', user: PRIYA, channel: 'D0PRIYA', tab: 'home' });
    const home = await waitFor(async () => {
      const view = slack.views.find((v) => v.userId === PRIYA);
      return view && viewText(view).includes(`<@${DEV}>: 1 open`) ? view : undefined;
    }, 'Priya’s App Home to show Dev');
    const blocks = viewText(home);
    expect(blocks.slice(blocks.indexOf('Unclaimed ('), blocks.indexOf('Overdue ('))).not.toContain(row.reference);
    expect(blocks.slice(blocks.indexOf('Overdue ('), blocks.indexOf('Due in the next'))).toContain(row.reference);
    expect(blocks).toContain(`<@${DEV}>: 1 open, :rotating_light: 1 overdue`);
  });
});

describe('stage 2, reviewed by someone else', () => {
  const LEE = '+447700900501';
  let row: Case;

  it('reaches senior managers unclaimed, with the customer’s reasons, the stage 1 decision and the stage 1 thread', async () => {
    row = await complaintFrom(
      LEE,
      { name: 'Lee Chambers', postcode: 'M15 4FN', address: '7 Orchard Close' },
      'the damp in my sons bedroom is back again after you said it was fixed in june',
    );
    const stage1Card = await cardFor(CH.complaints, row.reference);
    await requests.button(SAM, stage1Card, 'case_claim', `case:${row.id}`);
    await requests.threadReply(
      SAM,
      stage1Card.channel,
      stage1Card.ts,
      'note: surveyor found the extractor fan was never connected',
    );
    await waitFor(
      async () => (await gateway.store.listEvents(row.id)).some((e) => e.type === 'staff_note'),
      'the note',
    );

    const before = slack.views.length;
    await requests.button(SAM, stage1Card, 'case_resolve', `case:${row.id}`);
    const form = await modalOpened(before, 'case_resolve_modal');
    await submitAndConfirm(SAM, form, {
      outcome: { select: 'partly_upheld' },
      reasons: { text: 'The fan was not connected when the mould was treated in June.' },
      remedy: { text: 'We will connect the fan, treat the mould again and pay you 75 pounds.' },
      outstanding: { text: 'The electrician visits on Tuesday.' },
      changes: { text: 'Mould treatments are now checked a month later.' },
    });
    await waitFor(
      async () => (await conversationOf(LEE)).handoff_state === 'bot',
      'the assistant to have the conversation again',
    );

    // Lee writes back the way people do.
    await text(LEE, 'im not happy with your response, i want to appeal');
    await text(LEE, 'yes');
    await text(LEE, 'you keep saying its fixed and it never is, 75 quid doesnt cover the mattress we threw out');
    expect(await gateway.store.getCase(row.id)).toMatchObject({ stage: 'stage2', status: 'open', assignee: null });

    const senior = await cardFor(CH.seniorManagers, row.reference);
    const seen = shown(senior);
    expect(seen).toContain('_Unclaimed_');
    expect(seen).toContain(`Stage 1: <@${SAM}>`);
    expect(seen).not.toContain(`Claimed by <@${SAM}>`);
    expect(seen).toContain('Why the customer asked for stage 2');
    expect(seen).toContain('75 quid doesnt cover the mattress we threw out');
    expect(seen).toContain('*Partly upheld*');
    expect(seen).toContain('The fan was not connected when the mould was treated in June.');
    expect(seen).toContain('We will connect the fan, treat the mould again and pay you 75 pounds.');
    expect(seen).toMatch(
      new RegExp(
        `<https://housing-fake\\.slack\\.com/archives/${CH.complaints}/p${stage1Card.ts.replace('.', '')}\\|Stage 1 thread>`,
      ),
    );
    expect(seen).toContain('surveyor found the extractor fan was never connected');
  });
});

describe('closing a case that repeats another', () => {
  const RUTH = '+447700900601';

  it('sends the customer nothing, and links the two cases both ways', async () => {
    const first = await complaintFrom(
      RUTH,
      { name: 'Ruth Mensah', postcode: 'M16 7AX', address: '22 Park Lane' },
      'the front door entry system is broken again, people are getting into the block',
    );
    const again = await complaintFrom(
      RUTH,
      { name: 'Ruth Mensah', postcode: 'M16 7AX', address: '22 Park Lane' },
      'door entry STILL broken!! strangers in the stairwell last night',
    );
    const firstCard = await cardFor(CH.complaints, first.reference);
    const againCard = await cardFor(CH.complaints, again.reference);
    await settled(RUTH);
    const said = (await outbound(again)).length;
    const smsBefore = smsTo(RUTH).length;

    const before = slack.views.length;
    await requests.button(SAM, againCard, 'case_close', `case:${again.id}`);
    const form = await modalOpened(before, 'case_close_modal');
    expect(viewText(form)).toContain('Nothing is sent to the customer.');
    const noRef = await requests.submit(SAM, form, {
      as: { select: 'duplicate' },
      reason: { text: 'Same fault, reported twice' },
    });
    expect(noRef.json).toMatchObject({ response_action: 'errors', errors: { duplicate_of: expect.any(String) } });
    const noResponse = await requests.submit(SAM, form, { as: { select: 'no_response' }, reason: { text: 'sorted' } });
    expect(noResponse.json).toMatchObject({
      response_action: 'errors',
      errors: { as: expect.stringContaining('must be answered in writing') },
    });
    const closed = await requests.submit(SAM, form, {
      as: { select: 'duplicate' },
      duplicate_of: { text: first.reference.toLowerCase() },
      reason: { text: 'Same fault, reported twice' },
    });
    expect(closed.status).toBe(200);
    expect(closed.json?.response_action).toBeUndefined();

    expect(await gateway.store.getCase(again.id)).toMatchObject({
      status: 'closed',
      resolution: { closedAs: 'duplicate', duplicateOf: { id: first.id, reference: first.reference } },
    });
    const closing = (await gateway.store.listEvents(again.id)).find((e) => e.type === 'case_closed');
    expect(closing).toMatchObject({
      actor: `staff:${SAM}`,
      data: { as: 'duplicate', reason: 'Same fault, reported twice', duplicateOf: { reference: first.reference } },
    });
    expect((await gateway.store.listEvents(first.id)).some((e) => e.type === 'duplicate_linked')).toBe(true);
    expect((await gateway.store.listClocks(again.id)).every((c) => c.status !== 'running')).toBe(true);

    await waitFor(
      async () => shown(againCard).includes('Duplicate of <https://'),
      'the closed card to link the case it repeats',
    );
    expect(shown(againCard)).toContain(`|${first.reference}>`);
    await waitFor(
      async () => shown(firstCard).includes(`|${again.reference}> was closed as a duplicate of this case`),
      'the first card to link back',
    );
    await settled(RUTH);
    expect((await outbound(again)).length).toBe(said);
    expect(smsTo(RUTH).length).toBe(smsBefore);
  });
});

describe('a live chat made into a case', () => {
  const KAI = '+447700900701';

  it('keeps the conversation, tells the customer who has them and their reference, and needs their agreement for a complaint', async () => {
    await text(KAI, 'my boiler keeps cutting out and the engineer who came on monday was really rude to my wife');
    await text(KAI, 'can i talk to a real person please');
    const card = await cardFor(CH.customerServices, 'engineer who came on monday');
    const { id: conversationId } = await conversationOf(KAI);

    const before = slack.views.length;
    await requests.button(ALEX, card, 'conversation_make_case', `conversation:${conversationId}`);
    const form = await modalOpened(before, 'make_case_modal');
    expect(viewText(form)).toContain('engineer who came on monday was really rude');
    const values = {
      kind: { select: 'formal_complaint' },
      words: { text: 'My boiler keeps cutting out and the engineer who came on Monday was really rude to my wife.' },
    };
    const unasked = await requests.submit(ALEX, form, values);
    expect(unasked.json).toMatchObject({
      response_action: 'errors',
      errors: { agreed: expect.stringContaining('Code 2024 1.3') },
    });

    const smsBefore = smsTo(KAI).length;
    const preview = await submitAndConfirm(ALEX, form, { ...values, agreed: { checked: ['yes'] } });
    expect(viewText(preview)).toContain("You're now talking to Alex from our customer services team.");
    expect(viewText(preview)).toContain("We've logged your formal complaint.");

    const row = await waitFor(
      async () =>
        (await gateway.store.listCasesForConversation(conversationId)).find((c) => c.kind === 'formal_complaint'),
      'the new case',
    );
    expect(row).toMatchObject({ assignee: `staff:${ALEX}`, stage: 'stage1' });
    const attached = await gateway.store.listCaseMessages(row.id);
    expect(attached.map((m) => m.text)).toEqual(
      expect.arrayContaining([
        'my boiler keeps cutting out and the engineer who came on monday was really rude to my wife',
        'can i talk to a real person please',
      ]),
    );
    // Who has them, then the reference and what happens next: a plain receipt (the acknowledgement
    // letter goes when a colleague acknowledges it, issue 15).
    const sent = await smsAfter(KAI, smsBefore, 2);
    expect(sent[0]).toBe("You're now talking to Alex from our customer services team.");
    expect(sent[1]).toContain(`We've logged your formal complaint. Your reference is ${row.reference}.`);
    expect(sent[1]).toMatch(/we'll contact you by \w+day \d+ \w+ to talk it through/);
    expect(sent.slice(2).join('\n')).not.toContain('/documents/');

    const caseCard = await cardFor(CH.complaints, row.reference);
    await inThread(caseCard, 'Made into a case from a live chat');
    await waitFor(async () => shown(card).includes(row.reference), 'the chat card to link the case');
  });
});
