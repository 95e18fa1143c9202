import type { KnownFacts } from '../conversation-data.js';
import { alternatives } from '../normalise.js';
import { normalise } from '../recognise.js';
import { findEmail, findPhone } from './contact.js';
import { findAddressLine, findPostcode } from './home.js';

/** Digits as Arabic, Urdu, Bengali and Gurmukhi keyboards type them, read as 0-9 ("٧٩", "৭৯"). */
const digitZeros = [0x0660, 0x06f0, 0x09e6, 0x0a66];
function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\u09e6-\u09ef\u0a66-\u0a6f]/g, (digit) => {
    const point = digit.codePointAt(0) ?? 0;
    return String(point - (digitZeros.find((zero) => point >= zero && point < zero + 10) ?? point));
  });
}

/**
 * Phrases found anywhere: Arabic attaches "و" and "ب" to the word, Chinese has no spaces. Only
 * phrases that cannot sit inside an unrelated word go here.
 */
function phrases(list: readonly string[]): RegExp {
  return new RegExp(alternatives(list), 'u');
}

/**
 * "Since <when>" where the word for since comes before (Arabic "منذ") or after (Urdu "سے",
 * Punjabi "ਤੋਂ", Bengali "থেকে"), with at most a number or count word before the unit or month:
 * "پنکھا اگست سے" (the fan, since August) keeps "اگست سے".
 */
function sinceIn(words: { before?: string[]; counts: string[]; units: string[]; after?: string[] }): RegExp {
  const before = words.before ? `(?:${alternatives(words.before)}) ` : '';
  const after = words.after ? ` (?:${alternatives(words.after)})` : '';
  const count = `(?:(?:[0-9]+|${alternatives(words.counts)}) )?`;
  return new RegExp(`(?<=^|\\s)(${before}${count}(?:${alternatives(words.units)})${after})(?=\\s|$)`, 'u');
}

/**
 * What a customer has already said in passing ("it's been two weeks", "text me on 07700
 * 900123", "my name is Jane"), kept so a later question is confirmed or skipped rather
 * than asked as if we had not listened.
 */

const count =
  '(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|a couple of|couple of|several|\\d{1,2})';
