import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, ContactCaseKind } from '../../src/db/rows.js';
import type { SlackFake, SlackMessage, SlackView } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { CH, OUR_NUMBER, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { waitFor } from '../helpers/redis.js';
import type { SlackRequests } from './slack-requests.js';

/**
 * Issue 15 in Slack: the real Bolt app and @slack/web-api against the local Slack fake, with
 * customers on SMS through the Twilio fake. Each step that meets a clock is recorded from
 * its card button and from `/case <ref> <verb>`; remedies from their modal and verbs; and the
 * stage 1 handler is refused at stage 2, told why.
 */

const complaints = { id: CH.complaints, name: 'complaints-liaison' };
const emergencies = { id: CH.emergencies, name: 'emergency-repairs' };
const seniors = { id: CH.seniorManagers, name: 'senior-managers' };
const ALEX = 'U0STAFF2';

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;
let world: SlackWorld;
let phones = 0;

beforeAll(async () => {
  world = await startSlackWorld({ users: [{ id: ALEX, name: 'alex.senior', realName: 'Alex Senior' }] });
  ({ slack, twilio, gateway, requests } = world);
}, 600_000);

afterAll(async () => {
  await world?.stop();
});

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

const cardNow = (card: SlackMessage): SlackMessage =>
  slack.messages.find((m) => m.channel === card.channel && m.ts === card.ts) ?? card;

async function cardFor(channel: string, words: string): Promise<SlackMessage> {
  return waitFor(
    async () =>
      slack.messages.find((m) => m.channel === channel && m.threadTs === undefined && shown(m).includes(words)),
    `a card in ${channel} showing "${words}"`,
  );
}

async function cardShows(card: SlackMessage, words: string): Promise<void> {
  await waitFor(async () => shown(cardNow(card)).includes(words) || undefined, `the card to show "${words}"`);
}

async function inThread(card: SlackMessage, words: string): Promise<SlackMessage> {
  return waitFor(
    async () =>
      slack.messages.find((m) => m.channel === card.channel && m.threadTs === card.ts && shown(m).includes(words)),
    `"${words}" in the thread`,
  );
}

async function ephemeralTo(user: string, before: number, words: string): Promise<string> {
  return waitFor(async () => {
    const texts = slack.ephemerals
      .slice(before)
      .filter((c) => c.args.user === user)
      .map((c) => String(c.args.text));
    return texts.find((t) => t.includes(words));
  }, `an ephemeral to ${user} saying "${words}"`);
}

const smsTo = (phone: string): string[] => twilio.sent.filter((m) => m.to === phone).map((m) => m.body);

/** A customer on SMS with a case opened by the service (as the assistant would), and its card. */
async function openCase(
  kind: ContactCaseKind,
  channel: string,
  flags: string[] = [],
): Promise<{ row: Case; card: SlackMessage; phone: string }> {
  phones += 1;
  const phone = `+4477009008${String(phones).padStart(2, '0')}`;
  const conversation = await gateway.store.ensureConversation('sms', phone, OUR_NUMBER);
  const customer = await gateway.store.ensureCustomer(conversation.id);
  const { case: row } = await gateway.cases.openCase({
    kind,
    customerId: customer.id,
    conversationId: conversation.id,
    channelId: 'sms',
    customerWords: `Black mould in the bedroom again, case ${phones}`,
    flags,
    actor: 'bot',
  });
  return { row, card: await cardFor(channel, row.reference), phone };
}

async function clock(caseId: string, name: string) {
  return (await gateway.store.listClocks(caseId)).find((c) => c.name === name);
}

async function modalOpened(before: number, callbackId: string): Promise<SlackView> {
  return waitFor(
    async () => slack.views.slice(before).find((v) => v.view.callback_id === callbackId),
    `the ${callbackId} modal`,
  );
}

describe('steps that meet clocks, from the card and /case', () => {
  it('Acknowledge on the card meets the clock, restarts the response from today and sends the acknowledgement', async () => {
    const { row, card, phone } = await openCase('formal_complaint', CH.complaints);
    // Nothing formal at receipt: no acknowledgement letter before anyone has acknowledged it.
    expect(smsTo(phone)).toEqual([]);
    expect(shown(card)).toContain('Stage 1 acknowledgement: due');
    expect(JSON.stringify(card.blocks)).toContain('"action_id":"step_acknowledge"');

    const before = slack.ephemerals.length;
    expect((await requests.button(SAM, card, 'step_acknowledge', `case:${row.id}`)).status).toBe(200);
    const told = await ephemeralTo(SAM, before, 'Stage 1 acknowledgement met on time');
    const acknowledged = await gateway.store.getCase(row.id);
    expect(acknowledged?.acknowledged_at).not.toBeNull();
    const response = await clock(row.id, 'stage1_response');
    expect(response?.basis).toContain('from acknowledgement');
    expect(told).toContain('The response is now due');

    await cardShows(card, 'Stage 1 acknowledgement: :white_check_mark: met on time');
    expect(JSON.stringify(cardNow(card).blocks)).not.toContain('"action_id":"step_acknowledge"');
    await inThread(card, `Stage 1 acknowledgement met on time, recorded by <@${SAM}>`);
    // The customer gets the acknowledgement, with the response date, and the letter's link.
    const sms = await waitFor(async () => (smsTo(phone).length >= 2 ? smsTo(phone) : undefined), 'two SMS');
    expect(sms.join('\n')).toContain(`We've acknowledged your complaint ${row.reference}`);
    expect(sms.join('\n')).toContain(`Our letter about ${row.reference}`);
  });

  it('/case <ref> response-sent meets the response clock, with the note on the record', async () => {
    const { row, card } = await openCase('formal_complaint', CH.complaints);
    const answer = await requests.command(
      SAM,
      complaints,
      '/case',
      `${row.reference} response-sent Posted first class`,
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String(answer.json?.text)).toContain(`${row.reference}: Response sent: Stage 1 response met on time`);
    expect(await clock(row.id, 'stage1_response')).toMatchObject({ status: 'met' });
    const event = (await gateway.store.listEvents(row.id)).find((e) => e.type === 'step_recorded');
    expect(event).toMatchObject({ actor: `staff:${SAM}`, data: { step: 'response_sent', note: 'Posted first class' } });
    await cardShows(card, 'Stage 1 response: :white_check_mark: met on time');
    // Again: the clock is met, so it is refused with the reason.
    const again = await requests.command(SAM, complaints, '/case', `${row.reference} response-sent`);
    expect(String(again.json?.text)).toContain('no open stage1_response clock');
  });

  it("records an emergency's make-safe by button and Awaab's Law's steps by /case", async () => {
    const { row, card } = await openCase('emergency', CH.emergencies, ['damp_mould']);
    const before = slack.ephemerals.length;
    await requests.button(SAM, card, 'step_made_safe', `case:${row.id}`);
    await ephemeralTo(SAM, before, 'Make safe (emergency) met on time');
    for (const [verb, label] of [
      ['investigated', "Awaab's Law investigation"],
      ['summary-sent', "Awaab's Law written summary"],
      ['safety-work-started', "Awaab's Law safety work"],
    ] as const) {
      const answer = await requests.command(SAM, emergencies, '/case', `${row.reference} ${verb}`);
      expect(String(answer.json?.text)).toMatch(/met on time/);
      expect(String(answer.json?.text)).toContain(label.split(' ').at(-1));
    }
    expect((await gateway.store.listClocks(row.id)).map((c) => c.status)).toEqual(['met', 'met', 'met', 'met']);
  });
});

describe('remedies, from the modal, the card and /case', () => {
  it('records compensation in the modal, shows it unpaid, and marks it paid from the card', async () => {
    const { row, card } = await openCase('formal_complaint', CH.complaints);
    const before = slack.views.length;
    await requests.button(SAM, card, 'remedy_record', `case:${row.id}`);
    const modal = await modalOpened(before, 'remedy_modal');
    const bad = await requests.submit(SAM, modal, { kind: { select: 'compensation' }, amount: { text: 'lots' } });
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { amount: expect.stringContaining('pounds') },
    });
    const none = await requests.submit(SAM, modal, { kind: { select: 'compensation' } });
    expect(none.json).toMatchObject({ response_action: 'errors', errors: { amount: 'compensation needs an amount' } });
    const done = await requests.submit(SAM, modal, {
      kind: { select: 'compensation' },
      amount: { text: '£75.50' },
      note: { text: 'Two days off work' },
    });
    expect(done.json).toMatchObject({ response_action: 'clear' });
    await cardShows(card, '1. Compensation £75.50 · *not paid yet*: Two days off work');
    await inThread(card, `Compensation of £75.50 recorded by <@${SAM}>`);

    const [remedy] = await gateway.steps.listRemedies(row.id);
    await requests.button(SAM, cardNow(card), 'remedy_paid_1', `remedy:${remedy!.id}`);
    await cardShows(card, '1. Compensation £75.50 · :white_check_mark: paid');
    expect((await gateway.steps.listRemedies(row.id))[0]?.paid_at).not.toBeNull();
    await inThread(card, `£75.50 marked paid by <@${SAM}>`);
  });

  it('/case <ref> remedy … and paid <n>', async () => {
    const { row, card } = await openCase('formal_complaint', CH.complaints);
    const apology = await requests.command(SAM, complaints, '/case', `${row.reference} remedy apology By phone`);
    expect(String(apology.json?.text)).toBe(`${row.reference}: apology recorded.`);
    const money = await requests.command(SAM, complaints, '/case', `${row.reference} remedy compensation £20 goodwill`);
    expect(String(money.json?.text)).toBe(`${row.reference}: compensation of £20.00 recorded, not paid yet.`);
    const wrong = await requests.command(SAM, complaints, '/case', `${row.reference} paid 1`);
    expect(String(wrong.json?.text)).toContain('no amount to pay');
    const paid = await requests.command(SAM, complaints, '/case', `${row.reference} paid`);
    expect(String(paid.json?.text)).toBe(`${row.reference}: £20.00 marked paid.`);
    await cardShows(card, '2. Compensation £20.00 · :white_check_mark: paid');
    expect(await gateway.steps.listRemedies(row.id)).toMatchObject([
      { kind: 'apology', amount_pence: null, note: 'By phone' },
      { kind: 'compensation', amount_pence: 2000, note: 'goodwill' },
    ]);
  });
});

