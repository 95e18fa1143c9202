import { describe, expect, it } from 'vitest';
import { parseHomeLocator, parsePhone } from '../../dialogs/answer-checks.js';
import { asksForAgent, asksForStatus, asksForUpdate, asksToCancel } from '../../dialogs/commands.js';
import { detectLanguage, languageNamed } from '../../dialogs/languages.js';
import { recogniseChoice } from '../../dialogs/recognise.js';
import { languageCodes } from '../../src/languages.js';

const yesNo = [
  { value: 'yes', words: ['Yes', 'yeah', 'ok', 'tak'] },
  { value: 'no', words: ['No', 'nope', 'nie'] },
];

describe('how replies are understood', () => {
  it('picks a choice by number, word, or a reply that starts with one', () => {
    expect(recogniseChoice('1', yesNo)).toBe('yes');
    expect(recogniseChoice('2.', yesNo)).toBe('no');
    expect(recogniseChoice('TAK!', yesNo)).toBe('yes');
    expect(recogniseChoice("yes that's fine", yesNo)).toBe('yes');
    expect(recogniseChoice('3', yesNo)).toBeUndefined();
    expect(recogniseChoice('maybe', yesNo)).toBeUndefined();
    // Where free text is welcome, "No one listened" is an answer in its own right.
    expect(recogniseChoice('No one listened to me', yesNo, false)).toBeUndefined();
  });

  it("keeps the vowel signs of Gurmukhi and Bengali, so 'not yet' is never read as 'yes'", () => {
    const punjabi = [
      { value: 'yes', words: ['ਹਾਂ'] },
      { value: 'no', words: ['ਨਹੀਂ'] },
    ];
    expect(recogniseChoice('ਹਾਂ', punjabi)).toBe('yes');
    // ਹਾਲੇ ("still/yet") shares its consonant with ਹਾਂ ("yes") and differs only in vowel signs.
    expect(recogniseChoice('ਹਾਲੇ', punjabi)).toBeUndefined();
    expect(recogniseChoice('ਹੈ', punjabi)).toBeUndefined();
    const bengali = [{ value: 'yes', words: ['হ্যাঁ'] }];
    expect(recogniseChoice('হ্যাঁ', bengali)).toBe('yes');
    expect(recogniseChoice('হয়', bengali)).toBeUndefined();
  });

  it('knows a language by its own name or its English one, typed with or without accents', () => {
    expect(languageNamed('Polski')).toBe('pl');
    expect(languageNamed('cymraeg')).toBe('cy');
    expect(languageNamed('Romana')).toBe('ro');
    expect(languageNamed('Română')).toBe('ro');
    expect(languageNamed('اردو')).toBe('ur');
    expect(languageNamed('العربية')).toBe('ar');
    expect(languageNamed('in Welsh please')).toBe('cy');
    expect(languageNamed('I speak Polish at home and my boiler is broken')).toBeUndefined();
  });

  it('offers a language only when the message is long enough to be sure of', () => {
    expect(detectLanguage('Mój bojler nie działa od tygodnia i nikt nie przyszedł', languageCodes)).toBe('pl');
    expect(
      detectLanguage("Mae lleithder ar wal y gegin ac mae'r plant yn sâl, dw i wedi ffonio ddwywaith", languageCodes),
    ).toBe('cy');
    expect(detectLanguage('where do I find my electric meter number', languageCodes)).toBeUndefined();
    expect(detectLanguage('tak', languageCodes)).toBeUndefined();
    // Short English questions are where franc goes wrong; they stay English.
    expect(detectLanguage('How do I pay my rent?', languageCodes)).toBeUndefined();
    expect(detectLanguage('is there any update on my repair please', languageCodes)).toBeUndefined();
    // A Welsh answer franc would call English stays Welsh (or undecided), never switches to English.
    expect(detectLanguage("trwsio'r to cyn gynted â phosib", languageCodes)).toBeUndefined();
    expect(detectLanguage('mae angen plymwr arnom ni heddiw os gwelwch yn dda', languageCodes)).toBe('cy');
    // Addresses, numbers and links are no language: what is left decides, and here it is too short.
    expect(detectLanguage('email please, casework@jobloggs.example.org', languageCodes)).toBeUndefined();
    expect(detectLanguage('ring me on 07700 900123 after 5pm', languageCodes)).toBeUndefined();
    expect(detectLanguage('postcode LE2 7QT, ref HX-204913', languageCodes)).toBeUndefined();
    expect(detectLanguage('see www.example.org.uk/complaints/stage-1', languageCodes)).toBeUndefined();
    expect(
      detectLanguage('Proszę pisać do mnie tylko po polsku, mój email to jan.kowalski@example.com', languageCodes),
    ).toBe('pl');
    expect(detectLanguage('Nie mam ciepłej wody od tygodnia, mój numer 07700 900123', languageCodes)).toBe('pl');
    // Welsh as tenants write it about their homes: franc calls most of it English.
    for (const welsh of [
      "Mae llwydni du yn ystafell wely'r plant",
      "Mae'r gwres canolog ddim yn gweithio ers dydd Gwener",
      "Mae tamprwydd yn y lolfa a'r papur wal yn dod i ffwrdd",
      "Mae'r ffenest yn y llofft wedi torri",
      "Pryd fydd rhywun yn dod i drwsio'r to?",
    ])
      expect(detectLanguage(welsh, languageCodes), welsh).toBe('cy');
    // English with a word Welsh has too, or a Welsh greeting, stays English.
    for (const english of [
      'Beth from your office said someone would come',
      'the plant room door is broken',
      'sut mae, boiler broke',
    ])
      expect(detectLanguage(english, languageCodes), english).toBeUndefined();
    // Urdu and Punjabi in Latin letters are not Somali: the language stays as it is.
    expect(detectLanguage('ghar mein gas ki bu aa rahi hai please jaldi kisi ko bhejo', languageCodes)).toBeUndefined();
    expect(detectLanguage('kitchen vich gas di smell aa rahi aa, ki karan ji', languageCodes)).toBeUndefined();
    expect(detectLanguage('kulaylka ma shaqeynayo laba toddobaad', languageCodes)).toBe('so');
    // Romanian typed without accents has "a" and "in", as English does: a long message is not English for that.
    expect(
      detectLanguage(
        'buna ziua, am igrasie in dormitor de 2 luni, am sunat de 3 ori si nu a venit nimeni',
        languageCodes,
      ),
    ).toBe('ro');
    expect(
      detectLanguage('again!! 3rd time this month and the engineer never turns up when he says', languageCodes),
    ).toBeUndefined();
    // A script only one language uses is enough, however short the message.
    expect(detectLanguage('ਗੈਸ ਦੀ ਬੋ', languageCodes)).toBe('pa');
    expect(detectLanguage('গ্যাসের গন্ধ', languageCodes)).toBe('bn');
    expect(detectLanguage('有煤气味', languageCodes)).toBe('zh');
    expect(detectLanguage('میرے گھر میں گیس کی بو آ رہی ہے', languageCodes)).toBe('ur');
    expect(detectLanguage('توجد رائحة غاز في منزلي', languageCodes)).toBe('ar');
  });

  it('hears a request for a person, a fresh start or a status check only when that is what was said', () => {
    expect(asksForAgent('agent')).toBe(true);
    expect(asksForAgent('Can I speak to someone please')).toBe(true);
    expect(asksForAgent('a person from your office was rude')).toBe(false);
    expect(asksToCancel('Start again')).toBe(true);
    expect(asksToCancel('start again the repair please')).toBe(false);
    // As people stop a flow, in their own words; not an answer that merely contains them.
    expect(asksToCancel('actually forget it, ill just ring you tomorrow')).toBe(true);
    expect(asksToCancel('never mind')).toBe(true);
    expect(asksToCancel("oh don't bother, it's sorted now")).toBe(true);
    expect(asksToCancel('nieważne, zadzwonię jutro')).toBe(true);
    expect(asksToCancel('算了，我明天打电话给你们')).toBe(true);
    expect(asksToCancel('رہنے دیں، میں کل فون کر لوں گی')).toBe(true);
    expect(asksToCancel('থাক, আমি কাল ফোন করব')).toBe(true);
    expect(asksToCancel('انسى الموضوع، سأتصل غدا')).toBe(true);
    // An answer, not a change of mind: "no need" (standard letters), "she lives alone".
    expect(asksToCancel('不用了')).toBe(false);
    expect(asksToCancel('থাকেন একা')).toBe(false);
    expect(asksToCancel('leave it with you, thanks')).toBe(false);
    expect(asksToCancel('they never mind what time they turn up')).toBe(false);
    expect(asksToCancel("don't bother sending a letter, text me")).toBe(false);
    expect(asksForStatus('any update on cmp-2026-000123?')).toBe(true);
    expect(asksForStatus('this is about CMP-2026-000123 again')).toBe(false);
    expect(asksForUpdate("any update on my complaint? it's been ages and i've heard nothing")).toBe(true);
    expect(asksForUpdate('where are we with my repair')).toBe(true);
    for (const text of [
      'أي جديد بخصوص شكواي؟',
      'میری شکایت کا کیا بنا؟',
      'ਮੇਰੀ ਸ਼ਿਕਾਇਤ ਦਾ ਕੀ ਬਣਿਆ?',
      'আমার অভিযোগের কী হলো?',
      '我的投诉怎么样了？',
    ])
      expect(asksForUpdate(text), text).toBe(true);
    // A long account in Chinese is a message, not a status check (words counted, not spaces).
    expect(
      asksForUpdate(
        '我的投诉怎么样了？水管又漏水了，厨房全是水，地板也坏了，楼下邻居说他们的天花板也在滴水，已经打了好几次电话都没人来修',
      ),
    ).toBe(false);
    expect(asksForUpdate('heard nothing from the plumber since monday and the leak is worse')).toBe(false);
    expect(
      asksForUpdate(
        'any update would be nice because the damp has now spread to the hallway and the baby has a cough that will not go away',
      ),
    ).toBe(false);
    // In every supported language, not only English.
    expect(asksForAgent('人工客服')).toBe(true);
    expect(asksForAgent('موظف')).toBe(true);
    expect(asksForAgent('ਇਨਸਾਨ')).toBe(true);
    expect(asksForAgent('Człowiek')).toBe(true);
    expect(asksToCancel('取消')).toBe(true);
    expect(asksToCancel('إلغاء')).toBe(true);
    expect(asksForStatus('CMP-2026-000123 状态')).toBe(true);
    expect(asksForStatus('ما حالة CMP-2026-000123')).toBe(true);
  });

  it('reads postcodes, tenancy references and UK phone numbers as people type them', () => {
    expect(parseHomeLocator('sw1a1aa')).toEqual({ postcode: 'SW1A 1AA' });
    expect(parseHomeLocator(' M1  1AE ')).toEqual({ postcode: 'M1 1AE' });
    expect(parseHomeLocator('t/004512')).toEqual({ tenancyRef: 'T/004512' });
    expect(parseHomeLocator('next to the shop')).toBeUndefined();
    expect(parsePhone('07700 900123')).toBe('+447700900123');
    expect(parsePhone('12345')).toBeUndefined();
  });
});
