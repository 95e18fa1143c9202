import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLondonDateTime } from '../../src/i18n.js';
import { monday, startHarness, type Harness } from './harness.js';

/**
 * What the assistant promises an emergency customer comes from the make-safe clock, never
 * from a standard reply-by date or office hours (seed 001: made safe within 24 hours).
 */
describe('promises to a customer with an emergency', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    h.clock.now = monday;
    await h.close();
  });

  it('counts what is left of the clock when the emergency is reported again, gives its time on a status check, and names no office hours', async () => {
    const c = h.customer('sms');
    h.clock.now = monday;
    await c.adapter
      .send('theres water pouring through my ceiling light!!')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(
        c.capture((a) => expect(a.text).toBe(c.text('emergency.logged', { reference: c.reference ?? '', count: 24 }))),
      );
    const reference = c.reference ?? '';
    const row = await h.store.getCaseByReference(reference);
    const clock = (await h.store.listClocks(row?.id ?? '')).find((k) => k.name === 'emergency_make_safe');
    const due = new Date(clock?.due_at ?? 0);

    // Five and a half hours later it is still coming through: 18 hours are left, not 24.
    h.clock.now = new Date(monday.getTime() + 5.5 * 3_600_000);
    await c.adapter
      .send('its still coming through the light and now the kitchen too')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.says('emergency.logged', { reference, count: 18 }));

    await c.adapter
      .send(`status ${reference}`)
      .assertReply(c.capture())
      .assertReply(
        c.says('status.next', { what: c.word('clocks.emergency_make_safe'), date: formatLondonDateTime(due, 'en') }),
      );
    expect(formatLondonDateTime(due, 'en')).toBe('Tuesday 1 December at 10:00');

    await c.adapter.send('can i talk to a real person').assertReply(c.says('emergency.loggedWelfare', { reference }));
    h.clock.now = monday;
  });

  it.each([
    ['sms', 'en', 'no heating and ive got a 2 year old'],
    ['sms', 'ur', 'ہیٹنگ خراب ہے اور میرا 2 سال کا بچہ ہے'],
  ] as const)(
    '%s (%s): no heating with a young child is told how to keep warm first, not only "call 999"',
    async (channel, lang, text) => {
      const c = h.customer(channel);
      c.lang = lang;
      h.clock.now = monday;
      await c.adapter
        .send(text)
        .assertReply(c.says('emergency.advice.cold'))
        .assertReply(c.capture())
        .assertReply(c.capture());
    },
  );
});
