import { describe, expect, it } from 'vitest';
import { AnswerReader } from '../../dialogs/answer-checks.js';
import { findEmail, findPhone } from '../../dialogs/answers/contact.js';
import { findStarted, noteFacts, startedBucket } from '../../dialogs/answers/facts.js';
import { normalise as normaliseForTest } from '../../dialogs/normalise.js';
import { findHome } from '../../dialogs/answers/home.js';
import { findName } from '../../dialogs/answers/name.js';
import { numberIn } from '../../dialogs/answers/number-words.js';
import { detectLanguage } from '../../dialogs/languages.js';
import { recogniseChoice } from '../../dialogs/recognise.js';
import { languageCodes } from '../../src/languages.js';
import { ConfigSchema } from '../../src/config.js';

/** Replies as customers typed them first; what the bot must make of them second. */
describe("answers in people's words", () => {
  it('finds a postcode anywhere in a reply and keeps the whole address line as given', () => {
    expect(findHome('Flat 2, 7 Oak Avenue, Grantham NG31 6AB')).toEqual({
      postcode: 'NG31 6AB',
      address: 'Flat 2, 7 Oak Avenue, Grantham NG31 6AB',
    });
    expect(findHome('post code is DE1 1AA')).toEqual({ postcode: 'DE1 1AA' });
    expect(findHome('my postcode is de11aa thanks')).toEqual({ postcode: 'DE1 1AA' });
    expect(findHome('its 14 mill lane ls6 2ab')).toEqual({ postcode: 'LS6 2AB', address: '14 mill lane ls6 2ab' });
    expect(findHome('sw1a1aa')).toEqual({ postcode: 'SW1A 1AA' });
    // "No" to the address offered back, with the new one: the address is the line, not the chatter round it.
    expect(findHome('no its 9 Oak Road, Arnold NG5 1AA now, i moved')).toEqual({
      postcode: 'NG5 1AA',
      address: '9 Oak Road, Arnold NG5 1AA',
    });
    expect(findHome('nope, flat 3, canal house, 41 canal st NG7 2QP')).toEqual({
      postcode: 'NG7 2QP',
      address: 'flat 3, canal house, 41 canal st NG7 2QP',
    });
  });

  it("takes a tenancy reference only in the landlord's format, never a sentence with its spaces removed", () => {
    expect(findHome('my tenancy ref is T/004512')).toEqual({ tenancyRef: 'T/004512' });
    expect(findHome('next to the shop')).toBeUndefined();
    expect(findHome('I dont know it sorry')).toBeUndefined();
    // A phone number or a case reference is neither.
    expect(findHome('call me on 07700 900123')).toBeUndefined();
    expect(findHome('CMP-2026-000123')).toBeUndefined();
    const strict = new AnswerReader('T/[0-9]{6}');
    expect(strict.home('T/004512')).toEqual({ tenancyRef: 'T/004512' });
    expect(strict.home('10045678')).toBeUndefined();
    expect(new AnswerReader().home('10045678')).toEqual({ tenancyRef: '10045678' });
  });

  it('refuses a tenancy reference setting that is not a regular expression', () => {
    expect(ConfigSchema.safeParse({ LANDLORD_TENANCY_REF_PATTERN: 'T/[0-9{6' }).success).toBe(false);
    expect(ConfigSchema.safeParse({ LANDLORD_TENANCY_REF_PATTERN: 'T/[0-9]{6}' }).success).toBe(true);
  });

  it('reads names from the way people give them', () => {
    expect(findName('my name is Jane Smith')).toBe('Jane Smith');
    expect(findName("it's Jane")).toBe('Jane');
    expect(findName("I'm Ali Khan thanks")).toBe('Ali Khan');
    expect(findName('Nazywam się Anna Nowak')).toBe('Anna Nowak');
    expect(findName('Mohammed')).toBe('Mohammed');
    expect(findName("don't know")).toBeUndefined();
    expect(findName('why do you need it?')).toBeUndefined();
    expect(findName('12')).toBeUndefined();
    expect(findName("it's for my mum")).toBeUndefined();
    expect(findName('Jane Smith is my name')).toBe('Jane Smith');
  });

  it('finds UK phone numbers and emails inside sentences', () => {
    expect(findPhone('text me on 07700 900123 after 5')).toBe('+447700900123');
    expect(findPhone('+44 7700 900123')).toBe('+447700900123');
    expect(findPhone('+44 (0)7700 900 123')).toBe('+447700900123');
    expect(findPhone('my number is 0115 496 0123')).toBe('+441154960123');
    expect(findPhone('call me at 5')).toBeUndefined();
    expect(findEmail("it's jo.bloggs@example.org thanks.")).toBe('jo.bloggs@example.org');
    expect(findEmail('jo at example dot org')).toBeUndefined();
  });

  it('remembers what was said in passing: when it started, how to reply, a number, a name', () => {
    expect(findStarted("it's been two weeks and still no hot water")).toBe('two weeks');
    expect(findStarted('the leak started 3 months ago')).toBe('3 months');
    // As people text it: abbreviated, run together, with "like it" or "off" in between.
    expect(findStarted('been like it 2 wks ive rang 3 times nobody bothers')).toBe('2 weeks');
    expect(findStarted('its been off 3mths')).toBe('3 months');
    expect(findStarted('leaking for a yr now')).toBe('a year');
    expect(findStarted('been waiting 2 wks')).toBe('2 weeks');
    expect(findStarted('i rang 3 times last week')).toBeUndefined();
    expect(findStarted('Nie mam ciepłej wody od dwóch tygodni')).toBe('od dwoch tygodni');
    expect(findStarted('damp and mould which she first reported in June')).toBe('since june');
    expect(findStarted('it started back in March and nothing has been done')).toBe('since march');
    expect(findStarted('can someone come in May')).toBeUndefined();
    expect(startedBucket('since june')).toBe('within_year');
    expect(startedBucket('two weeks')).toBe('recent');
    expect(startedBucket('3 months')).toBe('within_year');
    expect(startedBucket('two years')).toBe('over_year');
    expect(noteFacts({}, 'Hi my name is Jane Smith and my boiler is broken, text me on 07700 900123')).toEqual({
      name: 'Jane Smith',
      contact: 'sms',
      phone: '+447700900123',
    });
  });

  it('remembers a format asked for and someone vulnerable at home, said in passing, and no more than that', () => {
    expect(
      noteFacts(
        {},
        "Hi my name is Margaret I'm 79 and partially sighted. The bathroom extractor fan has not worked since August. My eyes are bad so I need letters in big print please",
      ),
    ).toEqual({ name: 'Margaret', started: 'since august', format: 'large_print', vulnerable: true });
    expect(noteFacts({}, 'can you send it in braille')).toEqual({ format: 'braille' });
    expect(noteFacts({}, 'I need a BSL interpreter for the visit')).toEqual({ format: 'bsl' });
    expect(noteFacts({}, 'my wife is 7 months pregnant and the heating is off')).toEqual({ vulnerable: true });
    expect(noteFacts({}, 'Jestem niepełnosprawna, proszę o list dużym drukiem')).toEqual({
      format: 'large_print',
      vulnerable: true,
    });
    expect(noteFacts({}, "I'm a caseworker in the office of Jo Bloggs MP, writing about a constituent")).toEqual({
      writingFor: true,
    });
    expect(noteFacts({}, "I'm writing on behalf of my mum, she can't use a phone")).toEqual({ writingFor: true });
    // The person written for, when named in full; never the MP whose office writes.
    expect(
      noteFacts(
        {},
        "We've been contacted by a constituent, Mrs Aisha Khan of 22 Mill Lane, Leicester LE2 7QT, about damp",
      ),
    ).toMatchObject({ customerName: 'Aisha Khan' });
    expect(noteFacts({}, 'im texting on behalf of my mum Mary Jones, her boiler is broken')).toMatchObject({
      customerName: 'Mary Jones',
    });
    expect(noteFacts({}, 'I am writing on behalf of Jo Bloggs MP about a constituent').customerName).toBeUndefined();
    expect(noteFacts({}, 'my mum is 84 and has no heating').customerName).toBeUndefined();
    for (const text of [
      'theres mould all over the wall next to my 2 year olds cot',
      'my daughter is 3 and keeps coughing',
      'Fiica mea are 2 ani și astm',
      'Córka ma 2 lata i ciągle kaszle',
      // "my child is 2" in Welsh and Somali; "a child of two" in Arabic, Urdu, Punjabi, Bengali, Chinese
      'mae llwydni yn ystafell fy mhlentyn 2 oed',
      'waxaan haystaa ilmo 2 jir ah',
      'عندي طفل عمره سنتان',
      'میرا 2 سال کا بچہ بیمار ہے',
      'ਮੇਰਾ 3 ਸਾਲ ਦਾ ਬੱਚਾ ਖੰਘ ਰਿਹਾ ਹੈ',
      'আমার ২ বছরের বাচ্চা কাশছে',
      '家里有个两岁的孩子',
    ])
      expect(noteFacts({}, text), text).toMatchObject({ vulnerable: true });
    expect(noteFacts({}, 'my mum came round and saw the mould')).toEqual({});
    for (const text of [
      'my complaints fell on deaf ears',
      'they turned a blind eye to it',
      'someone keeps parking in the disabled bay',
      'my son is 14 and the kids share a room',
      'my son is 4 weeks into his new job',
      'the blinds in the bedroom are broken',
      'i got a big letter about arrears',
    ])
      expect(noteFacts({}, text), text).toEqual({});
    // Two years is how long, not an age.
    expect(noteFacts({}, 'the leak has been going 2 years')).toEqual({ started: '2 years' });
    // For three years, not aged three; a boy of thirteen
    for (const text of [
      'الرطوبة موجودة منذ 3 سنوات',
      'نمی 3 سال سے ہے',
      'ਸਿੱਲ੍ਹ 3 ਸਾਲ ਤੋਂ ਹੈ',
      'আমার ছেলের বয়স ১৩ বছর',
      '我儿子十三岁',
    ])
      expect(noteFacts({}, text).vulnerable, text).toBeUndefined();
  });

  it('hears the same facts in passing in Arabic, Urdu, Punjabi, Bengali and Chinese', () => {
    // An older, partially sighted tenant whose bathroom fan has not worked since August, asking for big print.
    const margaret: [string, string][] = [
      [
        'عمري ٧٨ سنة ونظري ضعيف. مروحة الحمام معطلة منذ أغسطس واتصلت ثلاث مرات. أرجو إرسال الرسائل بخط كبير',
        'منذ أغسطس',
      ],
      ['میری عمر 81 سال ہے اور نظر کمزور ہے۔ باتھ روم کا پنکھا اگست سے خراب ہے۔ خط بڑے حروف میں بھیجیں', 'اگست سے'],
      ['ਮੈਂ 80 ਸਾਲ ਦੀ ਹਾਂ, ਨਜ਼ਰ ਕਮਜ਼ੋਰ ਹੈ। ਬਾਥਰੂਮ ਦਾ ਪੱਖਾ ਅਗਸਤ ਤੋਂ ਖਰਾਬ ਹੈ। ਚਿੱਠੀਆਂ ਵੱਡੇ ਅੱਖਰਾਂ ਵਿੱਚ ਭੇਜੋ ਜੀ', 'ਅਗਸਤ ਤੋਂ'],
      ['আমার বয়স ৭৯ বছর, চোখে কম দেখি। বাথরুমের ফ্যান আগস্ট থেকে নষ্ট। চিঠি বড় অক্ষরে পাঠাবেন', 'আগস্ট থেকে'],
      ['我今年80岁了，视力不好。浴室的排气扇从八月就坏了。请用大字给我写信', '从八月'],
    ];
    for (const [text, started] of margaret) {
      const facts = noteFacts({}, text);
      expect(facts, text).toEqual({ started: normaliseForTest(started), format: 'large_print', vulnerable: true });
      expect(startedBucket(facts.started ?? ''), text).not.toBe('over_year');
    }
    expect(noteFacts({}, 'زوجتي حامل والتدفئة لا تعمل منذ أسبوعين')).toMatchObject({ vulnerable: true });
    // Somali: the heating has not worked for two weeks; my mother is 80.
    expect(noteFacts({}, 'kuleylka guriga ma shaqeynayo laba toddobaad. Hooyaday waa 80 jir')).toEqual({
      started: 'laba toddobaad',
      vulnerable: true,
    });
    expect(startedBucket('laba sano')).toBe('over_year');
    // Romanian: black mould in the children's bedroom for three months.
    expect(findStarted('avem mucegai negru în dormitorul copiilor de 3 luni')).toBe('de 3 luni');
    expect(startedBucket('de 3 luni')).toBe('within_year');
    expect(startedBucket(findStarted('picură din tavan de doi ani') ?? '')).toBe('over_year');
    expect(findStarted('Fiica mea are 2 ani')).toBeUndefined();
    expect(findStarted('Grzyb w łazience od marca, nikt nie przyszedł')).toBe('od marca');
    expect(startedBucket('od zeszlego roku')).toBe('over_year');
    expect(startedBucket(findStarted("Mae'r to yn gollwng ers blwyddyn") ?? '')).toBe('over_year');
    expect(noteFacts({}, 'میری والدہ وہیل چیئر استعمال کرتی ہیں')).toEqual({ vulnerable: true });
    expect(noteFacts({}, 'ਕੀ ਤੁਸੀਂ ਚਿੱਠੀ ਬ੍ਰੇਲ ਵਿੱਚ ਭੇਜ ਸਕਦੇ ਹੋ')).toEqual({ format: 'braille' });
    // Over a year: a colleague decides whether it can be looked into (Code 2.1-2.3).
    expect(startedBucket(findStarted('ছাদ দিয়ে দুই বছর ধরে পানি পড়ছে') ?? '')).toBe('over_year');
    expect(startedBucket(findStarted('漏水两年了') ?? '')).toBe('over_year');
    expect(startedBucket(findStarted('تین ہفتوں سے گرم پانی نہیں') ?? '')).toBe('recent');
    // Words that only look like the facts: a rent increase, the dark, water from the roof, a toilet seat.
    for (const text of ['ভাড়া বৃদ্ধি কেন হলো?', 'সিঁড়িতে অন্ধকার, বাতি নষ্ট', 'چھت سے پانی آ رہا ہے', 'مقعد المرحاض مكسور'])
      expect(noteFacts({}, text), text).toEqual({});
  });

  it('understands choices by number word, with a slip of the thumb, and in any language', () => {
    const who = [
      { value: 'self', words: ["I'm the tenant", 'tenant', 'yes'] },
      { value: 'for_someone', words: ['For someone else', 'someone else', 'for my mum'] },
    ];
    expect(recogniseChoice('the second one', who)).toBe('for_someone');
    expect(recogniseChoice('two', who)).toBe('for_someone');
    expect(recogniseChoice('tennant', who)).toBe('self');
    expect(recogniseChoice('yes', who)).toBe('self');
    expect(numberIn('dwa')).toBe(2);
    expect(numberIn('第二')).toBe(2);
    expect(numberIn('no')).toBeUndefined();
    const offer = [
      { value: 'formal', words: ['Formal complaint', 'complaint'] },
      { value: 'fix', words: ['Try to put it right', 'fix'] },
    ];
    expect(recogniseChoice('formel complant', offer)).toBe('formal');
    // Short words are not stretched: "so" is not "no".
    expect(recogniseChoice('so', [{ value: 'no', words: ['no'] }])).toBeUndefined();
  });

  it('tells Arabic from Urdu by the letters only one of them writes, and hears Welsh in a short request', () => {
    expect(detectLanguage('لا يوجد تدفئة منذ أسبوعين ولم يأتِ أحد لإصلاحها، أريد تقديم شكوى', languageCodes)).toBe('ar');
    expect(detectLanguage('میرے گھر میں دو ہفتوں سے ہیٹنگ نہیں ہے', languageCodes)).toBe('ur');
    // "Here", in Arabic: too short and no letter of its own, so it decides nothing.
    expect(detectLanguage('هنا', languageCodes)).toBeUndefined();
    // Welsh "iawn" (yes) inside "person go iawn" (a real person) is not a yes.
    expect(
      recogniseChoice('person go iawn plis', [
        { value: 'yes', words: ['ie', 'iawn'] },
        { value: 'no', words: ['na'] },
      ]),
    ).toBeUndefined();
    expect(detectLanguage('Dw i eisiau siarad â pherson go iawn', languageCodes)).toBe('cy');
    expect(
      detectLanguage("Dydy neb wedi dod i drwsio'r to ac mae'n gollwng eto. Dw i eisiau gwneud cwyn", languageCodes),
    ).toBe('cy');
    expect(
      detectLanguage('I have been waiting in for the plumber all day and nobody came', languageCodes),
    ).toBeUndefined();
    expect(detectLanguage('Dzień dobry, drzwi wejściowe się nie zamykają', languageCodes)).toBe('pl');
  });
});