describe('stage 2 independence in Slack (Code 2024 6.13)', () => {
  it('refuses the stage 1 handler every stage 2 button and verb, saying why; a colleague not involved acts', async () => {
    const { row } = await openCase('formal_complaint', CH.complaints);
    await gateway.store.updateCase(
      row.id,
      { stage1_handler: `staff:${SAM}`, assignee: `staff:${SAM}` },
      'test',
      'claimed',
    );
    await gateway.cases.resolveCase(row.id, `staff:${SAM}`, { outcome: 'not_upheld' });
    await gateway.cases.escalateToStage2(row.id, { reasons: 'Still mould' });
    const card = await cardFor(CH.seniorManagers, `${row.reference} · Formal complaint · Stage 2`);
    await cardShows(card, 'step_acknowledge');

    const why = 'you handled stage 1, so you cannot';
    const viewsBefore = slack.views.length;
    for (const [action, what] of [
      ['case_resolve', 'resolve it'],
      ['case_extend', 'extend it'],
      ['case_reply', 'write to the customer about it'],
      ['case_claim', 'take it'],
      ['step_acknowledge', 'acknowledge it'],
      ['remedy_record', 'record a remedy on it'],
    ] as const) {
      const before = slack.ephemerals.length;
      await requests.button(SAM, card, action, `case:${row.id}`);
      const refusal = await ephemeralTo(SAM, before, why);
      expect(refusal).toContain(`${why} ${what}`);
      expect(refusal).toContain('Code 2024 6.13');
    }
    // No form was opened for the refused colleague.
    expect(slack.views.slice(viewsBefore)).toEqual([]);
    const verb = await requests.command(SAM, seniors, '/case', `${row.reference} acknowledge`);
    expect(String(verb.json?.text)).toContain(why);
    expect((await gateway.store.getCase(row.id))?.acknowledged_at).toBeNull();

    const answer = await requests.command(ALEX, seniors, '/case', `${row.reference} acknowledge`);
    expect(String(answer.json?.text)).toContain('Stage 2 acknowledgement met on time');
    expect((await gateway.store.getCase(row.id))?.acknowledged_at).not.toBeNull();
  });
});
