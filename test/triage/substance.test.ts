import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import { loadCorpus, loadCorpusFile } from '../../src/triage/corpus.js';

/**
 * `substance` lets the dialogs tell a new matter from an answer to a question they asked,
 * and keeps contentless messages from opening a case (issue 11 item 4).
 */
const none = [
  'ok',
  'OK!',
  'k',
  'thanks',
  'Thank you',
  'ok thank you',
  'cheers mate',
  'ta',
  'yes',
  'yep',
  'no',
  'nope',
  'yes please',
  'no thanks',
  'hi',
  'Hello?',
  'good morning',
  'lovely thanks',
  'brill ta x',
  '👍',
  '🙏🏽',
  '❤️',
  '...',
  '',
  'tak',
  'nie',
  'ok dzięki',
  'dziękuję bardzo',
  'diolch',
  'diolch yn fawr',
  'ie',
  'mersi',
  'mulțumesc frumos',
  'da',
  'haa',
  'mahadsanid',
  'شکریہ',
  'جی',
  'ਧੰਨਵਾਦ',
  'شكرا',
  'نعم',
  'ধন্যবাদ',
  'হ্যাঁ',
  '谢谢',
  '好的',
  '嗯嗯',
  // Manners and an apology for the hour, with nothing asked yet.
  'hiya sorry to msg so late',
  'hello sorry to bother you',
  'sorry for the late message',
  'evening, sorry its late',
  'Hi, hope you are well',
  'excuse me is anyone there?',
  'Dzień dobry, przepraszam że tak późno piszę',
  'Helo, sori am y neges hwyr',
  'Bună seara, scuze că scriu așa de târziu',
];

const brief = [
  'Jane Smith',
  'its jane smith',
  'NG31 6AB',
  'Flat 2, 7 Oak Avenue, Grantham NG31 6AB',
  '14 water lane bath ba1 2aa',
  '07700 900123',
  'jane.smith@example.com',
  '2',
  'the second one',
  'tuesday morning',
  'after 5 please',
  'email please',
  'by text pls',
  'for my mum',
  'since monday',
  'about 2 weeks',
  'Jan Kowalski',
  'ul. Polna 3',
  'Siân Evans',
];

const matter = [
  'I want to make a formal complaint, your repairs team missed 3 appointments',
  'yes and the boiler is still leaking',
  'can I get a carbon monoxide detector fitted?',
  'what do I do if my CO alarm goes off',
  'i can smell gas',
  'the neighbours music is so loud every night',
  'can I pay my rent weekly instead',
  'could I have my letters in large print',
  'thank you so much, the plumber was brilliant',
  'Czy mogę dostać tłumacza na wizytę?',
  'Mae llwydni yn yr ystafell wely',
  'Nu avem apă caldă',
  'كيف أدفع الإيجار؟',
  '厕所漏水了',
  'sorry to bother you but my boiler is broken',
  'sorry to msg so late, the toilet is blocked',
  'przepraszam że tak późno piszę, nie mamy prądu',
];

describe('substance', () => {
  it.each(none)('nothing to act on: %j', (text) => {
    const r = classify({ text });
    expect(r.substance).toBe('none');
    expect(r.emergency).toBe(false);
    expect(r.kind).toBe('enquiry');
    expect(r.flags).toEqual([]);
    expect(r.reasons[0]).toMatch(/not a new case/);
  });

  it.each(brief)('an answer, not a new matter: %j', (text) => {
    expect(classify({ text }).substance).toBe('brief');
  });

  it.each(matter)('a matter of its own: %j', (text) => {
    expect(classify({ text }).substance).toBe('matter');
  });

  it('a bare thanks in any language is manners, not a compliment to pass on', () => {
    for (const text of ['thanks', 'mahadsanid', 'شکریہ', 'ধন্যবাদ'])
      expect(classify({ text }).flags).not.toContain('compliment');
    expect(classify({ text: 'thanks so much for sorting the boiler, the engineer was lovely' }).flags).toContain(
      'compliment',
    );
  });

  it('every labelled emergency, complaint or flagged message in the corpus is a matter; only greetings and thanks are contentless', () => {
    const all = [
      ...loadCorpus('train'),
      ...loadCorpus('test'),
      ...loadCorpusFile(new URL('../../src/triage/corpus/batch-2026-12.jsonl', import.meta.url).pathname),
    ];
    for (const item of all) {
      const r = classify({ text: item.text, channel: item.channel });
      if (item.emergency || item.kind !== 'enquiry' || item.flags.length > 0)
        expect([item.text, r.substance]).toEqual([item.text, 'matter']);
      if (r.substance === 'none') expect(item.text.split(/\s+/).length).toBeLessThanOrEqual(3);
    }
  });
});
