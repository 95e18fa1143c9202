import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactMethods, formats, whoFor, yesNo } from '../../dialogs/choice-sets.js';
import { startHarness, type Harness } from '../dialogs/harness.js';

/** A customer who writes in Polish is answered in Polish from the first reply, with the real translations. */
const polish = 'Mój bojler nie działa od tygodnia i nikt nie przyszedł go naprawić, jestem bardzo niezadowolony';

describe('a conversation in the language the customer writes in', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('switches to Polish at once, with a way back to English in Polish; the privacy question is in Polish and "tak" is yes', async () => {
    const c = h.customer('sms');
    c.lang = 'pl';
    await c.adapter
      .send(polish)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('language.switchedAuto'))
      // The offer in Polish, with its choices numbered (the topic is triage's business, not this test's).
      .assertReply((a) =>
        expect(a.text).toContain(`1 ${c.word('choices.formal.title')}\n2 ${c.word('choices.fix.title')}`),
      )
      .send('skarga')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('tak')
      .assertReply(c.says('details.outcome'))
      .send('Proszę naprawić bojler w tym tygodniu')
      // "od tygodnia" already said when it started.
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('tak')
      .assertReply(c.says('details.name'))
      .send('Nazywam się Anna Nowak')
      .assertReply(c.says('details.home'))
      .send('ul. nie wiem, 12 Mill Lane NG31 6AB')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('sms')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('jeden')
      .assertReply(c.capture())
      // Dates after a colon, never glued into "do dnia …" with a weekday in the wrong case.
      .assertReply((a) => {
        expect(a.text).toBe(
          c.text('confirm.next.formal', { ackDate: 'poniedziałek 7 grudnia', responseDate: 'poniedziałek 21 grudnia' }),
        );
        expect(a.text).toContain('do: poniedziałek 21 grudnia');
        expect(a.text).not.toContain('do dnia');
      })
      .assertReply(c.capture());
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.started_when).toBe('od tygodnia');
    const conversationId = await c.conversationId();
    expect((await h.store.getConversation(conversationId))?.locale).toBe('pl');
    expect(await h.store.findCustomerForConversation(conversationId)).toMatchObject({
      preferred_language: 'pl',
      name: 'Anna Nowak',
      postcode: 'NG31 6AB',
    });
  });

  it('"nie" to the privacy notice is a no (answered in Polish, not a gate), and "English" goes back to English', async () => {
    const c = h.customer('directline');
    c.lang = 'pl';
    await c.adapter
      .send(polish)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('language.switchedAuto'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('nie')
      .assertReply(c.asks('dataprot:notice.declined', {}, yesNo))
      .send('English')
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('en', 'language.switched', { language: 'English' })));
  });

  it('a Polish speaker who wants letters and gives the address in English street names stays in Polish', async () => {
    const c = h.customer('sms');
    c.lang = 'pl';
    await c.adapter
      .send('Od trzech tygodni nie mamy ciepłej wody, nikt nie oddzwania')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('language.switchedAuto'))
      .assertReply(c.capture())
      .send('naprawić')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('tak')
      .assertReply(c.says('details.outcome'))
      .send('proszę naprawić bojler')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('ja')
      .assertReply(c.says('details.name'))
      .send('Anna Kowalska')
      .assertReply(c.says('details.home'))
      .send('NG7 2QP')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('list')
      .assertReply(c.says('prefs.address'))
      // The address for letters is English street names: not a reason to answer in English.
      .send('Flat 3, 41 Canal Street, Nottingham NG7 2QP')
      .assertReply(c.asks('prefs.format', {}, formats));
    expect((await h.store.getConversation(await c.conversationId()))?.locale).toBe('pl');
  });

  it('stays in English for an English message, and an address or a name never switches the language', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send(
        "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing",
      )
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('An apology')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.capture())
      .send('1')
      .assertReply(c.says('details.name'))
      .send('Siobhan Ni Bhriain Wojciechowska')
      .assertReply(c.says('details.home'))
      .send('Flat 12b Clos Ty Gwyn Llanrhystud SY23 5AB')
      .assertReply(c.asks('prefs.contact', {}, contactMethods));
    expect((await h.store.getConversation(await c.conversationId()))?.locale ?? 'en').toBe('en');
  });
});

describe('dates inside sentences read correctly in every language', () => {
  it('puts a Polish date after a colon', async () => {
    const h = await startHarness();
    try {
      for (const key of [
        'confirm.next.enquiry',
        'enquiry.queued',
        'stage2.stillAtStage1',
        'document.ready',
        'cases.extended',
      ]) {
        const text = h.i18n.t('pl', key, {
          date: h.i18n.formatDate(new Date('2026-12-08T12:00:00Z'), 'pl'),
          reference: 'X',
          reason: 'r',
          url: 'u',
          document: 'd',
          format: 'f',
        });
        expect(text, key).toContain(': wtorek 8 grudnia');
      }
    } finally {
      await h.close();
    }
  });
});
