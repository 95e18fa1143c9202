import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { everyConversationAccounted } from '../conversations/accounted.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSegments } from '../../channels/twilio/segments.js';
import { referencePattern } from '../../src/db/case-store.js';
import { PrivacyNoticeRepository } from '../../src/db/privacy-notices.js';
import type { Conversation, Message } from '../../src/db/rows.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';

const OUR_NUMBER = '+447700900000';
const CUSTOMER = '+447700900777';
/** A repair complaint that never says "complaint". */
const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

/** Twilio signs the public URL, so the gateway must know its port before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let twilio: TwilioFake;
let gateway: TestGateway;

beforeAll(async () => {
  twilio = await startTwilioFake();
  const port = await freePort();
  gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_NUMBER,
    TWILIO_API_URL: twilio.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
});

const texts = (): string[] => twilio.sent.filter((m) => m.to === CUSTOMER).map((m) => m.body);

async function conversation(): Promise<Conversation> {
  return waitFor(async () => (await gateway.store.findConversation('sms', CUSTOMER))[0], 'the SMS conversation');
}

/** Waits until every message the customer sent has had its turn and every reply has gone. */
async function settled(): Promise<Message[]> {
  const { id } = await conversation();
  return waitFor(async () => {
    const messages = await gateway.store.listMessages(id);
    return messages.every((m) => m.status !== 'received' && m.status !== 'queued') ? messages : undefined;
  }, 'the conversation to settle');
}

/** The customer texts; resolves to the SMS bodies the gateway sent back. */
async function text(body: string, messageSid?: string): Promise<string[]> {
  const before = texts().length;
  const result = await twilio.receive(`${gateway.config.PUBLIC_BASE_URL}/sms/twilio`, {
    from: CUSTOMER,
    to: OUR_NUMBER,
    body,
    ...(messageSid ? { messageSid } : {}),
  });
  expect(result.status).toBe(200);
  expect(result.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  await settled();
  return texts().slice(before);
}

describe('a whole complaint by SMS, through the running gateway', () => {
  it('ends with a case on the SMS channel with its consents, preferences and messages, and the replies at Twilio', async () => {
    const firstSid = `SM${'a1'.repeat(16)}`;
    const offer = await text(noShow, firstSid);
    expect(offer.length).toBeGreaterThan(0);
    expect(offer.join('\n')).toMatch(/^1\.? Formal complaint$/m); // choices as numbered lines, once
    expect(offer.join('\n').match(/Formal complaint/g)).toHaveLength(1);

    // Twilio's retry of the first webhook makes no second turn and no second reply.
    expect(await text(noShow, firstSid)).toEqual([]);

    const script = [
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
    for (const answer of script) {
      last = await text(answer);
      expect(last.length, `a reply to "${answer}"`).toBeGreaterThan(0);
    }
    const reference = referencePattern.exec(last.join('\n'))?.[0];
    expect(reference, last.join('\n')).toMatch(/^CMP-\d{4}-\d{6}$/);
    // A plain receipt: the reference and the dates. The acknowledgement letter goes only when a
    // colleague acknowledges the complaint (issue 15), so no letter's link comes with it.
    expect(last.join('\n')).toContain(reference!);
    expect(
      last.some((sms) => sms.includes('/documents/')),
      last.join('\n---\n'),
    ).toBe(false);

    // Every SMS came from our number through the REST API, within the size the sender allows.
    for (const sms of twilio.sent.filter((m) => m.to === CUSTOMER)) {
      expect(sms.from).toBe(OUR_NUMBER);
      expect(countSegments(sms.body).segments).toBeLessThanOrEqual(4);
    }

    const row = await gateway.store.getCaseByReference(reference!);
    const { id: conversationId } = await conversation();
    expect(row).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      channel_id: 'sms',
      conversation_id: conversationId,
      customer_words: noShow,
    });
    const customer = await gateway.store.getCustomer(row!.customer_id!);
    expect(customer).toMatchObject({
      name: 'Jane Smith',
      postcode: 'SW1A 1AA',
      phone: CUSTOMER,
      contact_method: 'sms',
      preferred_format: 'large_print',
    });
    // The privacy notice is told and recorded as such, not as a consent (issue 16).
    expect(
      await new PrivacyNoticeRepository(gateway.db).privacyNoticeGiven(
        { customerId: customer!.id },
        'privacy-notice/2026-12.1',
      ),
    ).toBe(true);
    const consents = await gateway.store.currentConsents({ customerId: customer!.id });
    expect(consents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'record_as_complaint', granted: true, channel_id: 'sms' }),
      ]),
    );
    const messages = await gateway.store.listMessages(conversationId);
    expect(messages.filter((m) => m.direction === 'inbound').map((m) => m.text)).toEqual([noShow, ...script]);
    expect(messages.filter((m) => m.direction === 'outbound').every((m) => m.status === 'sent')).toBe(true);
    expect((await gateway.store.listCaseMessages(row!.id)).some((m) => m.text === noShow)).toBe(true);
  });

  it('a STOP afterwards stops everything to that number, even a colleague’s message', async () => {
    expect(await text('STOP')).toEqual([]);
    const { id } = await conversation();
    expect((await gateway.store.getConversation(id))?.opted_out).toBe(true);

    const before = texts().length;
    const said = await gateway.outbox.say(id, {
      text: 'Hello Jane, this is Sam from the complaints team.',
      author: 'staff:U123',
    });
    await settled();
    expect(await text('Hello?')).toEqual([]);
    expect(texts().length).toBe(before);
    expect((await gateway.store.getMessage(said.id))?.status).toBe('suppressed');
  });
});

describe('every message these customers texted (#21)', () => {
  it('is on a case, answered, or shown to staff; no case was opened about nothing', async () => {
    expect(await everyConversationAccounted(gateway.db)).toEqual([]);
  });
});
