import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/db/rows.js';
import type { SlackFake, SlackMessage } from '../fakes/slack-fake.js';
import type { TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { CH, OUR_NUMBER, SAM, startSlackWorld, type SlackWorld } from '../helpers/slack-world.js';
import type { SlackRequests } from './slack-requests.js';

/**
 * SLACK_THREAD_REPLIES_TO_CUSTOMER=true: for a landlord who wants the thread to be the
 * conversation, as it was. A plain message from the colleague who has the customer goes
 * to them and is confirmed in the thread; anyone else's is not sent, and they are told.
 */

const ALEX = 'U0ALEX';
const NIA = '+447700900811';

let world: SlackWorld;
let slack: SlackFake;
let twilio: TwilioFake;
let gateway: TestGateway;
let requests: SlackRequests;

beforeAll(async () => {
  world = await startSlackWorld({
    users: [{ id: ALEX, name: 'alex', realName: 'Alex Reid' }],
    env: { SLACK_THREAD_REPLIES_TO_CUSTOMER: 'true' },
  });
  ({ slack, twilio, gateway, requests } = world);
});

afterAll(async () => {
  await world?.stop();
});

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

async function text(customer: string, body: string): Promise<void> {
  expect(
    (await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, { from: customer, to: OUR_NUMBER, body }))
      .status,
  ).toBe(200);
  await settled(customer);
}

function shown(message: SlackMessage): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? '')}`;
}

describe('thread replies go to the customer when the landlord keeps the old behaviour', () => {
  let card: SlackMessage;

  it("sends the holder's plain thread message, and confirms it in the thread", async () => {
    await text(NIA, 'hiya, my bathroom extractor fan has stopped working');
    await text(NIA, 'can i talk to someone');
    card = await waitFor(
      async () =>
        slack.messages.find(
          (m) => m.channel === CH.customerServices && !m.threadTs && shown(m).includes('extractor fan'),
        ),
      'the handoff card',
    );
    const { id } = await conversationOf(NIA);
    await requests.button(ALEX, card, 'conversation_claim', `conversation:${id}`);
    await waitFor(async () => (await conversationOf(NIA)).assignee === `staff:${ALEX}`, 'Alex to have the chat');

    const before = smsTo(NIA).length;
    await requests.threadReply(
      ALEX,
      card.channel,
      card.ts,
      'Hi, I can get an electrician to you on Friday, does that work?',
    );
    await settled(NIA);
    await waitFor(
      async () => smsTo(NIA).slice(before).includes('Hi, I can get an electrician to you on Friday, does that work?'),
      'the SMS',
    );
    await waitFor(
      async () =>
        slack.messages.find(
          (m) => m.threadTs === card.ts && shown(m).includes('To the customer') && shown(m).includes('electrician'),
        ),
      'the confirmation in the thread',
    );
  });

  it('sends nothing from a colleague who does not have the customer, and tells them why; a note stays internal', async () => {
    const before = smsTo(NIA).length;
    const ephemerals = slack.ephemerals.length;
    await requests.threadReply(SAM, card.channel, card.ts, 'is this the lady who rang about the fan last month?');
    const told = await waitFor(
      async () => slack.ephemerals.slice(ephemerals).find((e) => e.args.user === SAM),
      'a word to Sam',
    );
    expect(String(told.args.text)).toContain('Not sent to the customer');
    await requests.threadReply(ALEX, card.channel, card.ts, 'note: she rang about the fan last month too');
    await settled(NIA);
    expect(smsTo(NIA).length).toBe(before);
    const { id } = await conversationOf(NIA);
    const said = (await gateway.store.listMessages(id)).filter((m) => m.direction === 'outbound').map((m) => m.text);
    expect(said.some((t) => t.includes('lady who rang') || t.includes('last month too'))).toBe(false);
  });
});
