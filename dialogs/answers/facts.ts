import type { KnownFacts } from '../conversation-data.js';
import { normalise } from '../recognise.js';
import { findEmail, findPhone } from './contact.js';
import { findPostcode } from './home.js';

/**
 * What a customer has already said in passing ("it's been two weeks", "text me on 07700
 * 900123", "my name is Jane"), kept so a later question is confirmed or skipped rather
 * than asked as if we had not listened.
 */

const count =
  '(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|a couple of|couple of|several|\\d{1,2})';
const unit = '(?:day|week|month|year)s?';
const startedPatterns: RegExp[] = [
  new RegExp(
    `\\b(?:for|been|since|over|about|almost|nearly|more than|at least|going on|past|last)\\s+(?:the\\s+(?:last|past)\\s+)?(${count}\\s+${unit})\\b`,
  ),
  new RegExp(`\\b(${count}\\s+${unit})\\s+(?:now|ago|already)\\b`),
  /\b(since (?:last (?:week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|christmas|the weekend))\b/,
  // pl: "od dwóch tygodni", "od tygodnia", "od miesiąca"; cy: "ers pythefnos", "ers wythnos"
  /\b(od (?:(?:dwoch|trzech|czterech|kilku|paru|\d{1,2}) )?(?:dni|dnia|tygodnia|tygodni|miesiaca|miesiecy|roku|lat))\b/,
  /\b(ers (?:pythefnos|wythnos|mis|misoedd|blwyddyn|blynyddoedd|dyddiau|\w+ wythnos))\b/,
];

// "first reported in June", "it started back in March": kept as "since june".
const startedInMonth =
  /\b(?:reported|started|began|begun|noticed|appeared|happened|first reported|been going on)(?: (?:it|this|them|the \w+))?(?: back)? in (january|february|march|april|may|june|july|august|september|october|november|december)\b/;

/** When it started, in the customer's words, if they said so: "two weeks", "since last week". */
export function findStarted(text: string): string | undefined {
  const said = normalise(text);
  for (const pattern of startedPatterns) {
    const match = pattern.exec(said);
    if (match?.[1]) return match[1];
  }
  const month = startedInMonth.exec(said)?.[1];
  return month === undefined ? undefined : `since ${month}`;
}

const overAYear =
  /\b(over|more than) (a|one|1) year\b|\b([2-9]|\d{2}|two|three|four|five|six|several|many) years?\b|\blast year\b|\byears ago\b|\blat\b|\bblynyddoedd\b/;
const withinYear = /\b(month|months|miesiac\w*|miesiec\w*|mis|misoedd)\b/;

/** The choice that a started-phrase falls in: the over-12-months rule (Code 2.1-2.3) hangs on it. */
export function startedBucket(phrase: string): 'recent' | 'within_year' | 'over_year' {
  if (overAYear.test(phrase) || /\byears?\b/.test(phrase)) return 'over_year';
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
];

// Someone older, disabled, unwell, pregnant or a young child at home, said in passing ("I'm 79
// and partially sighted"): the household question is not put again, but the customer's
// permission to record it still is (UK GDPR Art. 9). Narrower than triage's list for the
// no-heat emergency: "my son" or "the kids" alone say nothing of health.
const vulnerablePatterns: RegExp[] = [
  /\b(?:i m|im|i am|aged|she s|shes|she is|he s|hes|he is|(?:my )?(?:mum|mother|dad|father|nan|gran|grandad|husband|wife) is) (?:6[5-9]|[7-9]\d|10\d)\b|\b(?:6[5-9]|[7-9]\d|10\d) (?:years? old|yrs? old|yo)\b|\b(?:pensioner|elderly|oap)\b/,
  /\b(?:disab\w*(?! (?:bays?|parking|spaces?|toilets?|ramps?))|wheelchair|bed ?bound|bedridden|housebound|partially sighted|visually impaired|registered blind|blind(?! eye)|deaf(?! ears?)|hard of hearing|sight loss|dementia|alzheimer\w*|parkinson\w*|cancer|chemo\w*|copd|on oxygen|dialysis|had a stroke|mental health|learning disabilit\w*|autis\w*|terminally ill|frail)\b/,
  /\b(?:i m|im|i am|she s|shes|she is|my (?:wife|partner|daughter) is) (?:\d{1,2} (?:weeks|months) )?pregnant\b|\bexpecting a baby\b|\b(?:newborn|new born|toddler)\b|\b(?:a|my|our) baby\b|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven) (?:days?|weeks?|months?) old\b/,
  // pl, cy, ro, so
  /\b(?:niepelnospr\w*|w ciazy|ciezarn\w*|niemowl\w*|noworod\w*|niewidom\w*|niedowid\w*|niedoslysz\w*|emeryt\w*|(?:mam|ma) (?:6[5-9]|[7-9]\d) lat)\b/,
  /\b(?:anabl\w*|beichiog|cadair olwyn|(?:6[5-9]|[7-9]\d) oed)\b/,
  /\b(?:dizabilit\w*|handicap\w*|insarcinat\w*|gravida|nevazator\w*|(?:6[5-9]|[7-9]\d) de ani|scaun cu rotile)\b/,
  /\b(?:naafo|curyaan\w*|uur leh)\b/,
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
  const postcode = findPostcode(text);
  if (postcode) out.postcode = postcode.postcode;
  const format = formatPatterns.find(([, pattern]) => pattern.test(said))?.[0];
  if (format) out.format = format;
  if (vulnerablePatterns.some((pattern) => pattern.test(said))) out.vulnerable = true;
  if (writingForPatterns.some((pattern) => pattern.test(said))) out.writingFor = true;
  return out;
}

/** The facts that carry over to a new matter in the same conversation: who they are and how to reach them, not when it started. */
export function newMatter(known: KnownFacts, firstMessage: string): KnownFacts {
  const rest: KnownFacts = { ...known };
  delete rest.started;
  const started = findStarted(firstMessage);
  return started ? { ...rest, started } : rest;
}
