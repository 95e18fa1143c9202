import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/db/rows.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import type { SlackFake, SlackMessage } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { CH, OUR_NUMBER, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import { waitFor } from '../helpers/redis.js';
import type { SlackRequests } from './slack-requests.js';

/**
 * Issue 11 item 7, safety first in every state: the whole gateway (real Bolt and web-api
 * against the Slack fake, customers texting through the Twilio fake). An emergency written
 * while the conversation waits for a colleague, or while a colleague has it, gets its safety
 * advice by SMS at once, and the Slack thread is alerted with a mention of whoever is on call
 * (SLACK_ON_CALL) and of the colleague who has the conversation.
 */

const ON_CALL = 'U0ONCALL1';

let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;
let world: SlackWorld;
let i18n: Translator;

beforeAll(async () => {
  i18n = await createTranslator();
  world = await startSlackWorld({
    users: [{ id: ON_CALL, name: 'on.call', realName: 'On Call' }],
    env: { SLACK_ON_CALL: ON_CALL },
  });
  ({ slack, twilio, gateway, requests } = world);
});
afterAll(async () => {
  await world?.stop();
});

const smsTo = (customer: string): string[] => twilio.sent.filter((m) => m.to === customer).map((m) => m.body);
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

/** The customer texts; resolves to what the gateway texted back, read as one text. */
async function text(customer: string, body: string, expectReply = true): Promise<string> {
  const before = smsTo(customer).length;
  const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
    from: customer,
    to: OUR_NUMBER,
    body,
  });
  expect(result.status).toBe(200);
  await settled(customer);
  if (!expectReply) return asRead(smsTo(customer).slice(before));
  return asRead(
    await waitFor(async () => (smsTo(customer).length > before ? smsTo(customer).slice(before) : undefined), 'a reply'),
  );
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

const en = (key: string): string =>
  i18n.t('en', key, { context: 'sms', emergencyLine: '' }).split('{{')[0]!.slice(0, 40);

describe('an emergency while the conversation waits for a colleague', () => {
  const CUSTOMER = '+447700900501';

  it('gets the advice and an EMG reference, and the emergency card calls whoever is on call at once', async () => {
    const first = await text(CUSTOMER, 'I can smell gas in the hallway');
    expect(first).toContain('0800 111 999');
    expect(first).toMatch(/EMG-\d{4}-\d{6}/);
    expect((await conversationOf(CUSTOMER)).handoff_state).toBe('queued');
    const card = await cardFor(CH.emergencies, 'EMG-');
    const alert = await inThread(card, ':rotating_light:');
    expect(alert.text).toContain(`<@${ON_CALL}>`);
  });

  it('"the smell is worse and the CO alarm is going off" is answered at once, not silence, and the thread is alerted', async () => {
    const reference = /EMG-\d{4}-\d{6}/.exec(asRead(smsTo(CUSTOMER)))?.[0] ?? '';
    const reply = await text(CUSTOMER, 'the smell is worse and the CO alarm is going off');
    expect(reply).toContain('0800 111 999');
    expect(reply).toContain(en('emergency.advice.gas'));
    // The same emergency, not a second case.
    expect(reply).toContain(reference);
    const conversation = await conversationOf(CUSTOMER);
    expect(conversation.handoff_state).toBe('queued');
    const cases = await gateway.store.listCasesForConversation(conversation.id, false);
    expect(cases.filter((c) => c.kind === 'emergency')).toHaveLength(1);

    const card = await cardFor(CH.emergencies, reference);
    const alert = await inThread(card, 'Emergency reported in this conversation');
    expect(alert.text).toContain(`<@${ON_CALL}>`);
    expect(shown(alert)).toContain('the smell is worse and the CO alarm is going off');
    // The words are in the thread as well, as every message to a waiting conversation is.
    await inThread(card, 'CO alarm is going off');
  });
});

describe('an emergency while a colleague has the conversation', () => {
  const CUSTOMER = '+447700900502';

  it('a customer who asked for a person, claimed by Sam, reports sparks: advice at once, Sam and on-call are called in the thread, and Sam keeps the chat', async () => {
    await text(CUSTOMER, 'My kitchen tap has been dripping for a week');
    await text(CUSTOMER, 'put me through to somebody');
    const card = await cardFor(CH.customerServices, 'kitchen tap has been dripping');
    const conversation = await conversationOf(CUSTOMER);
    await requests.button(SAM, card, 'conversation_claim', `conversation:${conversation.id}`);
    await waitFor(
      async () => ((await conversationOf(CUSTOMER)).handoff_state === 'staff' ? true : undefined),
      'Sam to have the conversation',
    );
    // The customer is told who has them (sent through the outbound queue) before they write again.
    await waitFor(
      async () => (asRead(smsTo(CUSTOMER)).includes('now talking to Sam') ? true : undefined),
      'the customer to be told Sam has the chat',
    );

    // Small talk with a colleague gets no bot reply.
    expect(await text(CUSTOMER, 'ok thanks, it is the cold tap', false)).toBe('');

    const reply = await text(CUSTOMER, 'water is pouring through the ceiling light and it is sparking');
    expect(reply).toContain(en('emergency.advice.electrics'));
    expect(reply).toMatch(/EMG-\d{4}-\d{6}/);
    expect(await conversationOf(CUSTOMER)).toMatchObject({ handoff_state: 'staff', assignee: `staff:${SAM}` });

    const alert = await inThread(card, 'Emergency reported in this conversation');
    expect(alert.text).toContain(`<@${SAM}>`);
    expect(alert.text).toContain(`<@${ON_CALL}>`);
    expect(shown(alert)).toContain('sparking');
  });
});
