import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yesNo } from '../../dialogs/choice-sets.js';
import { startHarness, type Customer, type Harness } from './harness.js';

// #11 item 9: a photo (MMS, Messenger, the Web Chat paperclip) is acknowledged, kept on the
// case, and, sent on its own, carries on where the customer was instead of restarting.

const photo = (name: string) => ({
  type: 'message' as const,
  text: '',
  channelData: { media: [{ url: `https://media.example/${name}.jpg`, contentType: 'image/jpeg' }] },
});

const fan = 'my bathroom extractor fan has stopped working';

async function photosOnCase(h: Harness, c: Customer): Promise<string[]> {
  const row = await h.store.getCaseByReference(c.reference ?? '');
  return (await h.store.listCaseMessages(row?.id ?? '')).flatMap((m) => m.media.map((item) => item.url));
}

describe('a photo from the customer', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('sent instead of an answer: thanked, the question asked again (not counted as a bad answer), and kept on the case', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(fan)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send(photo('fan'))
      .assertReply(c.says('media.received'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send(photo('fan-closer'))
      .assertReply(c.says('media.received'))
      // Two photos are not two unusable answers: the question again, not a person.
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(
        c.capture((a) =>
          expect(a.text).toBe(c.text('enquiry.queued', { reference: c.reference ?? '', date: 'Tuesday 1 December' })),
        ),
      );
    expect(c.reference).toMatch(/^ENQ-/);
    expect(await photosOnCase(h, c)).toEqual(['https://media.example/fan.jpg', 'https://media.example/fan-closer.jpg']);
  });

  it('sent first, with no words: thanked and asked what it shows; it goes on the case the words then open', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(photo('mould'))
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('media.received'))
      .assertReply(c.says('media.whatIsIt'))
      .send(fan)
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.capture());
    expect(c.reference).toMatch(/^ENQ-/);
    expect(await photosOnCase(h, c)).toEqual(['https://media.example/mould.jpg']);
  });

  it('sent after the case is logged: added to that case, and the customer told which', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(fan)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.capture());
    const reference = c.reference ?? '';
    expect(reference).toMatch(/^ENQ-/);
    await c.adapter
      .send(photo('fan-after'))
      .assertReply(c.says('media.received'))
      .assertReply(c.says('media.addedToCase', { reference }));
    expect(await photosOnCase(h, c)).toEqual(['https://media.example/fan-after.jpg']);
    // It opened nothing new.
    expect((await h.store.listCasesForConversation(await c.conversationId())).map((row) => row.reference)).toEqual([
      reference,
    ]);
  });
});
