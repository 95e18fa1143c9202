import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobId } from '../../src/queues/definitions.js';
import type { SlackFake, SlackMessage, SlackView } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { CH, OUR_NUMBER, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { waitFor } from '../helpers/redis.js';
import type { SlackRequests } from '../slack/slack-requests.js';

/**
 * Representatives, refusals and contact restrictions through the whole gateway: the real Bolt
 * app and @slack/web-api against the local Slack fake, a caseworker and a tenant texting
 * through the Twilio fake. The tests run in order.
 */

const CASEWORKER = '+447700900311';
const MARY = '+447700900322';

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;
let world: SlackWorld;

beforeAll(async () => {
  world = await startSlackWorld();
  ({ slack, twilio, gateway, requests } = world);
});

afterAll(async () => {
  await world?.stop();
});

const smsTo = (number: string): string[] => twilio.sent.filter((m) => m.to === number).map((m) => m.body);

async function settled(number: string): Promise<void> {
  const [conversation] = await waitFor(async () => {
    const found = await gateway.store.findConversation('sms', number);
    return found.length > 0 ? found : undefined;
  }, `the conversation with ${number}`);
  await waitFor(async () => {
    const messages = await gateway.store.listMessages(conversation?.id ?? '');
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? true : undefined;
  }, 'the conversation to settle');
}

async function text(from: string, body: string): Promise<string[]> {
  const before = smsTo(from).length;
  const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, { from, to: OUR_NUMBER, body });
  expect(result.status).toBe(200);
  await settled(from);
  return smsTo(from).slice(before);
}

/** Text until the gateway asks nothing the script answers. */
async function textThrough(
  from: string,
  first: string,
  script: readonly (readonly [RegExp, string])[],
): Promise<string> {
  let replies = await text(from, first);
  const all = [...replies];
  for (let i = 0; i < 30; i++) {
    const last = replies.join(' ');
    const answer = script.find(([question]) => question.test(last));
    if (!answer) break;
    replies = await text(from, answer[1]);
    all.push(...replies);
  }
  return all.join('\n');
}

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

async function cardFor(channel: string, words: string): Promise<SlackMessage> {
  return waitFor(async () => cardsIn(channel).find((m) => shown(m).includes(words)), `a card showing "${words}"`);
}

async function inThread(card: SlackMessage, words: string): Promise<SlackMessage> {
  return waitFor(
    async () =>
      slack.messages.find((m) => m.channel === card.channel && m.threadTs === card.ts && shown(m).includes(words)),
    `"${words}" in the thread`,
  );
}

async function modalOpened(before: number, callbackId: string): Promise<SlackView> {
  return waitFor(
    async () => slack.views.slice(before).find((v) => v.view.callback_id === callbackId),
    `the ${callbackId} modal`,
  );
}

async function press(card: SlackMessage, actionId: string, value: string, callbackId: string): Promise<SlackView> {
  const before = slack.views.length;
  expect((await requests.button(SAM, card, actionId, value)).status).toBe(200);
  return modalOpened(before, callbackId);
}

const caseworkerScript = [
  [/formal complaint, or try to put it right/i, '1'],
  [/Privacy notice|privacy/i, 'yes'],
  [/put (things|it) right\?/i, 'Fix the window and tell her when someone is coming'],
  [/When did (this|it) start/i, '2'],
  [/tenant, or/i, '2'],
  [/full name of the person|name of the person/i, 'Mary Jones'],
  [/contacting us for Mary Jones/i, 'yes'],
  [/your name/i, 'Tom Reed'],
  [/connected to/i, "caseworker at Jane Smith MP's office"],
  [/agreed to you acting/i, '1'],
  [/postcode or tenancy/i, 'M1 1AE'],
  [/How should we contact/i, '1'],
  [/phone number/i, '07700 900322'],
  [/format/i, '1'],
] as const;

let caseId: string;
let reference: string;
let card: SlackMessage;

