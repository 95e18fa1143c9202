import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, Conversation } from '../../src/db/rows.js';
import { waitFor } from '../helpers/redis.js';
import { instagramComment, messengerMessage, newMid, newPsid, pageComment, postToMeta } from '../meta/payloads.js';
import { ts } from '../slack/slack-requests.js';
import { META_APP_SECRET, OUR_NUMBER, SAM, SLACK_CHANNELS, startEverything, type Everything } from './everything.js';

/**
 * Issue 13, item 1: PostgreSQL cannot hold U+0000 (nor, in jsonb, a lone UTF-16 surrogate).
 * One such character used to fail its message on every channel, forever, and every other
 * message stored with it. Each channel now stores what a person would see.
 */

let all: Everything;

beforeAll(async () => {
  all = await startEverything();
});

afterAll(async () => {
  await all?.close();
});

describe('a NUL in a customer message, on every channel', () => {
  it('SMS: "hi\\u0000" is stored as "hi" and answered 200', async () => {
    const result = await all.twilio.receive(`${all.gateway.url}/sms/twilio`, {
      from: '+447700900401',
      to: OUR_NUMBER,
      body: 'hi\u0000',
    });
    expect(result.status).toBe(200);
    expect((await all.stored(result.messageSid))?.text).toBe('hi');
  });

  it('WhatsApp: the words and the profile name keep every visible character', async () => {
    const result = await all.twilio.receive(`${all.gateway.url}/sms/twilio`, {
      from: 'whatsapp:+447700900402',
      to: `whatsapp:${OUR_NUMBER}`,
      body: 'the boiler\u0000 is leaking \u0000again',
      profileName: 'Jo\u0000anne',
    });
    expect(result.status).toBe(200);
    expect(await all.stored(result.messageSid)).toMatchObject({
      channel_id: 'whatsapp',
      text: 'the boiler is leaking again',
    });
  });

  it('Messenger and Instagram: a NUL in the text and a lone surrogate in an attachment type are stored cleaned', async () => {
    const mid = newMid();
    const payload = messengerMessage({
      pageId: all.graph.pageId,
      psid: newPsid(),
      mid,
      text: 'mould\u0000 in the bedroom \ud83d',
      attachments: [{ type: 'image\udc00', url: 'https://scontent.example/photo.jpg' }],
    });
    expect((await postToMeta(`${all.gateway.url}/social/meta`, META_APP_SECRET, payload)).status).toBe(200);
    const row = await all.stored(mid);
    expect(row?.text).toBe('mould in the bedroom \ufffd');
    expect(row?.media).toEqual([{ url: 'https://scontent.example/photo.jpg', contentType: 'image\ufffd' }]);

    const igMid = newMid();
    const dm = messengerMessage({
      pageId: all.graph.pageId,
      psid: newPsid(),
      mid: igMid,
      text: '\u0000\u0000hello',
      object: 'instagram',
    });
    expect((await postToMeta(`${all.gateway.url}/social/meta`, META_APP_SECRET, dm)).status).toBe(200);
    expect(await all.stored(igMid)).toMatchObject({ channel_id: 'instagram', text: 'hello' });
  });

  it('Page and Instagram comments: a NUL in the words or the name is stored cleaned', async () => {
    const comment = pageComment({
      pageId: all.graph.pageId,
      fromId: newPsid(),
      message: 'still no heating\u0000',
      fromName: 'Al\u0000ex',
    });
    expect((await postToMeta(`${all.gateway.url}/social/meta`, META_APP_SECRET, comment.payload)).status).toBe(200);
    const pageRows = await waitFor(async () => {
      const rows = await all.gateway.store.db.query<{ text: string }>(
        `select text from messages where channel_id = 'facebook' and text like 'still no heating%'`,
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the page comment');
    expect(pageRows[0]?.text).toBe('still no heating');

    const ig = instagramComment({ igId: all.graph.pageId, fromId: newPsid(), text: 'lift broken\u0000 again' });
    expect((await postToMeta(`${all.gateway.url}/social/meta`, META_APP_SECRET, ig.payload)).status).toBe(200);
    const igRows = await all.gateway.store.db.query<{ text: string }>(
      `select text from messages where channel_id = 'facebook' and text like 'lift broken%'`,
    );
    expect(igRows.map((r) => r.text)).toEqual(['lift broken again']);
  });

  it('a delivery receipt for a mid with a NUL in it is passed over, not a 503 for the whole delivery', async () => {
    const psid = newPsid();
    const mid = newMid();
    const payload = messengerMessage({ pageId: all.graph.pageId, psid, mid, text: 'hello' });
    const entry = (payload.entry as Array<{ messaging: unknown[] }>)[0]!;
    entry.messaging.push({
      sender: { id: psid },
      recipient: { id: all.graph.pageId },
      timestamp: Date.now(),
      delivery: { mids: ['m_\u0000'], watermark: Date.now() },
    });
    expect((await postToMeta(`${all.gateway.url}/social/meta`, META_APP_SECRET, payload)).status).toBe(200);
    expect(await all.stored(mid)).toMatchObject({ text: 'hello' });
  });

  describe('web chat (Direct Line)', () => {
    interface Started {
      conversationId: string;
      token: string;
    }
    async function start(): Promise<Started> {
      const { token } = (await (await fetch(`${all.gateway.url}/webchat/token`, { method: 'POST' })).json()) as {
        token: string;
      };
      const started = await fetch(`${all.gateway.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      return (await started.json()) as Started;
    }
    async function inbound(c: Started): Promise<Array<{ text: string; media: Array<{ url: string }> }>> {
      return all.gateway.store.db.query(
        `select m.text, m.media from messages m join conversations c on c.id = m.conversation_id
         where c.channel_id = 'directline' and c.address = $1 and m.direction = 'inbound' and m.kind = 'message' order by m.seq`,
        [c.conversationId],
      );
    }

    it('a message, a name and a lone surrogate are stored and echoed as the customer would see them', async () => {
      const c = await start();
      // Raw JSON, so the lone surrogate arrives as the escape a hostile client would send.
      const body =
        '{"type":"message","from":{"id":"user","name":"Sa\\u0000m"},"text":"hi\\u0000 my flat is damp \\ud83d","locale":"en-GB"}';
      const response = await fetch(`${all.gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(200);
      expect((await inbound(c)).map((r) => r.text)).toEqual(['hi my flat is damp \ufffd']);
      const history = (await (
        await fetch(`${all.gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
          headers: { authorization: `Bearer ${c.token}` },
        })
      ).json()) as { activities: Array<{ text?: string; from: { name?: string; role: string } }> };
      const echoed = history.activities.find((a) => a.from.role === 'user');
      expect(echoed).toMatchObject({ text: 'hi my flat is damp \ufffd', from: { name: 'Sam' } });
    });

    it("an upload's words are stored without the NUL, and a long file name cut through an emoji leaves no half of it", async () => {
      const c = await start();
      const jpeg = Buffer.concat([
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
        Buffer.from('JFIF\0photo of the damp'),
      ]);
      const longName = `${'damp-wall-'.repeat(11)}123456789\u{1F4A7}.jpg`;
      const form = new FormData();
      form.append(
        'activity',
        new Blob([JSON.stringify({ type: 'message', from: { id: 'user' }, text: 'photo\u0000 of the damp' })], {
          type: 'application/vnd.microsoft.activity',
        }),
      );
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), longName);
      const upload = (body: FormData | string, type?: string) =>
        fetch(`${all.gateway.url}/v3/directline/conversations/${c.conversationId}/upload?userId=user`, {
          method: 'POST',
          headers: { authorization: `Bearer ${c.token}`, ...(type ? { 'content-type': type } : {}) },
          body,
        });
      expect((await upload(form)).status).toBe(200);
      const [row] = await inbound(c);
      expect(row?.text).toBe('photo of the damp');
      const names = await all.gateway.store.db.query<{ name: string }>(`select name from media where address = $1`, [
        c.conversationId,
      ]);
      expect(names.map((n) => n.name)).toEqual([`${'damp-wall-'.repeat(11)}123456789\ufffd`]);

      // A NUL inside the multipart headers is a malformed form: 400, never a 5xx.
      const raw = [
        '--b',
        'Content-Disposition: form-data; name="file"; filename="damp\u0000.jpg"',
        'Content-Type: image/jpeg',
        '',
        'JFIF',
        '--b--',
        '',
      ].join('\r\n');
      expect((await upload(raw, 'multipart/form-data; boundary=b')).status).toBe(400);
    });
  });
});

describe('a NUL in what staff write in Slack', () => {
  const PHONE = '+447700900409';
  let row: Case;
  let card: { channel: string; ts: string };

  async function conversationOf(phone: string): Promise<Conversation> {
    return waitFor(
      async () => (await all.gateway.store.findConversation('sms', phone))[0],
      `the conversation with ${phone}`,
    );
  }

  beforeAll(async () => {
    const sms = await all.twilio.receive(`${all.gateway.url}/sms/twilio`, { from: PHONE, to: OUR_NUMBER, body: 'hi' });
    expect(sms.status).toBe(200);
    const { id: conversationId } = await conversationOf(PHONE);
    const customer = await all.gateway.store.ensureCustomer(conversationId);
    const opened = await all.gateway.cases.openCase({
      kind: 'formal_complaint',
      customerId: customer.id,
      conversationId,
      channelId: 'sms',
      customerWords: 'nobody came to fix the leak, third time of asking',
      classification: { reasons: ['says the service has failed them'] },
    });
    row = opened.case;
    const found = await waitFor(
      async () =>
        all.slack.messages.find(
          (m) =>
            m.channel === SLACK_CHANNELS.complaints &&
            m.threadTs === undefined &&
            JSON.stringify(m).includes(row.reference),
        ),
      'the case card',
    );
    card = { channel: found.channel, ts: found.ts };
  });

  it('a note: in the thread is kept on the case, without the NUL, and Slack hears 200', async () => {
    const answer = await all.requests.threadReply(
      SAM,
      card.channel,
      card.ts,
      'note: rang her back\u0000, engineer booked',
    );
    expect(answer.status).toBe(200);
    const notes = (await all.gateway.store.listEvents(row.id)).filter((e) => e.type === 'staff_note');
    expect(notes.map((n) => n.data)).toEqual([{ note: 'rang her back, engineer booked' }]);
  });

  it('a reply to the customer with a NUL is previewed, sent and stored without it', async () => {
    await all.requests.button(SAM, card, 'case_claim', `case:${row.id}`);
    await waitFor(
      async () => (await all.gateway.store.getCase(row.id))?.assignee === `staff:${SAM}`,
      'Sam to hold the case',
    );
    await all.requests.replyToCustomer(SAM, card, row.id, 'Hi, an engineer\u0000 is booked for Thursday.');
    const sent = await waitFor(
      async () => all.twilio.sent.find((m) => m.to === PHONE && m.body.includes('Thursday')),
      'the reply by SMS',
    );
    expect(sent.body).toBe('Hi, an engineer is booked for Thursday.');
  });

  it('/case with a NUL in it is answered, not refused with a 500', async () => {
    const answer = await all.requests.command(
      SAM,
      { id: SLACK_CHANNELS.complaints, name: 'complaints-liaison' },
      '/case',
      `${row.reference}\u0000`,
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(row.reference);
    // A thread message with a NUL in its ts names no thread of ours: ignored, not a 500.
    expect(
      (await all.requests.threadReply(SAM, card.channel, `${card.ts}\u0000`, 'hello', undefined, ts())).status,
    ).toBe(200);
  });
});