// "2 wks", "3mths", "a yr": as people text them.
const unit = '(?:day|week|wk|month|mth|mnth|year|yr)s?';
const startedPatterns: RegExp[] = [
  new RegExp(
    `\\b(?:for|been|since|over|about|almost|nearly|more than|at least|going on|past|last)\\s+(?:(?:like|like it|like this|like that|off|going|broken|leaking|happening|waiting)\\s+(?:for\\s+)?)?(?:the\\s+(?:last|past)\\s+)?(${count}\\s*${unit})\\b`,
  ),
  new RegExp(`\\b(${count}\\s*${unit})\\s+(?:now|ago|already)\\b`),
  /\b(since (?:last (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|christmas|the weekend))\b/,
  // pl: "od dwóch tygodni", "od tygodnia", "od miesiąca"; cy: "ers pythefnos", "ers wythnos"
  /\b(od (?:(?:dwoch|trzech|czterech|kilku|paru|\d{1,2}) )?(?:dni|dnia|tygodnia|tygodni|miesiaca|miesiecy|roku|lat))\b/,
  // pl: "od marca" (since March), "od zeszłego roku"
  /\b(od (?:stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|wrzesnia|pazdziernika|listopada|grudnia|zeszlego roku|poprzedniego roku))\b/,
  /\b(ers (?:pythefnos|wythnos|mis|misoedd|blwyddyn|blynyddoedd|dyddiau|\w+ wythnos))\b/,
  // ro: "de 3 luni" (for three months), "de o săptămână", "din martie" (since March)
  /\b(de (?:o|un|doua|doi|trei|patru|cinci|sase|cateva|\d{1,2}) (?:zi|zile|saptamana|saptamani|luna|luni|an|ani))\b/,
  /\b(din (?:ianuarie|februarie|martie|aprilie|mai|iunie|iulie|august|septembrie|octombrie|noiembrie|decembrie|anul trecut))\b/,
  // so: "laba toddobaad" (two weeks), "saddex bilood" (three months)
  /\b((?:hal|laba|saddex|afar|shan|lix|dhowr|dhawr|\d{1,2}) (?:maalmood|maalin|toddobaad|todobaad|bil|bilood|sano|sanadood))\b/,
  // ar: "منذ ثلاثة أسابيع", "منذ أغسطس"
  sinceIn({
    before: ['منذ'],
    counts: ['ثلاثة', 'ثلاث', 'أربعة', 'اربعة', 'خمسة', 'ستة', 'عدة', 'بضعة', 'شهر'],
    units: [
      ...['يوم', 'يومين', 'أيام', 'ايام', 'أسبوع', 'اسبوع', 'أسبوعين', 'اسبوعين', 'أسابيع', 'اسابيع'],
      ...['شهر', 'شهرين', 'أشهر', 'اشهر', 'شهور', 'سنة', 'سنه', 'سنتين', 'سنوات', 'عام', 'عامين', 'أعوام', 'اعوام'],
      ...['يناير', 'فبراير', 'مارس', 'أبريل', 'ابريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'اغسطس'],
      ...['سبتمبر', 'أكتوبر', 'اكتوبر', 'نوفمبر', 'ديسمبر', 'كانون', 'شباط', 'آذار', 'نيسان', 'أيار'],
      ...['حزيران', 'تموز', 'آب', 'أيلول', 'تشرين'],
    ],
  }),
  // ur: "تین ہفتوں سے", "اگست سے"
  sinceIn({
    counts: ['ایک', 'دو', 'تین', 'چار', 'پانچ', 'چھ', 'سات', 'آٹھ', 'نو', 'دس', 'کئی', 'کچھ', 'پچھلے', 'گزشتہ'],
    units: [
      ...['دن', 'دنوں', 'ہفتے', 'ہفتوں', 'ہفتہ', 'مہینے', 'مہینوں', 'مہینہ', 'سال', 'سالوں', 'برس'],
      ...['جنوری', 'فروری', 'مارچ', 'اپریل', 'مئی', 'جون', 'جولائی', 'اگست', 'ستمبر', 'اکتوبر', 'نومبر', 'دسمبر'],
    ],
    after: ['سے'],
  }),
  // pa: "ਤਿੰਨ ਹਫ਼ਤਿਆਂ ਤੋਂ", "ਅਗਸਤ ਤੋਂ"
  sinceIn({
    counts: ['ਇੱਕ', 'ਦੋ', 'ਤਿੰਨ', 'ਚਾਰ', 'ਪੰਜ', 'ਛੇ', 'ਸੱਤ', 'ਅੱਠ', 'ਨੌਂ', 'ਦਸ', 'ਕਈ', 'ਕੁਝ', 'ਪਿਛਲੇ'],
    units: [
      ...['ਦਿਨ', 'ਦਿਨਾਂ', 'ਹਫ਼ਤੇ', 'ਹਫ਼ਤਿਆਂ', 'ਹਫ਼ਤਾ', 'ਹਫਤੇ', 'ਹਫਤਿਆਂ', 'ਮਹੀਨੇ', 'ਮਹੀਨਿਆਂ', 'ਮਹੀਨਾ', 'ਸਾਲ', 'ਸਾਲਾਂ'],
      ...['ਜਨਵਰੀ', 'ਫ਼ਰਵਰੀ', 'ਫਰਵਰੀ', 'ਮਾਰਚ', 'ਅਪ੍ਰੈਲ', 'ਅਪਰੈਲ', 'ਮਈ', 'ਜੂਨ', 'ਜੁਲਾਈ', 'ਅਗਸਤ', 'ਸਤੰਬਰ', 'ਅਕਤੂਬਰ'],
      ...['ਨਵੰਬਰ', 'ਦਸੰਬਰ'],
    ],
    after: ['ਤੋਂ'],
  }),
  // bn: "তিন সপ্তাহ ধরে", "আগস্ট থেকে"
  sinceIn({
    counts: ['এক', 'দুই', 'দু', 'তিন', 'চার', 'পাঁচ', 'ছয়', 'সাত', 'আট', 'নয়', 'দশ', 'কয়েক', 'গত'],
    units: [
      ...['দিন', 'সপ্তাহ', 'মাস', 'বছর', 'জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট'],
      ...['সেপ্টেম্বর', 'অক্টোবর', 'নভেম্বর', 'ডিসেম্বর'],
    ],
    after: ['ধরে', 'থেকে'],
  }),
  // zh: "从八月", "三个星期了", "一个多月了"
  /(从(?:去年)?[一二三四五六七八九十\d]{1,2}月|(?:[一二三四五六七八九十两几\d]{1,3}|半)个?多?(?:星期|礼拜|周|月|年|天)(?:了|以来))/u,
];

// "first reported in June", "it started back in March": kept as "since june".
const startedInMonth =
  /\b(?:reported|started|began|begun|noticed|appeared|happened|first reported|been going on)(?: (?:it|this|them|the \w+))?(?: back)? in (january|february|march|april|may|june|july|august|september|october|november|december)\b/;

/** "2wks" → "2 weeks", "3 mths" → "3 months": read back to the customer and bucketed as words. */
function unabbreviated(said: string): string {
  return said
    .replace(/(\d)(?=[a-z])/, '$1 ')
    .replace(/\bwks?\b/, (w) => (w.endsWith('s') ? 'weeks' : 'week'))
    .replace(/\bm(?:n)?ths?\b/, (w) => (w.endsWith('s') ? 'months' : 'month'))
    .replace(/\byrs?\b/, (w) => (w.endsWith('s') ? 'years' : 'year'));
}

/** When it started, in the customer's words, if they said so: "two weeks", "since last week". */
export function findStarted(text: string): string | undefined {
  const said = westernDigits(normalise(text));
  for (const pattern of startedPatterns) {
    const match = pattern.exec(said);
    if (match?.[1]) return unabbreviated(match[1]);
  }
  const month = startedInMonth.exec(said)?.[1];
  return month === undefined ? undefined : `since ${month}`;
}

const overAYear =
  /\b(?:sano|sanadood)\b|\b(?:zeszlego|poprzedniego) roku\b|\bde \S+ (?:an|ani)\b|\banul trecut\b|\b(over|more than) (a|one|1) year\b|\b([2-9]|\d{2}|two|three|four|five|six|several|many) years?\b|\blast year\b|\byears ago\b|\blat\b|\bblynyddoedd\b|\bblwyddyn\b/;
const withinYear = /\b(month|months|miesiac\w*|miesiec\w*|mis|misoedd|luni|bilood)\b/;
// A year in Arabic, Urdu, Punjabi, Bengali or Chinese: over 12 months, as "a year" is in English.
const yearsOtherScripts = phrases([
  'سنة',
  'سنه',
  'سنتين',
  'سنوات',
  'عام',
  'أعوام',
  'اعوام',
  'سال',
  'برس',
  'ਸਾਲ',
  'বছর',
  '年',
]);

/** The choice that a started-phrase falls in: the over-12-months rule (Code 2.1-2.3) hangs on it. */
export function startedBucket(phrase: string): 'recent' | 'within_year' | 'over_year' {
  if (overAYear.test(phrase) || yearsOtherScripts.test(phrase) || /\byears?\b/.test(phrase)) return 'over_year';
  const months =
    /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few) months?\b/.exec(phrase);
  if (
    months ||
    /\bsince (january|february|march|april|may|june|july|august|september|october|november|december|christmas|last year)\b/.test(
      phrase,
    )
  )
    return 'within_year';
  if (withinYear.test(phrase) && !/\b(a|one|1) month\b/.test(phrase)) return 'within_year';
  return 'recent';
}

const contactPatterns: [KnownFacts['contact'] & string, RegExp][] = [
  [
    'sms',
    /\b(text me|txt me|text back|send me a text|message me on|sms me|by text|napisz sms|wyslij sms|prosze o sms|tecstiwch fi|anfonwch neges destun)\b/,
  ],
  [
    'phone',
    /\b(call me|ring me|phone me|give me a call|give me a ring|call back on|zadzwon|prosze dzwonic|prosze o telefon|ffoniwch fi|sunati-ma|suna ma)\b/,
  ],
  ['email', /\b(email me|e mail me|by email|send it to my email|napisz maila|wyslij maila|e bostiwch fi)\b/],
  ['letter', /\b(write to me|send me a letter|by post|by letter|in the post|listownie)\b/],
];

// A format asked for in passing ("I need letters in big print"): the format question is not put
// again. Only the plain requests; "another language" and interpreters are asked, since the
// question that follows names the language.
const formatPatterns: [NonNullable<KnownFacts['format']>, RegExp][] = [
  [
    'large_print',
    /\b((?:large|larger|big|bigger) (?:print|text|writing|font|letters|type)|duzy druk|duzym drukiem|wieksz\w* (?:czcionk\w*|druk\w*)|print bras|litere mari|scris mare)\b/,
  ],
  ['braille', /\b(braille|brajl\w*)\b/],
  ['easy_read', /\b(easy read|easyread|latwy do czytania|hawdd ei ddarllen)\b/],
  [
    'audio',
    /\b(audio (?:version|letters?|recording|format)|(?:in|as) audio|read (?:it|them|letters|my letters) (?:out )?to me)\b/,
  ],
  ['bsl', /\b(bsl|british sign language|sign language)\b/],
  // ar, ur, pa, bn, zh: "بخط كبير", "بڑے حروف میں", "ਵੱਡੇ ਅੱਖਰਾਂ ਵਿੱਚ", "বড় অক্ষরে", "用大字"
  [
    'large_print',
    phrases([
      ...['خط كبير', 'الخط الكبير', 'طباعة كبيرة', 'حروف كبيرة', 'خط أكبر', 'خط اكبر'],
      ...['بڑے حروف', 'بڑا پرنٹ', 'بڑی لکھائی', 'بڑے الفاظ', 'ਵੱਡੇ ਅੱਖਰ', 'ਵੱਡਾ ਪ੍ਰਿੰਟ', 'ਵੱਡੀ ਲਿਖਾਈ'],
      ...['বড় অক্ষর', 'বড় হরফ', 'বড় ছাপা', 'বড় প্রিন্ট', 'বড় লেখা', '大字', '大号字', '字体大', '字大一点'],
    ]),
  ],
  ['braille', phrases(['برايل', 'بريل', 'بریل', 'ਬ੍ਰੇਲ', 'ব্রেইল', 'ব্রেল', '盲文'])],
  ['audio', phrases(['تسجيل صوتي', 'نسخة صوتية', 'آڈیو', 'ਆਡੀਓ', 'অডিও', '音频', '录音'])],
  ['bsl', phrases(['لغة الإشارة', 'لغة الاشارة', 'اشاروں کی زبان', 'ਸੈਨਤ ਭਾਸ਼ਾ', 'ইশারা ভাষা', '手语'])],
];

// Someone older, disabled, unwell, pregnant or a young child at home, said in passing ("I'm 79
// and partially sighted"): the household question is not put again, but the customer's
// permission to record it still is (UK GDPR Art. 9). Narrower than triage's list for the
// no-heat emergency: "my son" or "the kids" alone say nothing of health.
const vulnerablePatterns: RegExp[] = [
  /\b(?:i m|im|i am|aged|she s|shes|she is|he s|hes|he is|(?:my )?(?:mum|mother|dad|father|nan|gran|grandad|husband|wife) is) (?:6[5-9]|[7-9]\d|10\d)\b|\b(?:6[5-9]|[7-9]\d|10\d) (?:years? old|yrs? old|yo)\b|\b(?:pensioner|elderly|oap)\b/,
  /\b(?:disab\w*(?! (?:bays?|parking|spaces?|toilets?|ramps?))|wheelchair|bed ?bound|bedridden|housebound|partially sighted|visually impaired|registered blind|blind(?! eye)|deaf(?! ears?)|hard of hearing|sight loss|dementia|alzheimer\w*|parkinson\w*|cancer|chemo\w*|copd|on oxygen|dialysis|had a stroke|mental health|learning disabilit\w*|autis\w*|terminally ill|frail)\b/,
  /\b(?:i m|im|i am|she s|shes|she is|my (?:wife|partner|daughter) is) (?:\d{1,2} (?:weeks|months) )?pregnant\b|\bexpecting a baby\b|\b(?:newborn|new born|toddler)\b|\b(?:a|my|our) baby\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:days?|weeks?|months?) old\b/,
  // A child of four or under: "a 2 year old", "my daughter is 3", "córka ma 2 lata", "fiica mea are 2 ani".
  /\b(?:[1-4]|one|two|three|four) ?(?:years?|yrs?) olds?\b|\b[1-4] ?yo\b|\bmy (?:daughter|son|child|little one|youngest|boy|girl) is [1-4]\b(?! (?:weeks|months|years|days|times))/,
  /\b(?:corka|coreczka|syn|synek|dziecko|najmlodsz\w*) ma [1-4] (?:lat|lata|latka|rok|roczek)\b|\b(?:fiica|fiul|copilul|baiatul|fetita) (?:mea |meu )?are [1-4] ani\b/,
  // "plentyn 2 oed", "ilmo 2 jir ah"; "طفل عمره سنتان", "2 سال کا بچہ", "3 ਸਾਲ ਦਾ", "২ বছরের বাচ্চা", "两岁的孩子"
  // (an age, not a duration: "منذ 3 سنوات", "3 سال سے" are for three years)
  /\b(?:[1-4]|un|dau|dwy|tri|tair|pedwar|pedair) (?:blwydd )?oed\b|\b[1-4] (?:sano )?jir\b/,
  /(?:عمره|عمرها|بعمر) ?(?:[1-4] ?(?:سنوات|سنة|سنه|أعوام)|سنتان|سنتين|سنة|سنه)|(?<![0-9])[1-4] ?سال (?:کا|کی|کے)|(?<![0-9])[1-4] ?ਸਾਲ (?:ਦਾ|ਦੀ|ਦੇ)|(?<![0-9])[1-4] ?বছরের|বয়স [1-4] ?বছর(?!\S)|(?<![0-9十])(?:[1-4]|一|两|二|三|四) ?(?:岁|歲)/u,
  // pl, cy, ro, so
  /\b(?:niepelnospr\w*|w ciazy|ciezarn\w*|niemowl\w*|noworod\w*|niewidom\w*|niedowid\w*|niedoslysz\w*|emeryt\w*|(?:mam|ma) (?:6[5-9]|[7-9]\d) lat)\b/,
  /\b(?:anabl\w*|beichiog|cadair olwyn|(?:6[5-9]|[7-9]\d) oed)\b/,
  /\b(?:dizabilit\w*|handicap\w*|insarcinat\w*|gravida|nevazator\w*|(?:6[5-9]|[7-9]\d) de ani|scaun cu rotile)\b/,
  /\b(?:naafo|curyaan\w*|uur leh|waayeel\w*|indha la ?aan|indhoole|(?:6[5-9]|[7-9]\d|10\d) (?:sano )?jir)\b/,
  // ar, ur, pa, bn, zh; an age with the word for years: "عمري 78 سنة", "৭৯ বছর", "80岁"
  new RegExp(
    `(?<![0-9])(?:6[5-9]|[7-9][0-9]|10[0-9]) ?(?:${alternatives(['سنة', 'سنه', 'عاما', 'عام', 'سال', 'ਸਾਲ', 'বছর', '岁', '歲'])})`,
    'u',
  ),
  phrases([
    ...['معاق', 'معاقة', 'إعاقة', 'اعاقة', 'كرسي متحرك', 'أنا حامل', 'انا حامل', 'زوجتي حامل', 'ابنتي حامل'],
    ...['كفيف', 'ضعيف البصر', 'ضعيفة البصر', 'ضعف البصر', 'ضعف النظر', 'نظري ضعيف', 'ضعف السمع', 'أصم', 'صماء'],
    ...['مسن', 'كبير في السن', 'كبيرة في السن', 'كبار السن', 'رضيع', 'مولود جديد', 'سرطان', 'غسيل الكلى', 'الخرف'],
    ...['الزهايمر', 'جلطة', 'طريح الفراش'],
  ]),
  phrases([
    ...['معذور', 'معذوری', 'وہیل چیئر', 'حاملہ', 'نابینا', 'نظر کمزور', 'کمزور نظر', 'کم نظر', 'بہرا', 'بہری'],
    ...['اونچا سنتی', 'اونچا سنتا', 'بزرگ', 'بوڑھا', 'بوڑھی', 'نوزائیدہ', 'شیر خوار', 'کینسر', 'ڈائیلاسز', 'فالج'],
    ...['ڈیمنشیا'],
  ]),
  phrases([
    ...['ਅਪਾਹਜ', 'ਅਪੰਗ', 'ਵ੍ਹੀਲਚੇਅਰ', 'ਵੀਲ੍ਹਚੇਅਰ', 'ਗਰਭਵਤੀ', 'ਨੇਤਰਹੀਣ', 'ਅੰਨ੍ਹਾ', 'ਅੰਨ੍ਹੀ', 'ਨਜ਼ਰ ਕਮਜ਼ੋਰ', 'ਕਮਜ਼ੋਰ ਨਜ਼ਰ'],
    ...['ਬੋਲ਼ਾ', 'ਬੋਲ਼ੀ', 'ਉੱਚਾ ਸੁਣ', 'ਬਜ਼ੁਰਗ', 'ਨਵਜੰਮ', 'ਕੈਂਸਰ', 'ਡਾਇਲਸਿਸ', 'ਅਧਰੰਗ', 'ਡਿਮੈਂਸ਼ੀਆ'],
  ]),
  phrases([
    ...['প্রতিবন্ধী', 'হুইলচেয়ার', 'গর্ভবতী', 'অন্তঃসত্ত্বা', 'দৃষ্টিহীন', 'চোখে কম দেখ', 'দৃষ্টিশক্তি কম', 'বধির'],
    ...[
      'কানে কম শুন',
      'কানে কম শোন',
      'বয়স্ক',
      'বৃদ্ধা',
      'বৃদ্ধ মা',
      'বৃদ্ধ বাবা',
      'বৃদ্ধ মানুষ',
      'নবজাতক',
      'ক্যান্সার',
      'ডায়ালাইসিস',
      'স্ট্রোক',
      'ডিমেনশিয়া',
    ],
  ]),
  phrases([
    ...['残疾', '残障', '轮椅', '怀孕', '孕妇', '失明', '盲人', '视力不好', '视力差', '眼睛不好', '耳聋', '听力不好'],
    ...['老人', '年纪大', '婴儿', '新生儿', '宝宝', '癌症', '化疗', '透析', '痴呆', '中风', '卧床'],
  ]),
];