describe('a caseworker writes for a tenant; colleagues see and act on it in Slack', () => {
  it('asks the tenant on her own phone, sends the caseworker nothing about the case, and shows it on the card', async () => {
    const said = await textThrough(
      CASEWORKER,
      "Hello I'm a caseworker at Jane Smith MP's office writing on behalf of my constituent Mary Jones, the repairs team have missed three appointments to fix her broken window and nobody tells her anything",
      caseworkerScript,
    );
    reference = /CMP-\d{4}-\d{6}/.exec(said)?.[0] ?? '';
    expect(reference).not.toBe('');
    const row = await gateway.store.getCaseByReference(reference);
    caseId = row?.id ?? '';
    // Mary is asked by text from our number; the acknowledgement letter's link goes to her, not to Tom.
    const toMary = await waitFor(async () => {
      const sent = smsTo(MARY).join(' ');
      return sent.includes('reply YES') || sent.includes('Reply YES') ? sent : undefined;
    }, 'the consent request to Mary');
    expect(toMary).toContain('Tom Reed');
    expect(toMary).toContain(reference);
    expect(smsTo(CASEWORKER).join(' ')).not.toContain('/documents/');

    card = await cardFor(CH.complaints, reference);
    await waitFor(async () => {
      const fresh = cardsIn(CH.complaints).find((m) => m.ts === card.ts);
      return fresh && shown(fresh).includes('customer asked by text') ? true : undefined;
    }, 'the card to show the consent request');
  });

  it('takes her YES, tells Tom he may now be told, and shows it on the card', async () => {
    await text(MARY, 'YES');
    expect((await gateway.store.listParties(caseId))[0]?.consent_status).toBe('confirmed');
    await waitFor(
      async () => (smsTo(CASEWORKER).some((m) => m.includes('Mary Jones has agreed')) ? true : undefined),
      'Tom told',
    );
    await waitFor(async () => {
      const fresh = cardsIn(CH.complaints).find((m) => m.ts === card.ts);
      return fresh && shown(fresh).includes('customer agreed') ? true : undefined;
    }, 'the card to show the consent');
  });

  it('withdraws the representative through the card', async () => {
    const modal = await press(card, 'parties_withdraw_consent', `case:${caseId}`, 'parties_withdraw_consent_modal');
    const party = (await gateway.store.listParties(caseId))[0];
    const missing = await requests.submit(SAM, modal, { party: { select: party?.id ?? '' } });
    expect(missing.json).toMatchObject({ response_action: 'errors' });
    const done = await requests.submit(SAM, modal, {
      party: { select: party?.id ?? '' },
      note: { text: 'Mary phoned: Tom no longer acts for her' },
    });
    expect(done.status).toBe(200);
    expect(done.json?.response_action).toBeUndefined();
    expect((await gateway.store.listParties(caseId))[0]?.consent_status).toBe('withdrawn');
    await inThread(card, 'withdrew consent for Tom Reed');
  });

  it("records a colleague's note of written consent", async () => {
    const opened = await gateway.cases.openCase({
      kind: 'formal_complaint',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'Written for my dad: the heating keeps failing',
      party: { name: 'Sam Green', relationship: 'son', consent: 'ask' },
    });
    const other = await cardFor(CH.complaints, opened.case.reference);
    const modal = await press(
      other,
      'parties_written_consent',
      `case:${opened.case.id}`,
      'parties_written_consent_modal',
    );
    const party = (await gateway.store.listParties(opened.case.id))[0];
    await requests.submit(SAM, modal, {
      party: { select: party?.id ?? '' },
      note: { text: 'Signed authority form, scanned to the file' },
    });
    expect((await gateway.store.listParties(opened.case.id))[0]).toMatchObject({
      consent_status: 'confirmed',
      consent_decided_by: `staff:${SAM}`,
    });
    await inThread(other, "recorded the customer's written consent for Sam Green");
    // The card's Refuse complaint button opens the same form as `/case <ref> refuse`.
    const refuse = await press(other, 'parties_refuse', `case:${opened.case.id}`, 'parties_refuse_modal');
    expect(JSON.stringify(refuse.view.blocks)).toContain('already been considered');
  });

  it('restricts contact with a reason, an arrangement and a review date, and brings the review back as a reminder', async () => {
    const modal = await press(card, 'parties_restrict', `case:${caseId}`, 'parties_restrict_modal');
    const past = await requests.submit(SAM, modal, {
      reason: { text: 'Threats to staff on 20 November' },
      arrangement: { select: 'single_point_of_contact' },
      detail: { text: 'Sam Patel, complaints officer' },
      review: { date: '2020-01-01' },
    });
    expect(past.json).toMatchObject({ response_action: 'errors', errors: { review: expect.stringMatching(/future/) } });
    // First exactly the letter the customer gets, behind a preview link; nothing is recorded yet.
    const previewed = await requests.submit(SAM, modal, {
      reason: { text: 'Threats to staff on 20 November' },
      arrangement: { select: 'single_point_of_contact' },
      detail: { text: 'Sam Patel, complaints officer' },
      review: { date: '2027-03-01' },
    });
    expect(previewed.json).toMatchObject({ response_action: 'push' });
    const preview = slack.showAnswered(previewed.json);
    expect(JSON.stringify(preview.view.blocks)).toContain('/documents/');
    expect(JSON.stringify(preview.view.blocks)).toContain('2027-03-01');
    expect(await gateway.cases.restrictions.active({ caseId })).toEqual([]);
    const done = await requests.submit(SAM, preview);
    expect(done.json).toMatchObject({ response_action: 'clear' });
    const [restriction] = await gateway.cases.restrictions.active({ caseId });
    expect(restriction).toMatchObject({ arrangement: 'single_point_of_contact', recorded_by: `staff:${SAM}` });
    await inThread(card, 'restricted contact');
    const letters = await gateway.documents.documents.listDocumentsForCase(caseId);
    expect(letters.map((d) => d.kind)).toContain('restriction_notice');

    // The review date comes: its queued job posts a reminder with a button in the thread.
    const reviewAt = new Date(restriction?.review_at ?? 0).toISOString();
    const job = await gateway.queues.queues.handoff.getJob(
      jobId('restriction-review', restriction?.id ?? '', reviewAt),
    );
    expect(job?.opts.delay).toBeGreaterThan(0);
    await gateway.queues.add(
      'handoff',
      { type: 'restriction_review', restrictionId: restriction?.id ?? '', reviewAt },
      { id: 'test-restriction-review' },
    );
    const reminder = await inThread(card, 'Review due');
    const before = slack.views.length;
    await requests.button(
      SAM,
      { channel: reminder.channel, ts: reminder.ts },
      'parties_review_restriction',
      `restriction:${restriction?.id}`,
    );
    const review = await modalOpened(before, 'parties_review_modal');
    await requests.submit(SAM, review, { decision: { select: 'lift' } });
    expect(await gateway.cases.restrictions.active({ caseId })).toEqual([]);
    await waitFor(
      async () => (slack.messages.some((m) => shown(m).includes('lifted the contact restriction')) ? true : undefined),
      'the review confirmed in Slack',
    );
  });

  it('refuses with /case <ref> refuse: the reason and the Ombudsman go to Mary by text and letter', async () => {
    const before = slack.views.length;
    const answer = await requests.command(
      SAM,
      { id: CH.complaints, name: 'complaints-liaison' },
      '/case',
      `${reference} refuse`,
    );
    expect(answer.status).toBe(200);
    const modal = await modalOpened(before, 'parties_refuse_modal');
    expect(JSON.stringify(modal.view.blocks)).toContain('more than 12 months');
    const sentBefore = smsTo(MARY).length;
    // First exactly what Mary gets: the message, in her language, and the letter behind a preview link.
    const previewed = await requests.submit(SAM, modal, {
      reason: { select: 'already_considered' },
      explanation: { text: 'This was answered at stage 2 under CMP-2025-000100 in March.' },
    });
    expect(previewed.json).toMatchObject({ response_action: 'push' });
    const preview = slack.showAnswered(previewed.json);
    expect(JSON.stringify(preview.view.blocks)).toContain('0300 111 3000');
    expect(JSON.stringify(preview.view.blocks)).toContain('/documents/');
    expect((await gateway.store.getCase(caseId))?.status).toBe('open');
    expect(smsTo(MARY).length).toBe(sentBefore);
    const done = await requests.submit(SAM, preview);
    expect(done.json).toMatchObject({ response_action: 'clear' });
    expect(await gateway.store.getCase(caseId)).toMatchObject({
      status: 'refused',
      refusal_reason: 'already_considered',
    });
    const toMary = await waitFor(async () => {
      const sent = smsTo(MARY).slice(sentBefore).join(' ');
      return sent.includes('0300 111 3000') && sent.includes('/documents/') ? sent : undefined;
    }, 'the refusal to Mary').catch((error: unknown) => {
      throw new Error(`${String(error)}; Mary got: ${JSON.stringify(smsTo(MARY).slice(sentBefore))}`);
    });
    expect(toMary).toContain(reference);
    await inThread(card, 'refused by');
  });

  it('offers Refuse on the card, and refuses a case that is not a complaint', async () => {
    const enquiry = await gateway.cases.openCase({
      kind: 'enquiry',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'When is bin day?',
    });
    const enquiryCard = await cardFor(CH.customerServices, enquiry.case.reference);
    expect(shown(enquiryCard)).not.toContain('Refuse complaint');
    const before = slack.views.length;
    await requests.command(
      SAM,
      { id: CH.complaints, name: 'complaints-liaison' },
      '/case',
      `${enquiry.case.reference} refuse`,
    );
    const modal = await modalOpened(before, 'parties_refuse_modal');
    const refused = await requests.submit(SAM, modal, {
      reason: { select: 'already_considered' },
      explanation: { text: 'x' },
    });
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { reason: expect.stringMatching(/not a complaint/) },
    });
  });
});
