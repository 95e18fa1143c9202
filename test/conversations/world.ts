import { randomBytes } from 'node:crypto';
import type { Activity, Message as DirectLineMessage } from 'botframework-directlinejs';
import type { Conversation, Message } from '../../src/db/rows.js';
import { ConnectionStatus, OfficialClient } from '../directline/helpers/official-client.js';
import { startGraphFake, type GraphFake } from '../fakes/graph-fake.js';
import { startSlackFake, type SlackFake, type SlackMessage } from '../fakes/slack-fake.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { messengerMessage, newPsid, postToMeta } from '../meta/payloads.js';
import { freePort } from '../webchat-e2e/helpers.js';
import { startTestGateway } from '../helpers/gateway.js';

/**
 * The world a simulated customer talks to: the WHOLE gateway (the real dialogs bot, turn and
 * outbound queues on real Redis, PGlite) with SMS through the Twilio fake (signed webhooks),
 * Messenger through the Graph fake (signed webhooks), web chat through Microsoft's official
 * botframework-directlinejs client, and Slack on (the Slack fake) so handoffs reach staff.
 */

export type ChannelName = 'sms' | 'directline' | 'messenger';

/** What a customer sends in one message: words, or a photo (with or without words). */
export type Said = string | { text?: string; photo: true };

const OUR_NUMBER = '+447700900000';
const APP_SECRET = 'meta-app-secret-for-persona-tests';
const SIGNING_SECRET = 'slack-signing-secret-for-persona-tests';
export const slackChannels = {
  complaints: 'C0COMPLAINTS',
  customerServices: 'C0CUSTSERV',
  emergencies: 'C0EMERGENCY',
  seniorManagers: 'C0SENIOR',
};

export interface World {
  gateway: TestGateway;
  twilio: TwilioFake;
  graph: GraphFake;
  slack: SlackFake;
  /** A new customer on a channel, who has not written yet. */
  customer(channel: ChannelName, locale: string): Customer;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const [twilio, graph, slack, port] = await Promise.all([
    startTwilioFake(),
    startGraphFake(),
    startSlackFake({
      channels: [
        { id: slackChannels.complaints, name: 'complaints-liaison' },
        { id: slackChannels.customerServices, name: 'customer-services' },
        { id: slackChannels.emergencies, name: 'emergency-repairs' },
        { id: slackChannels.seniorManagers, name: 'senior-managers' },
      ],
    }),
    freePort(),
  ]);
  const gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: twilio.url,
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: 'verify-token-for-persona-tests',
    META_PAGE_TOKEN: graph.pageToken,
    META_GRAPH_URL: graph.url,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    SLACK_ROUTES: JSON.stringify(slackChannels),
  });
  const world: World = {
    gateway,
    twilio,
    graph,
    slack,
    customer(channel, locale) {
      if (channel === 'sms') return new SmsCustomer(world);
      if (channel === 'messenger') return new MessengerCustomer(world);
      return new WebChatCustomer(world, locale);
    },
    async close() {
      await gateway.stop();
      await Promise.all([twilio.close(), graph.close(), slack.close()]);
    },
  };
  return world;
}

/** Generous: a loaded two-core machine runs other helpers' suites at the same time. */
const settleMs = 45_000;

/** One customer, on one channel, holding one conversation. */
export abstract class Customer {
  protected conversationRow: Conversation | undefined;
  constructor(protected readonly world: World) {}

  /** Sends one message as the channel would deliver it. */
  protected abstract deliver(said: Said): Promise<void>;
  /** The conversation row, once the first message is in. */
  protected abstract find(): Promise<Conversation | undefined>;
  /** How many messages the customer has had on their device from us so far. */
  abstract receivedCount(): number;

  async conversation(): Promise<Conversation> {
    this.conversationRow ??= await waitFor(() => this.find(), 'the conversation row', settleMs);
    return this.conversationRow;
  }

  /** Sends a message and waits until its turn has run and every reply has gone to the channel. */
  async send(said: Said): Promise<void> {
    await this.deliver(said);
    await this.settled();
  }

  async settled(): Promise<Message[]> {
    const { id } = await this.conversation();
    const messages = await waitFor(
      async () => {
        const all = await this.world.gateway.store.listMessages(id);
        return all.every((m) => m.status !== 'received' && m.status !== 'queued') ? all : undefined;
      },
      'the conversation to settle',
      settleMs,
    );
    // What the channel reports as sent reaches the device a moment later (the web chat stream).
    const outbound = messages.filter((m) => m.direction === 'outbound' && m.status === 'sent').length;
    await waitFor(async () => this.receivedCount() >= outbound, 'the replies on the device', 10_000).catch(
      () => undefined,
    );
    return messages;
  }

  /** Every message of the conversation, in order. */
  async messages(): Promise<Message[]> {
    return this.world.gateway.store.listMessages((await this.conversation()).id);
  }

  close(): void {}
}

export const hasText = (said: Said): string => (typeof said === 'string' ? said : (said.text ?? ''));
export const isPhoto = (said: Said): boolean => typeof said !== 'string' && said.photo;

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

class SmsCustomer extends Customer {
  readonly number = `+4477009${String(10_000 + Math.floor(Math.random() * 89_999)).padStart(5, '0')}`;

