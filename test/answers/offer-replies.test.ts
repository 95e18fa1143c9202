import { beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer } from '../../dialogs/choice-sets.js';
import { recogniseChoice, type Recognisable } from '../../dialogs/recognise.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import type { LanguageCode } from '../../src/languages.js';

let i18n: Translator;
beforeAll(async () => {
  i18n = await createTranslator();
});

/** The offer's choices with their words in a language and English, as the bot reads them (dialogs/speaker.ts). */
function offerIn(lang: LanguageCode): Recognisable[] {
  return complaintOffer.map((c) => ({
    value: c.value,
    words: [lang, 'en'].flatMap((l) =>
      ['title', 'words']
        .filter((part) => i18n.has(l, `${c.key}.${part}`))
        .flatMap((part) => i18n.t(l, `${c.key}.${part}`).split('|')),
    ),
  }));
}

/** What the bot takes a reply to be: a choice, the complaint when it names the fix too, or nothing. */
function heard(lang: LanguageCode, reply: string): string | undefined {
  const choices = offerIn(lang);
  return recogniseChoice(reply, choices) ?? recogniseChoice(reply, choices, true, 'formal');
}

/**
 * "Shall we log a formal complaint, or try to put it right within 2 working days?", answered
 * the way customers answer it, in their words and in the forms their language gives a verb
 * (Polish "naprawił", "naprawili", "skargi"), and sometimes saying what they don't want.
 */
describe('the complaint offer, answered as customers answer it', () => {
  it.each<[LanguageCode, string, string | undefined]>([
    ['en', 'just send someone round', 'fix'],
    ['en', 'can u just come and do it', 'fix'],
    ['en', 'can someone just come and look at it', 'fix'],
    ['en', 'idk whatever is quickest', 'fix'],
    ['en', 'i want compensation', 'formal'],
    ['en', 'i want to speak to a manager about it', 'formal'],
    // Saying what they don't want.
    ['en', 'i dont want to complain i just want it fixing', 'fix'],
    ['en', 'not a complaint, just want it done', 'fix'],
    ['en', "don't want a complaint", undefined],
    // A no said first answers the question before; it does not unsay what follows.
    ['en', 'no, just fix it', 'fix'],
    ['en', "its never been fixed properly so i'm complaining", 'formal'],
    ['pl', 'chce zeby ktos przyszedl i to naprawil i wyjasnil czemu tak dlugo', 'formal'],
    ['pl', 'niech ktos przyjdzie i naprawi', 'fix'],
    ['pl', 'wolę żeby to naprawili', 'fix'],
    ['pl', 'chce reklamacje', 'formal'],
    ['pl', 'chce odszkodowanie', 'formal'],
    ['pl', 'nie chce skargi tylko naprawy', 'fix'],
    // "Naprawdę" (really) is not "napraw" (repair).
    ['pl', 'naprawde chce skarge', 'formal'],
    ['ro', 'sa vina cineva sa repare', 'fix'],
    ['ro', 'nu vreau reclamatie doar sa repare', 'fix'],
    ['ro', 'as vrea sa depun o plangere', 'formal'],
    ['cy', "dewch i'w drwsio plis", 'fix'],
    ['cy', 'dim cwyn, jyst trwsio fo', 'fix'],
    ['so', 'qof ha yimaado oo ha hagaajiyo', 'fix'],
    ['ur', 'bas theek kar do', 'fix'],
    ['ur', 'shikayat nahi chahiye bas theek kar do', 'fix'],
    ['ur', 'mujhe shikayat karni hai', 'formal'],
    ['ar', 'ارسلوا احد يصلحها', 'fix'],
    ['ar', 'عندي شكوى', 'formal'],
    ['ar', 'لا اريد شكوى فقط اصلحوها', 'fix'],
    ['zh', '我要正式投诉', 'formal'],
    ['zh', '快点派人来修', 'fix'],
    ['zh', '不要投诉，修好就行', 'fix'],
    ['bn', 'কাউকে পাঠান ঠিক করতে', 'fix'],
    ['pa', 'kise nu bhejo theek karan lai', 'fix'],
  ])('%s: "%s" → %s', (lang, reply, expected) => {
    expect(heard(lang, reply)).toBe(expected);
  });
});

describe('a choice not wanted is not chosen, on any question', () => {
  const contact: Recognisable[] = [
    { value: 'sms', words: ['Text', 'text me'] },
    { value: 'phone', words: ['Phone', 'call me'] },
    { value: 'email', words: ['Email'] },
  ];
  it.each([
    ['not by phone, email please', 'email'],
    ['no phone calls, text me', 'sms'],
    ['no, phone is best', 'phone'],
  ])('"%s" → %s', (reply, expected) => {
    expect(recogniseChoice(reply, contact)).toBe(expected);
  });
});