// Writing for someone else, said plainly ("I'm a caseworker in the office of Jo Bloggs MP",
// "I'm writing on behalf of my mum"): "Are you the tenant?" is not asked.
const writingForPatterns: RegExp[] = [
  /\b(?:caseworker|case worker|my constituent|our constituent|a constituent|on behalf of (?:my|our|a|the|mrs|mr|ms|miss) \w+|(?:writing|contacting you|emailing|messaging|texting|acting) (?:on (?:her|his|their) behalf|for (?:her|him|them)|for (?:my|our) (?:mum|mother|dad|father|nan|gran|grandmother|grandad|grandfather|client|constituent|tenant|neighbour|brother|sister|son|daughter|aunt|uncle)))\b/,
  /\b(?:w imieniu (?:mojej|mojego|mamy|taty|klienta|lokatora)|ar ran fy|in numele (?:mamei|tatalui|clientului))\b/,
];

// "my name is Jane Smith and ...": the name runs until a word that starts the rest of the sentence.
const namePatterns: RegExp[] = [
  /\b(?:my name is|my name's|name is|i am called|nazywam sie|mam na imie|fy enw i yw|fy enw i ydy|ma numesc|numele meu este|magacaygu waa)\s+([\p{L}' -]{2,60})/iu,
  /(?:اسمي|میرا نام|আমার নাম)\s+([\p{L}\p{M}' ]{2,40})/u,
  /我叫([\p{Script=Han}]{1,4})/u,
];
const nameStops = new Set([
  'and',
  'i',
  'im',
  'my',
  'the',
  'from',
  'at',
  'in',
  'on',
  'of',
  'flat',
  'house',
  'number',
  'but',
  'so',
  'is',
  'i m',
  'please',
  'thanks',
  'ہے',
  'ਹੈ',
  'i',
  'a',
  'oraz',
  'i',
  'ac',
  'a',
  'si',
  'iar',
  'waxaan',
]);

function nameIn(text: string): string | undefined {
  for (const pattern of namePatterns) {
    const match = pattern.exec(text);
    if (!match?.[1]) continue;
    const words: string[] = [];
    for (const word of match[1].trim().split(/\s+/)) {
      if (nameStops.has(normalise(word)) || words.length >= 4) break;
      words.push(word.replace(/[,.;:!?]+$/, ''));
      if (/[,.;:!?]$/.test(word)) break;
    }
    if (words.length > 0) return words.join(' ');
  }
  return undefined;
}

// The person written for, named in full with capitals: "a constituent, Mrs Aisha Khan of…",
// "on behalf of my mum Mary Jones". Not the MP whose office writes ("on behalf of Jo Bloggs MP").
const customerNamePattern =
  /\b(?:constituent|resident|tenant|client|neighbour|mum|mother|dad|father|nan|gran|grandmother|grandfather|grandad|aunt|uncle|brother|sister|son|daughter|behalf of)(?: is| called| named)?,? (?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.? )?(\p{Lu}[\p{Ll}'-]+(?: \p{Lu}[\p{Ll}'-]+){1,2})(?! MP\b)(?![\p{L}'-])/u;

/** A postcode in the message, and the address line that ends with it when there is one. */
function homeIn(text: string): Pick<KnownFacts, 'postcode' | 'address'> {
  const postcode = findPostcode(text)?.postcode;
  if (!postcode) return {};
  const address = findAddressLine(text);
  return address ? { postcode, address } : { postcode };
}

function customerNameIn(text: string): string | undefined {
  return customerNamePattern.exec(text)?.[1];
}

/** Adds what this message says to what we know; later messages correct earlier ones. */
export function noteFacts(known: KnownFacts, text: string): KnownFacts {
  const out: KnownFacts = { ...known };
  const said = normalise(text);
  const started = findStarted(text);
  if (started && !out.started) out.started = started;
  for (const [method, pattern] of contactPatterns) {
    if (pattern.test(said)) {
      out.contact = method;
      break;
    }
  }
  const phone = findPhone(text);
  if (phone) out.phone = phone;
  const email = findEmail(text);
  if (email) out.email = email;
  const name = nameIn(text);
  if (name) out.name = name;
  // "Mrs Aisha Khan of 22 Mill Lane, Leicester LE2 7QT": offered back, not asked again.
  const home = homeIn(text);
  if (home.postcode) out.postcode = home.postcode;
  if (home.address) out.address = home.address;
  // Another postcode alone ("sorry it's NG7 2QQ"): the line given before is no longer theirs.
  else if (home.postcode && out.address && findPostcode(out.address)?.postcode !== home.postcode) delete out.address;
  const format = formatPatterns.find(([, pattern]) => pattern.test(said))?.[0];
  if (format) out.format = format;
  const counted = westernDigits(said);
  if (vulnerablePatterns.some((pattern) => pattern.test(counted))) out.vulnerable = true;
  if (writingForPatterns.some((pattern) => pattern.test(said))) out.writingFor = true;
  const customerName = customerNameIn(text);
  if (customerName) out.customerName = customerName;
  return out;
}

/** The facts that carry over to a new matter in the same conversation: who they are and how to reach them, not when it started. */
export function newMatter(known: KnownFacts, firstMessage: string): KnownFacts {
  const rest: KnownFacts = { ...known };
  delete rest.started;
  // Someone writing for a second customer names them again, or is asked.
  delete rest.customerName;
  const customerName = customerNameIn(firstMessage);
  if (customerName) rest.customerName = customerName;
  if (rest.homeOf !== undefined) {
    // A caseworker's last matter was another tenant's home: only this message's address counts.
    delete rest.homeOf;
    delete rest.address;
    delete rest.postcode;
    Object.assign(rest, homeIn(firstMessage));
  }
  const started = findStarted(firstMessage);
  return started ? { ...rest, started } : rest;
}