  protected async deliver(said: Said): Promise<void> {
    const { twilio, gateway } = this.world;
    const media = isPhoto(said)
      ? [
          {
            url: `https://api.twilio.com/2010-04-01/Accounts/${twilio.accountSid}/Messages/${sid('MM')}/Media/${sid('ME')}`,
            contentType: 'image/jpeg',
          },
        ]
      : undefined;
    const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
      from: this.number,
      to: OUR_NUMBER,
      body: hasText(said),
      ...(media ? { media } : {}),
    });
    if (result.status !== 200) throw new Error(`the SMS webhook answered ${result.status}: ${result.body}`);
  }

  protected async find(): Promise<Conversation | undefined> {
    return (await this.world.gateway.store.findConversation('sms', this.number))[0];
  }

  receivedCount(): number {
    return this.world.twilio.sent.filter((m) => m.to === this.number).length;
  }

  /** SMS parts count separately on the phone; one outbound row may be several texts. */
  override async settled(): Promise<Message[]> {
    const { id } = await this.conversation();
    return waitFor(
      async () => {
        const all = await this.world.gateway.store.listMessages(id);
        return all.every((m) => m.status !== 'received' && m.status !== 'queued') ? all : undefined;
      },
      'the conversation to settle',
      settleMs,
    );
  }
}

class MessengerCustomer extends Customer {
  readonly psid = newPsid();

  protected async deliver(said: Said): Promise<void> {
    const { graph, gateway } = this.world;
    const text = hasText(said);
    const payload = messengerMessage({
      pageId: graph.pageId,
      psid: this.psid,
      ...(text !== '' || !isPhoto(said) ? { text } : {}),
      ...(isPhoto(said)
        ? {
            attachments: [
              { type: 'image', url: `https://scontent.example/v/t1/${randomBytes(8).toString('hex')}.jpg` },
            ],
          }
        : {}),
    });
    const result = await postToMeta(`${gateway.url}/social/meta`, APP_SECRET, payload);
    if (result.status !== 200) throw new Error(`the Meta webhook answered ${result.status}: ${result.body}`);
  }

  protected async find(): Promise<Conversation | undefined> {
    return (await this.world.gateway.store.findConversation('messenger', this.psid))[0];
  }

  receivedCount(): number {
    return this.world.graph.sent.filter((m) => m.recipient.id === this.psid).length;
  }
}

/** A jpeg that is really one (the upload route looks at the bytes). */
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
  Buffer.from('JFIF\0photo from a phone'),
]);

class WebChatCustomer extends Customer {
  private client: OfficialClient | undefined;
  private token = '';

  constructor(
    world: World,
    private readonly locale: string,
  ) {
    super(world);
  }

  private async ensureClient(): Promise<OfficialClient> {
    if (this.client) return this.client;
    const minted = await fetch(`${this.world.gateway.url}/webchat/token`, { method: 'POST' });
    if (minted.status !== 200) throw new Error(`the web chat token route answered ${minted.status}`);
    this.token = ((await minted.json()) as { token: string }).token;
    this.client = new OfficialClient(this.world.gateway.url, { token: this.token });
    return this.client;
  }

  private conversationId(): string | undefined {
    const fromClient = (this.client?.directLine as unknown as { conversationId?: string } | undefined)?.conversationId;
    return fromClient ?? this.client?.received.find((a) => a.conversation?.id)?.conversation?.id;
  }

  protected async deliver(said: Said): Promise<void> {
    const client = await this.ensureClient();
    if (!isPhoto(said)) {
      await client.say(hasText(said), this.locale);
      return;
    }
    // The paperclip: Web Chat posts the file and the activity to Direct Line's upload route.
    if (!this.conversationId()) await client.status(ConnectionStatus.Online);
    const id = await waitFor(async () => this.conversationId(), 'the web chat conversation id', settleMs);
    const form = new FormData();
    const activity = {
      type: 'message',
      from: { id: 'user' },
      locale: this.locale,
      ...(hasText(said) ? { text: hasText(said) } : {}),
    };
    form.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'IMG_2041.JPG');
    const response = await fetch(`${this.world.gateway.url}/v3/directline/conversations/${id}/upload?userId=user`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.currentToken()}` },
      body: form,
    });
    if (response.status !== 200)
      throw new Error(`the Direct Line upload answered ${response.status}: ${await response.text()}`);
  }

  private currentToken(): string {
    return (this.client?.directLine as unknown as { token?: string } | undefined)?.token ?? this.token;
  }

  protected async find(): Promise<Conversation | undefined> {
    const id = this.conversationId();
    return id ? (await this.world.gateway.store.findConversation('directline', id))[0] : undefined;
  }

  receivedCount(): number {
    return (this.client?.received ?? []).filter(
      (a: Activity): a is DirectLineMessage => a.type === 'message' && a.from.role === 'bot',
    ).length;
  }

  override close(): void {
    this.client?.end();
  }
}

/** Every piece of text in a Slack message: its notification text and its blocks. */
export function shownInSlack(message: SlackMessage): string {
  const parts: string[] = [message.text ?? ''];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(message.blocks);
  return parts.join('\n');
}
