import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { Conversation, Message } from '../../src/db/rows.js';
import type { ContentChoice, SentSms, TwilioFake } from '../fakes/twilio-fake.js';
import type { TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';

/** Twilio signs the public URL, so the gateway must know its port before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What a customer sends on WhatsApp: words, a tapped button, a picked list item, a photo or a voice note. */
export type Said =
  string | { tap: string } | { pick: string } | { text?: string; media: { url: string; contentType: string }[] };

/**
 * One customer on WhatsApp, talking to the whole gateway through the Twilio fake, as
 * WhatsApp and Twilio deliver it: `whatsapp:` addresses, a profile name, button taps
 * with their ids, media with its content type.
 */
export class WhatsAppCustomer {
  constructor(
    private readonly gateway: () => TestGateway,
    private readonly twilio: () => TwilioFake,
    readonly number: string,
    readonly ours: string,
    readonly profileName: string,
  ) {}

  get address(): string {
    return `whatsapp:${this.number}`;
  }

  /** Everything sent to this customer on WhatsApp, in order. */
  received(): SentSms[] {
    return this.twilio().sent.filter((m) => m.to === this.address);
  }

  /** Texts sent to the same number by SMS. */
  texts(): SentSms[] {
    return this.twilio().sent.filter((m) => m.to === this.number);
  }

  async conversation(): Promise<Conversation> {
    return waitFor(
      async () => (await this.gateway().store.findConversation('whatsapp', this.address))[0],
      `the WhatsApp conversation with ${this.number}`,
    );
  }

  /** Every stored message has had its turn and every reply has been handed to Twilio. */
  async settled(): Promise<Message[]> {
    const { id } = await this.conversation();
    return waitFor(async () => {
      const messages = await this.gateway().store.listMessages(id);
      return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
    }, 'the conversation to settle');
  }

  /** The last message sent to the customer that offered this choice (as a button or list item). */
  private offered(title: string, kind: 'tap' | 'pick'): ContentChoice {
    const last = [...this.received()]
      .reverse()
      .find((m) => (kind === 'tap' ? m.buttons : (m.list?.items ?? [])).some((c) => c.title === title));
    const choice = (kind === 'tap' ? last?.buttons : last?.list?.items)?.find((c) => c.title === title);
    if (!choice)
      throw new Error(
        `no ${kind === 'tap' ? 'button' : 'list item'} "${title}" was offered; offered: ${JSON.stringify(
          this.received()
            .slice(-3)
            .map((m) => [m.buttons, m.list]),
        )}`,
      );
    return choice;
  }

  /** The customer sends something; resolves to what the gateway sent back once everything has settled. */
  async send(said: Said): Promise<SentSms[]> {
    const before = this.received().length;
    const url = `${this.gateway().config.PUBLIC_BASE_URL}/sms/twilio`;
    const base = { from: this.address, to: this.ours, profileName: this.profileName };
    const sms =
      typeof said === 'string'
        ? { ...base, body: said }
        : 'tap' in said
          ? { ...base, body: '', button: this.offered(said.tap, 'tap') }
          : 'pick' in said
            ? { ...base, body: '', listItem: this.offered(said.pick, 'pick') }
            : { ...base, body: said.text ?? '', media: said.media };
    const result = await this.twilio().receive(url, sms);
    expect(result.status).toBe(200);
    await this.settled();
    return this.received().slice(before);
  }
}

/** A message as the customer sees it: its words, then its buttons or list. */
export function shown(message: SentSms): string {
  const buttons = message.buttons.map((b) => `[${b.title}]`).join(' ');
  const list = message.list ? `[${message.list.button} ▾: ${message.list.items.map((i) => i.title).join(' | ')}]` : '';
  return [message.body, buttons, list].filter((p) => p !== '').join('\n');
}

/** Sends a whole conversation and returns the reference the gateway gave at the end. */
export async function complain(customer: WhatsAppCustomer, script: readonly Said[]): Promise<string> {
  let last: SentSms[] = [];
  for (const said of script) {
    last = await customer.send(said);
    expect(last.length, `a reply to ${JSON.stringify(said)}`).toBeGreaterThan(0);
  }
  const reference = /\b[A-Z]{3}-\d{4}-\d{6}\b/.exec(last.map((m) => m.body).join('\n'))?.[0];
  if (!reference)
    throw new Error(`no reference at the end; the last replies were:\n${last.map(shown).join('\n---\n')}`);
  return reference;
}
