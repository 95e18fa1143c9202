import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer, yesNo } from '../../dialogs/choice-sets.js';
import { localesWith, startHarness, type Harness } from './harness.js';

/**
 * Translations come later from another helper; these few strings stand in for them so
 * the switch can be seen in the words the customer gets.
 */
const locales = localesWith({
  cy: {
    language: { switched: 'Iawn, byddaf yn parhau yn {{language}}.' },
    details: { outcome: 'Beth hoffech chi i ni ei wneud i unioni pethau?', started: 'Pryd ddechreuodd hyn?' },
    choices: { yes: { title: 'Ie', words: 'ie|iawn|ydw' }, no: { title: 'Na', words: 'na|nac ydw' } },
  },
  pl: {
    language: {
      offer: 'Czy chcesz kontynuować po polsku? Odpowiedz „{{language}}”.',
      switched: 'Dobrze, będę kontynuować po polsku.',
    },
    topics: { other: 'coś, co zrobiliśmy lub czego nie zrobiliśmy' },
    triage: {
      offer_few:
        'Wygląda na to, że jesteś niezadowolony z: {{topic}}. Czy mamy złożyć formalną skargę, czy spróbować to naprawić w ciągu {{count}} dni roboczych?',
      offer_many:
        'Wygląda na to, że jesteś niezadowolony z: {{topic}}. Czy mamy złożyć formalną skargę, czy spróbować to naprawić w ciągu {{count}} dni roboczych?',
      offer_other:
        'Wygląda na to, że jesteś niezadowolony z: {{topic}}. Czy mamy złożyć formalną skargę, czy spróbować to naprawić w ciągu {{count}} dni roboczych?',
    },
    choices: { formal: { title: 'Formalna skarga', words: 'skarga' } },
  },
});

const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

describe('languages', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ localesDir: locales });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a language switch by name in the middle of a complaint: the pending question comes again in Welsh, and stays Welsh', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('Cymraeg')
      .assertReply('Iawn, byddaf yn parhau yn Cymraeg.')
      .assertReply('Beth hoffech chi i ni ei wneud i unioni pethau?')
      .send('Dewch i drwsio fe ddydd Sadwrn')
      .assertReply((a) => expect(a.text?.startsWith('Pryd ddechreuodd hyn?')).toBe(true));
    const conversationId = await c.conversationId();
    expect((await h.store.getConversation(conversationId))?.locale).toBe('cy');
    expect((await h.store.findCustomerForConversation(conversationId))?.preferred_language).toBe('cy');
  });

  it("follows web chat's language selector when it changes, without asking", async () => {
    const c = h.customer('directline');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('Formal complaint')
      .assertReply(c.capture())
      .send('Yes')
      .assertReply(c.says('details.outcome'))
      .send({ type: 'message', text: 'Dewch i drwsio fe', locale: 'cy-GB' })
      .assertReply((a) => {
        expect(a.text).toBe('Pryd ddechreuodd hyn?');
        expect(a.locale).toBe('cy');
      });
  });

  // A message written in Polish now switches at once, with the real Polish words: test/answers/languages.test.ts.

  it('never offers a language for a short message it cannot be sure of', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('where do I find my electric meter number')
      .assertReply(c.says('start.greeting'))
      .assertReply((a) => expect(a.text).not.toContain('Czy chcesz'));
  });
});
