import { francAll } from 'franc';
import { languages, type LanguageCode } from '../src/languages.js';
import { normalise } from './recognise.js';

/**
 * Words that switch the conversation's language at any point: each language's own name,
 * its English name and a few common spellings (typed without accents on a phone).
 */
const extraNames: Partial<Record<LanguageCode, string[]>> = {
  en: ['english', 'saesneg', 'angielski', 'engleza'],
  cy: ['welsh', 'cymraeg', 'yn gymraeg'],
  pl: ['polish', 'polski', 'po polsku', 'polskie'],
  ro: ['romanian', 'romana', 'limba romana', 'in romana'],
  ur: ['urdu', 'اردو'],
  pa: ['punjabi', 'panjabi', 'ਪੰਜਾਬੀ'],
  ar: ['arabic', 'العربية', 'عربي'],
  bn: ['bengali', 'bangla', 'বাংলা'],
  so: ['somali', 'soomaali', 'af soomaali'],
  zh: ['chinese', 'mandarin', '中文', '普通话', '简体中文'],
};

const nameToCode = new Map<string, LanguageCode>();
for (const l of languages) {
  for (const name of [l.native, l.name, ...(extraNames[l.code] ?? [])]) nameToCode.set(normalise(name), l.code);
}

/** "Polski", "in Welsh please", "العربية" → the language; anything else → undefined. */
export function languageNamed(text: string): LanguageCode | undefined {
  const said = normalise(text)
    .replace(/^(in|language|switch to|change to|change language to|speak)\s+/, '')
    .replace(/\s+(please|pls|plz)$/, '');
  return said.length <= 30 ? nameToCode.get(said) : undefined;
}

/** "language", "change language": the customer wants to see what is on offer. */
export function asksForLanguages(text: string): boolean {
  return /^(language|languages|change language|other language|iaith|jezyk|limba)$/.test(normalise(text));
}

export function nativeName(code: LanguageCode): string {
  return languages.find((l) => l.code === code)?.native ?? code;
}

// franc's ISO 639-3 codes for ours (franc calls Standard Arabic "arb" and Mandarin "cmn").
const iso6393: Record<LanguageCode, string> = {
  en: 'eng',
  cy: 'cym',
  pl: 'pol',
  ro: 'ron',
  ur: 'urd',
  pa: 'pan',
  ar: 'arb',
  bn: 'ben',
  so: 'som',
  zh: 'cmn',
};
const fromIso = new Map(Object.entries(iso6393).map(([code, iso]) => [iso, code as LanguageCode]));

/**
 * Below this length franc guesses wildly ("where do I find my meter number" came out as
 * Romanian on the triage corpus), so we keep the language we have.
 */
const minLength = 20;
/** English must score well below the winner before we offer another language (one false offer in the corpus). */
const englishMargin = 0.8;
// franc barely knows Welsh: these words are common in Welsh and absent from English.
const welshMarkers = new Set([
  'mae',
  'yn',
  'wedi',
  'rwy',
  'dw',
  'diolch',
  'gwelwch',
  'ddim',
  'fy',
  'mae r',
  'dydy',
  'does',
  'gyda',
  'ers',
  'eto',
  'hoffwn',
  'pryd',
  'eisiau',
  'isio',
  'siarad',
  'neb',
  'gwneud',
  'cwyn',
  'iawn',
  'efo',
  'dwi',
  'rydw',
  'plis',
  'trwsio',
  'gollwng',
  'nid',
  'oes',
  'ydy',
  'ydw',
  // "Faint o amser sydd gennych i ateb cwyn?" (how long do you have to answer a complaint?)
  'faint',
  'amser',
  'sydd',
  'gennych',
  'gennyf',
  'ateb',
  'chi',
  'eich',
  'beth',
  'sut',
  'hefyd',
  'achos',
  'heddiw',
  'yfory',
  'wythnos',
  'ffonio',
  'nhw',
  'ac',
  'gen',
  'gan',
  'cael',
  'gael',
  'allwch',
  'rhywun',
  'ddod',
  'dod',
  'edrych',
  'gegin',
  'ystafell',
  'wely',
  'gwres',
  'dwr',
  'ddwr',
  'llwydni',
  'lleithder',
  'boeler',
  'drws',
  'ffenest',
  'ffenestr',
  'soced',
  'arogl',
  'llosgi',
  'nenfwd',
  'ymolchi',
  'biniau',
  'sbwriel',
  'rhent',
  'talu',
  'ddoe',
  'blwyddyn',
  'yma',
  'oherwydd',
  'aros',
  'dweud',
  'dywedon',
  'mewn',
  'fflat',
  'fflatiau',
  'modd',
  'cwbl',
  'gwbl',
  'babi',
  'fabi',
  'plentyn',
  'torri',
  'roedd',
  'oedd',
  'bydd',
  'fydd',
  'gallu',
  'methu',
  'cloi',
  'allwedd',
  'drefnu',
  'trefnu',
  'gyflym',
  'gwych',
  'gwasanaeth',
  'ddylwn',
  'wneud',
  'pwy',
  'mwg',
  'llawn',
  'gweithwyr',
  'gadawodd',
  'lanast',
  'gardd',
  'ardd',
  'gorffen',
  'glanhau',
  'glanhawyr',
  'grisiau',
  'pythefnos',
  'casglu',
  'disgyn',
  'llwybr',
  'larwm',
  'canu',
  'gwybod',
  'diferu',
  'rhoi',
  'balconi',
  'symud',
  'darnau',
  'tair',
  'pedwar',
  'ddaeth',
  'chwaith',
  'galwad',
  'ffon',
  'ffôn',
  'osod',
  'ffens',
  'byrstio',
  'pibell',
  'gwreichion',
  'lolfa',
  'smotiau',
  'gwmpas',
  'anfon',
]);

