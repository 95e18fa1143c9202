import { everyConversationAccounted } from '../conversations/accounted.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referencePattern } from '../../src/db/case-store.js';
import { createTranslator } from '../../src/i18n.js';
import { startTwilioFake, type TwilioFake } from '../fakes/twilio-fake.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { freePort, shown, WhatsAppCustomer, type Said } from './helpers.js';

/**
 * A complaint made on WhatsApp from the first message to the reference, through the whole
 * gateway and the real twilio client against the Twilio fake, answered the way people
 * answer on WhatsApp: a photo with a caption, taps on buttons, a pick from a list, and
 * short typed replies with emoji and no capitals.
 */

const OUR_SENDER = 'whatsapp:+447700900000';
const SARAH = '+447700900321';

/** The customer's side, written before the bot's: what Sarah sends, in order. */
const photo = {
  url: 'https://api.twilio.com/2010-04-01/Accounts/AC00/Messages/MM00/Media/ME0001',
  contentType: 'image/jpeg',
};
const caption =
  'hiya the black mould in my sons bedroom is back AGAIN 😡 3rd time this yr, ur contractor just painted over it in march';
const sarahSays: Said[] = [
  { text: caption, media: [photo] },
  { tap: 'Formal complaint' },
  'yeah thats fine 👍',
  'sort the mould out properly this time and replace his carpet. and an apology tbh',
  { tap: '1 to 12 months ago' },
  'me its my flat',
  "Sarah O'Neill",
  'b15 2tt',
  'yes',
  { pick: 'WhatsApp' },
  'normal is fine',
];

let twilio: TwilioFake;
let gateway: TestGateway;
const sarah = new WhatsAppCustomer(
  () => gateway,
  () => twilio,
  SARAH,
  OUR_SENDER,
  'Sarah',
);

beforeAll(async () => {
  twilio = await startTwilioFake();
  const port = await freePort();
  gateway = await startTestGateway({
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: OUR_SENDER,
    TWILIO_API_URL: twilio.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await twilio?.close();
});

describe('a complaint on WhatsApp, in WhatsApp’s own wording', () => {
  it('goes from a photo with a caption to a reference, with buttons and a list to tap, never SMS wording', async () => {
    const i18n = await createTranslator();
    const t = (key: string, vars: Record<string, string | number> = {}) =>
      i18n.t('en', key, { landlord: 'Example Homes', ...vars });
    const replies: string[][] = [];
    for (const said of sarahSays) {
      const sent = await sarah.send(said);
      expect(sent.length, `a reply to ${JSON.stringify(said)}`).toBeGreaterThan(0);
      replies.push(sent.map(shown));
    }
    const [first, afterOffer] = [replies[0]!, replies[1]!];

    // Her own channel's words: "Message AGENT", not "Text AGENT"; the SMS wording nowhere.
    expect(first[0]).toBe(t('start.greeting', { context: 'whatsapp' }));
    expect(first[0]).toContain('Message AGENT');
    const everything = sarah.received().map(shown).join('\n');
    expect(everything).not.toMatch(/Text AGENT|reply with a number|\n1 Formal complaint/);
    // The offer as three reply buttons, the consent question as two.
    expect(sarah.received()[1]).toMatchObject({
      buttons: [{ title: 'Formal complaint' }, { title: 'Try to put it right' }, { title: 'Neither' }],
    });
    expect(afterOffer.join('\n')).toContain('[Yes] [No]');
    // Five ways to be contacted and eight formats are a list behind a button, WhatsApp among them.
    const contact = sarah.received().find((m) => m.list?.items.some((i) => i.title === 'WhatsApp'));
    expect(contact?.list).toMatchObject({
      button: 'Choose',
      items: [
        { title: 'Text (SMS)' },
        { title: 'Phone call' },
        { title: 'Email' },
        { title: 'Letter' },
        { title: 'WhatsApp' },
      ],
    });
    expect(sarah.received().some((m) => m.list?.items.length === 8)).toBe(true);

    // The reference, with her answers read right: a plain receipt, no letter until a colleague acknowledges it.
    const last = replies.at(-1)!.join('\n');
    const reference = referencePattern.exec(last)?.[0];
    expect(reference, last).toMatch(/^CMP-\d{4}-\d{6}$/);
    expect(last).toContain("How we'll contact you: WhatsApp");
    expect(last).toContain('Format: Standard');
    expect(last).not.toMatch(new RegExp(`${gateway.config.PUBLIC_BASE_URL}/documents/[A-Za-z0-9_-]+`));

    // Every message went free-form inside the window, from our WhatsApp sender, within Twilio's limit.
    for (const message of sarah.received()) {
      expect(message).toMatchObject({ from: OUR_SENDER, errorCode: null });
      expect([...message.body].length).toBeLessThanOrEqual(1600);
    }
    // Buttons and lists were made once per shape through the Content API, and reused.
    const shapes = twilio.contents.map((c) => c.friendlyName).sort();
    expect(new Set(shapes).size).toBe(shapes.length);
    expect(shapes).toEqual(
      expect.arrayContaining([
        'intake_gateway_session_quick_reply_2_en',
        'intake_gateway_session_quick_reply_3_en',
        'intake_gateway_session_list_picker_5_en',
      ]),
    );

    const row = await gateway.store.getCaseByReference(reference!);
    const conversation = await sarah.conversation();
    expect(row).toMatchObject({
      kind: 'formal_complaint',
      stage: 'stage1',
      channel_id: 'whatsapp',
      conversation_id: conversation.id,
      customer_words: caption,
      started_when: expect.any(String),
    });
    const customer = await gateway.store.getCustomer(row!.customer_id!);
    expect(customer).toMatchObject({
      name: "Sarah O'Neill",
      postcode: 'B15 2TT',
      phone: SARAH,
      contact_method: 'chat',
      preferred_format: 'standard',
    });
    // The photo is kept on her first message, which is on the case.
    const onCase = await gateway.store.listCaseMessages(row!.id);
    expect(onCase.find((m) => m.text === caption)?.media).toEqual([photo]);
    // Her taps were read as the choices they showed.
    const inbound = (await gateway.store.listMessages(conversation.id))
      .filter((m) => m.direction === 'inbound')
      .map((m) => m.text);
    expect(inbound).toEqual(
      sarahSays.map((said) =>
        typeof said === 'string' ? said : 'tap' in said ? said.tap : 'pick' in said ? said.pick : caption,
      ),
    );
  });
});

describe('every message these customers wrote (#21)', () => {
  it('is on a case, answered, or shown to staff; no case was opened about nothing', async () => {
    expect(await everyConversationAccounted(gateway.db)).toEqual([]);
  });
});
