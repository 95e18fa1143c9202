import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffDate } from '../../channels/slack/labels.js';
import { referencePattern } from '../../src/db/case-store.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { formatLondonDate } from '../../src/i18n.js';
import { endOfLondonDay, loadPolicyPack, londonDateOf } from '../../src/policy/index.js';
import { addCalendarDays } from '../../src/policy/london-time.js';
import type { SlackFake, SlackMessage, SlackView } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { CH, OUR_NUMBER, SIGNING_SECRET, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { waitFor } from '../helpers/redis.js';
import type { SlackRequests } from './slack-requests.js';

/**
 * The whole gateway with Slack on: the real Bolt app and @slack/web-api against the local
 * Slack fake, requests signed as Slack signs them, and customers texting through the
 * Twilio fake. The tests run in order, one story of a complaint from SMS to stage 2.
 */

const JANE = '+447700900777';
const ALEX = 'U0STAFF2';
const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";
const ombudsman = loadPolicyPack('code-2024').escalationBodies.find((b) => b.id === 'housing_ombudsman');

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;
let world: SlackWorld;

beforeAll(async () => {
  world = await startSlackWorld({
    users: [{ id: ALEX, name: 'alex.senior', realName: 'Alex Senior' }],
    env: {
      // A live handoff nobody claims: the customer hears within a second rather than ten minutes.
      SLACK_UNCLAIMED_SECONDS: '1',
    },
  });
  ({ slack, twilio, gateway, requests } = world);
});
afterAll(async () => {
  await world?.stop();
});

// ── customers ────────────────────────────────────────────────────────────────

const smsTo = (customer: string): string[] => twilio.sent.filter((m) => m.to === customer).map((m) => m.body);

/** SMS parts read as one text: the "(1/2)" labels dropped, whitespace evened out. */
const asRead = (parts: string[]): string =>
  parts
    .map((p) => p.replace(/ \(\d+\/\d+\)$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');

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

/** The customer texts; resolves to what the gateway texted back once everything has settled. */
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

/** Everything texted to the customer since `before`, once the outbound queue has sent every part. */
async function smsAfter(customer: string, before: number, count = 1): Promise<string[]> {
  await settled(customer);
  return waitFor(async () => {
    const sent = smsTo(customer).slice(before);
    return sent.length >= count ? sent : undefined;
  }, `${count} SMS to ${customer}`);
}

// ── Slack, as colleagues see it ──────────────────────────────────────────────

/** Every piece of text in a Slack message: its notification text and its blocks. */
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

/** Every piece of text in a modal view. */
function viewText(view: SlackView): string {
  return JSON.stringify(view.view.blocks);
}

/**
 * A colleague writes to the customer the one way there is: *Reply to customer* (the card's
 * button), the message, the preview of exactly what the customer gets, then Send.
 */
async function replyToCustomer(
  user: string,
  card: SlackMessage,
  target: string,
  words: string,
  actionId = 'case_reply',
): Promise<SlackView> {
  const before = slack.views.length;
  expect((await requests.button(user, card, actionId, target)).status).toBe(200);
  const write = await modalOpened(before, 'reply_write_modal');
  const previewed = await requests.submit(user, write, { message: { text: words } });
  expect(previewed.json).toMatchObject({ response_action: 'push' });
  const preview = slack.showAnswered(previewed.json);
  const sent = await requests.submit(user, preview);
  expect(sent.json).toMatchObject({ response_action: 'clear' });
  return preview;
}

/** Submit a form whose answer is a preview, then confirm the preview. */
async function submitAndConfirm(
  user: string,
  opened: SlackView,
  values: Parameters<SlackRequests['submit']>[2],
): Promise<SlackView> {
  const previewed = await requests.submit(user, opened, values);
  expect(previewed.json).toMatchObject({ response_action: 'push' });
  const preview = slack.showAnswered(previewed.json);
  const done = await requests.submit(user, preview);
  expect(done.json).toMatchObject({ response_action: 'clear' });
  return preview;
}

async function outboundTexts(conversationId: string): Promise<string[]> {
  return (await gateway.store.listMessages(conversationId))
    .filter((m) => m.direction === 'outbound')
    .map((m) => m.text);
}

// ── the story ────────────────────────────────────────────────────────────────

let reference: string;
let caseId: string;
let card: SlackMessage;

describe('a complaint made by SMS, handled in Slack', () => {
  it('reaches the complaints liaison channel as a card', async () => {
    const script = [
      noShow,
      '1',
      'yes',
      'A new appointment on a Saturday and an apology',
      '1',
      '1',
      'Jane Smith',
      'sw1a1aa',
      'Yes',
      'text',
      '2',
    ];
    let last: string[] = [];
    for (const answer of script) last = await text(JANE, answer);
    reference = referencePattern.exec(last.join('\n'))?.[0] ?? '';
    expect(reference).toMatch(/^CMP-\d{4}-\d{6}$/);
    const row = await gateway.store.getCaseByReference(reference);
    caseId = row!.id;

    card = await cardFor(CH.complaints, reference);
    const seen = shown(card);
    expect(seen).toContain(`${reference} · Formal complaint · Stage 1`);
    for (const reason of (row!.classification?.reasons as string[] | undefined) ?? []) expect(seen).toContain(reason);
    for (const badge of ['*SMS*', 'LARGE PRINT', 'BY SMS']) expect(seen).toContain(badge);
    expect(seen).toContain('Privacy notice');
    expect(seen).toContain('Recorded as a complaint');
    const clocks = await gateway.store.listClocks(caseId);
    expect(clocks.map((c) => c.name).sort()).toEqual(['stage1_ack', 'stage1_response']);
    for (const clock of clocks) {
      expect(seen).toContain(
        `${clock.name === 'stage1_ack' ? 'Stage 1 acknowledgement' : 'Stage 1 response'}: due *${staffDate(new Date(clock.due_at))}*`,
      );
    }
    expect(seen).toContain(noShow);
    expect(seen).toContain('_Unclaimed_');
    // Only the complaints channel got it.
    expect(slack.messages.filter((m) => shown(m).includes(reference) && m.threadTs === undefined)).toHaveLength(1);
  });

  it('posts the card once even when its job runs again', async () => {
    await gateway.queues.add('handoff', { type: 'case_created', caseId }, { id: 'test-case-created-again' });
    await waitFor(
      async () => (await gateway.queues.queues.handoff.getJobState('test-case-created-again')) === 'completed',
      'the repeated job',
    );
    expect(cardsIn(CH.complaints).filter((m) => shown(m).includes(reference))).toHaveLength(1);
  });

  it('is claimed by Sam, and the card shows who has it', async () => {
    const answer = await requests.button(SAM, card, 'case_claim', `case:${caseId}`);
    expect(answer.status).toBe(200);
    await waitFor(async () => shown(card).includes(`Claimed by <@${SAM}>`), 'the card to show Sam');
    await inThread(card, `Claimed by <@${SAM}>`);
    expect(await gateway.store.getCase(caseId)).toMatchObject({
      assignee: `staff:${SAM}`,
      stage1_handler: `staff:${SAM}`,
    });
  });

  it("sends Sam's replies to Jane by SMS, in order, as written, after telling her who he is", async () => {
    const before = smsTo(JANE).length;
    const preview = await replyToCustomer(SAM, card, `case:${caseId}`, "Hello Jane, I'm sorry & I'll sort this.");
    // The preview is what Jane's phone shows, in order: who is writing, then Sam's words.
    expect(viewText(preview)).toContain("You're now talking to Sam from our complaints team.");
    expect(viewText(preview)).toContain("Hello Jane, I'm sorry &amp; I'll sort this.");
    await replyToCustomer(SAM, card, `case:${caseId}`, 'Our repairs diary is at https://example.org/diary');
    const sent = await smsAfter(JANE, before, 3);
    expect(sent).toEqual([
      "You're now talking to Sam from our complaints team.",
      "Hello Jane, I'm sorry & I'll sort this.",
      'Our repairs diary is at https://example.org/diary',
    ]);
    expect((await conversationOf(JANE)).handoff_state).toBe('staff');
    const confirmed = await inThread(card, 'Our repairs diary is at');
    expect(shown(confirmed)).toContain(`*To the customer* by <@${SAM}>`);
  });

  it("shows Jane's reply in the thread, and the assistant stays quiet", async () => {
    expect(await text(JANE, 'Thank you. Saturday morning is best & I will be in')).toEqual([]);
    const line = await inThread(card, 'Saturday morning is best &amp; I will be in');
    expect(shown(line)).toContain('*Customer*');
  });

  it('keeps a note: reply internal, once even when Slack delivers it again', async () => {
    const noteTs = `${Math.floor(Date.now() / 1000)}.000777`;
    const answer = await requests.threadReply(
      SAM,
      card.channel,
      card.ts,
      'note: she has asked twice before, check the 2025 file',
      undefined,
      noteTs,
    );
    expect(answer.status).toBe(200);
    // Slack retries an event it thinks went unanswered; the same message has the same ts.
    const retry = await requests.threadReply(
      SAM,
      card.channel,
      card.ts,
      'note: she has asked twice before, check the 2025 file',
      undefined,
      noteTs,
    );
    expect(retry.status).toBe(200);
    const { id } = await conversationOf(JANE);
    expect((await outboundTexts(id)).some((t) => t.includes('asked twice before'))).toBe(false);
    const notes = (await gateway.store.listEvents(caseId)).filter((e) => e.type === 'staff_note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      actor: `staff:${SAM}`,
      data: { note: 'she has asked twice before, check the 2025 file' },
    });
  });

  it('refuses a forged or stale signature, and relays nothing', async () => {
    const forged = await requests.threadReply(SAM, card.channel, card.ts, 'Forged: please call 09011 000000', {
      secret: 'not-the-signing-secret',
    });
    const stale = await requests.threadReply(SAM, card.channel, card.ts, 'Replayed from six minutes ago', {
      secret: SIGNING_SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(forged.status).toBe(401);
    expect(stale.status).toBe(401);
    const { id } = await conversationOf(JANE);
    const said = await outboundTexts(id);
    expect(said.some((t) => t.includes('Forged') || t.includes('Replayed'))).toBe(false);
  });

  it('refuses an extension beyond the pack’s cap in the modal, then grants one within it and tells Jane', async () => {
    const clock = (await gateway.store.listClocks(caseId)).find((c) => c.name === 'stage1_response')!;
    const original = londonDateOf(new Date(clock.original_due_at));

    let before = slack.views.length;
    await requests.button(SAM, card, 'case_extend', `case:${caseId}`);
    let modal = await modalOpened(before, 'case_extend_modal');
    const refused = await requests.submit(SAM, modal, {
      clock: { select: 'stage1_response' },
      date: { date: addCalendarDays(original, 60) },
      reason: { text: 'We are waiting for the contractor' },
    });
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(String((refused.json?.errors as Record<string, string>).date)).toMatch(/beyond the cap of 10/);
    expect((await gateway.store.listClocks(caseId)).find((c) => c.name === 'stage1_response')?.due_at).toEqual(
      clock.due_at,
    );
    const { id } = await conversationOf(JANE);
    expect((await outboundTexts(id)).some((t) => t.includes('more time'))).toBe(false);

    const newDate = addCalendarDays(original, 7);
    before = slack.views.length;
    const sentBefore = smsTo(JANE).length;
    await requests.button(SAM, card, 'case_extend', `case:${caseId}`);
    modal = await modalOpened(before, 'case_extend_modal');
    const preview = await submitAndConfirm(SAM, modal, {
      clock: { select: 'stage1_response' },
      date: { date: newDate },
      reason: { text: 'we are waiting for the contractor report' },
    });
    // Shown before it went: the words Jane gets, and the extension letter.
    expect(viewText(preview)).toContain('we are waiting for the contractor report');
    expect(viewText(preview)).toContain('/documents/');
    const told = asRead(await smsAfter(JANE, sentBefore));
    expect(told).toContain('we are waiting for the contractor report');
    expect(told).toContain(formatLondonDate(endOfLondonDay(newDate), 'en'));
    expect(told).toContain(ombudsman!.phone!);
    expect((await gateway.store.listClocks(caseId)).find((c) => c.name === 'stage1_response')?.due_at).toEqual(
      endOfLondonDay(newDate),
    );
    await inThread(card, 'Stage 1 response extended to');
  });

  it('resolves through the modal, and Jane gets the response by SMS with how to escalate', async () => {
    const before = slack.views.length;
    const sentBefore = smsTo(JANE).length;
    await requests.button(SAM, card, 'case_resolve', `case:${caseId}`);
    const modal = await modalOpened(before, 'case_resolve_modal');
    const blockIds = (modal.view.blocks as { block_id?: string }[]).map((b) => b.block_id).filter(Boolean);
    expect(blockIds).toEqual(['outcome', 'reasons', 'remedy', 'outstanding', 'changes']);

    const missing = await requests.submit(SAM, modal, {
      outcome: { select: 'partly_upheld' },
      reasons: { text: 'The operative missed two visits.' },
    });
    expect(missing.json).toMatchObject({
      response_action: 'errors',
      errors: { remedy: expect.any(String), outstanding: expect.any(String), changes: expect.any(String) },
    });

    const preview = await submitAndConfirm(SAM, modal, {
      outcome: { select: 'partly_upheld' },
      reasons: { text: 'The operative missed two visits.' },
      remedy: { text: 'We will pay you 50 pounds for the day off work.' },
      outstanding: { text: 'The repair on Saturday morning.' },
      changes: { text: 'Visits are now confirmed by text the day before.' },
    });
    // The response as Jane reads it, and the letter before it goes.
    expect(viewText(preview)).toContain(`Our stage 1 response to your complaint ${reference}.`);
    expect(viewText(preview)).toMatch(/The letter\*, as the customer will see it \(large print/);
    const letterUrl = /<(http[^|>]+\/documents\/[^|>]+)\|open it>/.exec(viewText(preview))?.[1];
    const letter = await fetch(letterUrl!);
    expect(letter.status).toBe(200);
    expect(await letter.text()).toContain('The operative missed two visits.');
    const response = asRead(await smsAfter(JANE, sentBefore));
    expect(response).toContain(`Our stage 1 response to your complaint ${reference}.`);
    expect(response).toContain('we agree with part of your complaint');
    for (const part of [
      'The operative missed two visits.',
      'We will pay you 50 pounds',
      'The repair on Saturday morning.',
      'Visits are now confirmed',
    ]) {
      expect(response).toContain(part);
    }
    expect(response).toContain('reply "stage 2"');
    expect(response).toContain('large print');
    expect(await gateway.store.getCase(caseId)).toMatchObject({ status: 'resolved', stage1_handler: `staff:${SAM}` });
    // The assistant has the conversation again, so "stage 2" reaches it.
    expect((await conversationOf(JANE)).handoff_state).toBe('bot');
    await waitFor(async () => shown(card).includes('Escalate to stage 2'), 'the card to offer stage 2');
  });

  it('takes stage 2 only from a colleague other than the stage 1 handler', async () => {
    const ephemeralsBefore = slack.ephemerals.length;
    await requests.button(SAM, card, 'case_stage2', `case:${caseId}`);
    const refusal = await waitFor(
      async () => slack.ephemerals.slice(ephemeralsBefore).find((e) => e.args.user === SAM),
      'a refusal for Sam',
    );
    expect(String(refusal.args.text)).toContain('handled stage 1');
    expect(await gateway.store.getCase(caseId)).toMatchObject({ stage: 'stage1', status: 'resolved' });

    const sentBefore = smsTo(JANE).length;
    const before = slack.views.length;
    expect((await requests.button(ALEX, card, 'case_stage2', `case:${caseId}`)).status).toBe(200);
    const confirm = await modalOpened(before, 'case_stage2_confirm');
    // What Jane will be told, before anything changes.
    expect(viewText(confirm)).toContain('is now at stage 2');
    expect(await gateway.store.getCase(caseId)).toMatchObject({ stage: 'stage1', status: 'resolved' });
    expect((await requests.submit(ALEX, confirm)).json).toMatchObject({ response_action: 'clear' });
    expect(await gateway.store.getCase(caseId)).toMatchObject({
      stage: 'stage2',
      status: 'open',
      stage2_handler: `staff:${ALEX}`,
      assignee: `staff:${ALEX}`,
    });
    const senior = await cardFor(CH.seniorManagers, reference);
    expect(shown(senior)).toContain(`${reference} · Formal complaint · Stage 2`);
    await waitFor(async () => shown(senior).includes(`Claimed by <@${ALEX}>`), 'the stage 2 card to show Alex');
    expect(asRead(await smsAfter(JANE, sentBefore))).toContain(`is now at stage 2`);
  });

  it('reminds in the thread before a due date, and alerts the team channel on a breach, from the sla queue', async () => {
    const senior = await cardFor(CH.seniorManagers, reference);
    const ack = (await gateway.store.listClocks(caseId)).find(
      (c) => c.name === 'stage2_ack' && c.status === 'running',
    )!;
    const dueAt = new Date(ack.due_at).toISOString();
    await gateway.queues.add(
      'sla',
      { caseId, clock: 'stage2_ack', alert: 'reminder', dueAt },
      { id: 'test-sla-reminder' },
    );
    const reminder = await inThread(senior, 'Reminder');
    expect(shown(reminder)).toContain(
      `*Stage 2 acknowledgement* for ${reference} is due *${staffDate(new Date(ack.due_at))}*`,
    );
    expect(shown(reminder)).toContain(`<@${ALEX}>`);

    await gateway.queues.add('sla', { caseId, clock: 'stage2_ack', alert: 'breach', dueAt }, { id: 'test-sla-breach' });
    const alert = await cardFor(CH.seniorManagers, 'has been missed');
    expect(shown(alert)).toContain(reference);
    expect(alert.threadTs).toBeUndefined();
    await waitFor(
      async () => shown(senior).includes('Stage 2 acknowledgement: :rotating_light: *breached*'),
      'the card to show the breach',
    );
  });

  it('shows App Home with "My cases" and what is due in the next 2 working days', async () => {
    const emergency = await gateway.cases.openCase({
      kind: 'emergency',
      priority: 'emergency',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'Water is coming through the ceiling light',
    });
    const emergencyCard = await cardFor(CH.emergencies, emergency.case.reference);
    expect(emergencyCard.text?.startsWith('<!here> ')).toBe(true);

    expect((await requests.event({ type: 'app_home_opened', user: ALEX, channel: 'D0ALEX', tab: 'home' })).status).toBe(
      200,
    );
    const home = await waitFor(async () => slack.views.find((v) => v.userId === ALEX), 'the App Home view');
    const blocks = JSON.stringify(home.view.blocks);
    // A colleague sees their own cases first.
    expect(blocks.indexOf('My cases')).toBeLessThan(blocks.indexOf('Unclaimed'));
    const mine = blocks.slice(blocks.indexOf('My cases'), blocks.indexOf('Unclaimed'));
    const dueSoon = blocks.slice(blocks.indexOf('Due in the next 2 working days'));
    expect(mine).toContain(reference);
    expect(mine).not.toContain(emergency.case.reference);
    expect(dueSoon).toContain(emergency.case.reference);
  });

  it('shows a case with /case in the allowed channels only', async () => {
    const shownHere = await requests.command(
      SAM,
      { id: CH.complaints, name: 'complaints-liaison' },
      '/case',
      reference,
    );
    expect(shownHere.status).toBe(200);
    expect(shownHere.json?.response_type).toBe('ephemeral');
    expect(JSON.stringify(shownHere.json?.blocks)).toContain(`${reference} · Formal complaint · Stage 2`);

    const elsewhere = await requests.command(SAM, { id: 'C0RANDOM', name: 'random' }, '/case', reference);
    expect(elsewhere.status).toBe(200);
    expect(String(elsewhere.json?.text)).toContain('works only in');
    expect(JSON.stringify(elsewhere.json)).not.toContain(noShow);
  });
});

describe('reclassifying a case', () => {
  it('needs a reason, recomputes the clocks, and moves the card to the team that now owns it', async () => {
    const opened = await gateway.cases.openCase({
      kind: 'enquiry',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'Nobody has answered my three emails about the lift',
      classification: { reasons: ['asks about a service'] },
    });
    expect(opened.clocks).toEqual([]);
    const enquiryCard = await cardFor(CH.customerServices, opened.case.reference);
    expect(shown(enquiryCard)).toContain('asks about a service');

    const before = slack.views.length;
    await requests.button(SAM, enquiryCard, 'case_reclassify', `case:${opened.case.id}`);
    const modal = await modalOpened(before, 'case_reclassify_modal');
    const noReason = await requests.submit(SAM, modal, {
      kind: { select: 'formal_complaint' },
      reason: { text: '  ' },
    });
    expect(noReason.json).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringContaining('Say why') },
    });
    expect((await gateway.store.getCase(opened.case.id))?.kind).toBe('enquiry');

    const done = await requests.submit(SAM, modal, {
      kind: { select: 'formal_complaint' },
      reason: { text: 'Dissatisfied with our service: a complaint' },
    });
    expect(done.status).toBe(200);
    expect(await gateway.store.getCase(opened.case.id)).toMatchObject({ kind: 'formal_complaint', stage: 'stage1' });
    const running = (await gateway.store.listClocks(opened.case.id))
      .filter((c) => c.status === 'running')
      .map((c) => c.name);
    expect(running.sort()).toEqual(['stage1_ack', 'stage1_response']);
    const complaintCard = await cardFor(CH.complaints, opened.case.reference);
    expect(shown(complaintCard)).toContain('Formal complaint · Stage 1');
    await waitFor(
      async () => shown(enquiryCard).includes('Stage 1 acknowledgement: due'),
      'the first card to show the new clocks',
    );
    await inThread(complaintCard, 'Reclassified from enquiry to formal complaint');
  });
});

describe('a customer who asks for a person mid-dialog', () => {
  const OLA = '+447700900888';
  let handoffCard: SlackMessage;

  it('gets a handoff card carrying the transcript, and is told when to expect contact if nobody claims it', async () => {
    await text(OLA, 'My kitchen tap has been dripping for a week');
    const queued = await text(OLA, 'agent');
    expect(queued.join(' ')).toMatch(/passing you to our team/i);
    expect((await conversationOf(OLA)).handoff_state).toBe('queued');

    handoffCard = await cardFor(CH.customerServices, 'kitchen tap has been dripping');
    const seen = shown(handoffCard);
    expect(seen).toContain('The customer asked for a person');
    expect(seen).toContain('*Customer*');
    expect(seen).toContain('*Assistant*');
    expect(seen).toContain('Waiting for a colleague');

    const told = asRead(
      await waitFor(async () => {
        const said = smsTo(OLA).filter((s) => s.includes('will contact you by'));
        return said.length > 0 ? said : undefined;
      }, 'the customer to be told when to expect contact'),
    );
    expect(told).toContain('Sorry for the wait');
    await inThread(handoffCard, 'Nobody has claimed this yet');
  });

  it("shows the customer's words in the thread escaped, so they cannot ping anyone or make a link", async () => {
    expect(await text(OLA, 'Hello?? <!channel> <!here> <@U123> see <https://evil.example|my photos>')).toEqual([]);
    const line = await inThread(handoffCard, 'Hello??');
    const seen = shown(line);
    expect(seen).toContain('&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; see &lt;https://evil.example|my photos&gt;');
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<https://evil']) expect(seen).not.toContain(raw);
    // Shown as typed in a verbatim section, so Slack does not auto-link or mention either.
    expect(JSON.stringify(line.blocks)).toContain('"verbatim":true');
  });

  it('is claimed from the card, the customer is told who has them, and the colleague talks to them by SMS', async () => {
    const conversation = `conversation:${(await conversationOf(OLA)).id}`;
    // Claiming tells a waiting customer who they are talking to: the button says what first.
    const claim = JSON.stringify(handoffCard.blocks).match(/"action_id":"conversation_claim".*?"deny"/)?.[0] ?? '';
    expect(claim).toContain('‹your first name› from our customer services team');
    let before = smsTo(OLA).length;
    await requests.button(ALEX, handoffCard, 'conversation_claim', conversation);
    await waitFor(async () => shown(handoffCard).includes(`With <@${ALEX}>`), 'the card to show Alex');
    expect(await conversationOf(OLA)).toMatchObject({ handoff_state: 'staff', assignee: `staff:${ALEX}` });
    expect(await smsAfter(OLA, before)).toEqual(["You're now talking to Alex from our customer services team."]);

    before = smsTo(OLA).length;
    await replyToCustomer(
      ALEX,
      handoffCard,
      conversation,
      'Hi, Alex here. Is the tap in the kitchen or bathroom?',
      'conversation_reply',
    );
    expect(await smsAfter(OLA, before)).toEqual(['Hi, Alex here. Is the tap in the kitchen or bathroom?']);
  });

  it('goes back to the assistant when a colleague hands back', async () => {
    await requests.threadReply(ALEX, handoffCard.channel, handoffCard.ts, 'handback');
    expect((await conversationOf(OLA)).handoff_state).toBe('bot');
    await inThread(handoffCard, 'Handed back to the assistant');
    const answered = await text(OLA, 'What are your opening hours?');
    expect(answered.length).toBeGreaterThan(0);
    expect(threadOf(handoffCard).filter((m) => shown(m).includes('opening hours'))).toHaveLength(0);
  });

  it('shows a delivery failure in the thread', async () => {
    twilio.rejectRecipient(OLA, 21211);
    await replyToCustomer(
      ALEX,
      handoffCard,
      `conversation:${(await conversationOf(OLA)).id}`,
      'Are you still there?',
      'conversation_reply',
    );
    await waitFor(
      async () =>
        threadOf(handoffCard).find(
          (m) => shown(m).includes('Not delivered to the customer') && shown(m).includes('Are you still there?'),
        ),
      'the failure in the thread',
    );
    // The reply's own confirmation in the thread says so too.
    await waitFor(
      async () =>
        threadOf(handoffCard).find(
          (m) => shown(m).includes('Are you still there?') && shown(m).includes('*not delivered*'),
        ),
      'the confirmation to show the failure',
    );
  });
});

describe('a customer who texts STOP while a colleague has the conversation', () => {
  const KIT = '+447700900889';

  it('is opted out, STOP is not relayed to the thread, and nothing more is sent to that number', async () => {
    await text(KIT, 'The communal door has been broken for days');
    await text(KIT, 'agent');
    const card = await cardFor(CH.customerServices, 'communal door has been broken');
    expect((await conversationOf(KIT)).handoff_state).toBe('queued');

    expect(await text(KIT, 'STOP')).toEqual([]);
    expect((await conversationOf(KIT)).opted_out).toBe(true);
    expect(threadOf(card).filter((m) => shown(m).includes('STOP'))).toHaveLength(0);

    const before = smsTo(KIT).length;
    const { id } = await conversationOf(KIT);
    await replyToCustomer(ALEX, card, `conversation:${id}`, 'Hi, I can send someone tomorrow', 'conversation_reply');
    const reply = await waitFor(async () => {
      const rows = await gateway.store.listMessages(id);
      return rows.find((m) => m.text === 'Hi, I can send someone tomorrow' && m.status !== 'queued');
    }, "the colleague's reply to be dealt with");
    expect(reply.status).toBe('suppressed');
    expect(smsTo(KIT).length).toBe(before);
  });
});