// Short English questions fool franc ("How do I pay my rent?" scored as Polish): two of
// these words in a message written only in ASCII, a fifth of its words at least, is English
// enough to keep.
const englishMarkers = new Set([
  'the',
  'my',
  'i',
  'im',
  'is',
  'to',
  'and',
  'for',
  'how',
  'do',
  'does',
  'you',
  'your',
  'a',
  'an',
  'of',
  'in',
  'it',
  'have',
  'has',
  'not',
  'been',
  'can',
  'what',
  'when',
  'where',
  'why',
  'me',
  'we',
  'our',
  'with',
  'this',
  'that',
  'there',
  'please',
  'no',
  'still',
  'since',
  'about',
  'would',
  'like',
  'will',
  'should',
  'get',
  'got',
  'be',
  'are',
]);

// Urdu and Punjabi in Latin letters ("mera rent kitna baqi hai", "kitchen vich gas di smell"): none is a Somali, Polish or Romanian word.
const romanUrduMarkers = new Set(
  (
    'hai hain mein nahi nahin rahi raha rahe mera meri mere mujhe humein kisi jaldi bhejo karo karein ' +
    'vich kitna kitni bata dein chahiye tarjuman ghar aur bhi kya kyun abhi hoon hun sanu menu tusi'
  ).split(' '),
);

/** Scripts only one (or, for Arabic script, two) of our languages use: no guessing needed. */
function byScript(text: string, candidates: readonly LanguageCode[]): LanguageCode | 'arabic-script' | undefined {
  const pick = (code: LanguageCode) => (candidates.includes(code) ? code : undefined);
  if (/\p{Script=Gurmukhi}/u.test(text)) return pick('pa');
  if (/\p{Script=Bengali}/u.test(text)) return pick('bn');
  if (/\p{Script=Han}/u.test(text)) return pick('zh');
  if (/\p{Script=Arabic}/u.test(text)) return 'arabic-script';
  return undefined;
}

/** Letters only one of the two writes settle it: Urdu's ے ں ہ ھ ٹ ڈ ڑ گ ی ک, Arabic's ة ى and the Arabic forms of yeh and kaf. */
export function arabicOrUrduByLetters(text: string): 'ar' | 'ur' | undefined {
  const urdu = (text.match(/[\u06D2\u06BA\u06C1\u06BE\u0679\u0688\u0691\u06AF\u06CC\u06A9]/gu) ?? []).length;
  const arabic = (text.match(/[\u0629\u064A\u0643\u0649]/gu) ?? []).length;
  if (urdu > 0 && arabic === 0) return 'ur';
  if (arabic > 0 && urdu === 0) return 'ar';
  return undefined;
}

/** The language a message is probably written in, when we can tell; undefined when unsure. */
export function detectLanguage(text: string, candidates: readonly LanguageCode[]): LanguageCode | undefined {
  // An email address, a link, a number, a postcode or a reference is in no language: franc
  // read "email please, casework@jobloggs.example.org" as Romanian.
  const trimmed = text
    .replace(/\S+@\S+|https?:\/\/\S+|www\.\S+|\S*\d\S*/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const script = byScript(trimmed, candidates);
  if (script && script !== 'arabic-script') return script;
  if (script === 'arabic-script') {
    // Urdu and Arabic share a script; franc tells them apart well, and only they are candidates.
    const pair = (['ar', 'ur'] as const).filter((c) => candidates.includes(c));
    if (pair.length < 2) return pair[0];
    const byLetters = arabicOrUrduByLetters(trimmed);
    if (byLetters) return byLetters;
    // "هنا" is here in Arabic and could be Urdu to franc: without a telling letter a short reply decides nothing.
    if (trimmed.length < minLength) return undefined;
    const [best] = francAll(trimmed, { only: pair.map((c) => iso6393[c]), minLength: 1 });
    return best ? fromIso.get(best[0]) : undefined;
  }
  if (trimmed.length < minLength) return undefined;
  const words = normalise(trimmed).split(' ');
  const english = new Set(words.filter((w) => englishMarkers.has(w))).size;
  const welsh = new Set(words.filter((w) => welshMarkers.has(w))).size;
  // Welsh borrows "i" and "to" from the English look: more Welsh words than English ones is Welsh.
  if (candidates.includes('cy') && welsh >= 3 && welsh > english) return 'cy';
  // Urdu and Punjabi typed in Latin letters: franc called "ghar mein gas ki bu aa rahi hai" Somali.
  // The customer may not read the script, so the language stays as it is (triage reads these words).
  if (new Set(words.filter((w) => romanUrduMarkers.has(w))).size >= 2) return undefined;
  // Two of them in a short message, or a fair share of a longer one: Romanian typed without
  // accents has "a" and "in" too ("am sunat de 3 ori si nu a venit nimeni").
  if (/^[\x20-\x7E\n£€’‘“”–]*$/.test(trimmed) && english >= 2 && english * 5 >= words.length) return undefined;
  const only = candidates.map((c) => iso6393[c]);
  if (only.length < 2) return undefined;
  const scores = francAll(trimmed, { only, minLength: 1 });
  const [top] = scores;
  if (!top || top[0] === 'und') return undefined;
  // franc barely knows Welsh and calls much of it English ("trwsio'r to cyn gynted â phosib"):
  // a Welsh word or letter in it leaves the language as it is.
  if (top[0] === 'eng' && candidates.includes('cy') && (welsh > 0 || /[ŵŷ]/u.test(trimmed))) return undefined;
  const englishScore = scores.find(([iso]) => iso === 'eng')?.[1] ?? 0;
  if (top[0] !== 'eng' && englishScore >= englishMargin) return undefined;
  return fromIso.get(top[0]);
}
