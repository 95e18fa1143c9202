import { allowedSlips, editDistance } from './answers/fuzzy.js';
import { numberIn } from './answers/number-words.js';
import { alternatives, normalise } from './normalise.js';

/**
 * Matching a customer's reply to a list of choices: by number ("2", "2."), by a title
 * or synonym in their language or English ("yes", "tak"), by a number in words ("two",
 * "the second one", "dwa"), by a word with a slip in it ("yse", "complant"), or by a
 * phrase that contains exactly one choice's title ("formal complaint please").
 *
 * A synonym ending in `*` is a stem, for languages that inflect: Polish "skarg*" is
 * "skarga", "skargę" and "skargi", "naprawi*" is "naprawić", "naprawił", "naprawili". A word
 * said with "not" or "don't want" before it does not pick its choice ("i dont want to
 * complain, i just want it fixing"). Chinese is written without spaces, so its words are
 * found anywhere in the reply.
 */

export { normalise } from './normalise.js';

export interface Recognisable {
  value: string;
  words: readonly string[];
}

/**
 * @param loose also match on the reply's first word ("yes that's fine", "2 please"); off
 * when a free-text answer is welcome, where "No one listened" is a reason, not a "no".
 * @param prefer the choice a longer reply takes when it names this one and others too
 * ("fix it and explain why it took so long" to the complaint offer).
 */
export function recogniseChoice(
  text: string,
  choices: readonly Recognisable[],
  loose = true,
  prefer?: string,
): string | undefined {
  const said = normalise(text);
  if (said === '') return undefined;
  if (/^\d{1,2}$/.test(said)) return choices[Number(said) - 1]?.value;
  const known = choices.map((c) => ({ value: c.value, words: c.words.map(normalisedWord) }));
  const exact = known.find((c) => c.words.includes(said));
  if (exact) return exact.value;
  const counted = numberIn(said);
  if (counted !== undefined) return choices[counted - 1]?.value;
  if (loose) {
    const first = said.split(' ')[0] ?? '';
    if (/^\d{1,2}$/.test(first)) return choices[Number(first) - 1]?.value;
    const byFirst = known.filter((c) =>
      c.words.some((w) => w === first || (isStem(w) && first.startsWith(w.slice(0, -1)))),
    );
    // Not "shikayat nahi chahiye…" (no complaint…): there the first word is what they don't want.
    if (byFirst.length === 1 && !NOT_WANTED_AFTER.test(said.slice(first.length))) return byFirst[0]?.value;
  }
  // A slip of the thumb ("yse", "formel complaint"): the nearest choice, if only one is that near.
  const saidSlips = allowedSlips(said);
  const slipped = unique(known.filter((c) => c.words.some((w) => !isStem(w) && near(said, saidSlips, w))));
  if (slipped.length === 1) return slipped[0];
  // A longer reply that names one choice (and only one) picks it; short words would match too much
  // (Welsh "iawn", yes, is inside "person go iawn", a real person).
  // "No, just fix it", "Nie, naprawcie": a no said first, then a comma, answers something else.
  const interjection = /^\s*\p{L}+\s*[,.!;:-]/u.exec(text);
  const first = said.split(' ')[0] ?? '';
  const padded =
    interjection && NEGATORS.includes(first) ? ` ${'~'.repeat(first.length)}${said.slice(first.length)} ` : ` ${said} `;
  const containing = unique(known.filter((c) => c.words.some((w) => namedIn(padded, w))));
  if (containing.length === 1) return containing[0];
  return prefer !== undefined && containing.includes(prefer) ? prefer : undefined;
}

const isStem = (word: string) => word.endsWith('*');
const UNSPACED_WORD = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;

/**
 * Where `word` (or a word starting with a stem) is said in the reply, padded with spaces, and
 * not as something they don't want. A word must be five letters or more ("iawn", "tak", "no"
 * and Urdu نہیں are inside too many replies); in Chinese two characters, found anywhere.
 */
function namedIn(padded: string, word: string): boolean {
  const stem = isStem(word);
  const bare = stem ? word.slice(0, -1) : word;
  if (UNSPACED_WORD.test(bare)) {
    if (bare.length < 2) return false;
    for (let at = padded.indexOf(bare); at >= 0; at = padded.indexOf(bare, at + 1)) {
      if (!NOT_WANTED_UNSPACED.test(padded.slice(0, at))) return true;
    }
    return false;
  }
  if (bare.length < 5) return false;
  const needle = stem ? ` ${bare}` : ` ${bare} `;
  for (let at = padded.indexOf(needle); at >= 0; at = padded.indexOf(needle, at + 1)) {
    const end = padded.indexOf(' ', at + needle.length - 1);
    if (!NOT_WANTED.test(padded.slice(0, at + 1)) && !NOT_WANTED_AFTER.test(padded.slice(end))) return true;
  }
  return false;
}

/**
 * "Not", "don't want to make a", "nie chcę", "nu vreau", "ddim isio", "لا أريد" just before a
 * choice's word: the customer is saying what they do not want. Only these few words may stand
 * between, so "not sure, just fix it" and "no, just fix it" still pick the fix.
 */
const NEGATORS = [
  ...['dont', 'don t', 'do not', 'didnt', 'did not', 'not', 'never', 'no', 'nie', 'nu', 'ddim', 'dim', 'nid'],
  ...['لا', 'ما', 'مش', 'مو', 'بدون'],
];
const BETWEEN = [
  ...['want', 'need', 'wanna', 'looking for', 'going to', 'gonna', 'to', 'a', 'an', 'any', 'it', 'for', 'be', 'as'],
  ...['make', 'log', 'raise', 'put in', 'formal', 'official', 'by', 'via'],
  // Polish, Romanian, Welsh and Arabic: "nie chcę składać", "nu vreau să fac o", "ddim isio gwneud", "لا أريد".
  ...['chce', 'potrzebuje', 'zlozyc', 'skladac', 'vreau', 'sa', 'fac', 'o', 'un', 'isio', 'eisiau', 'gwneud', 'am'],
  ...['أريد', 'اريد', 'بدي', 'ابي', 'أبي', 'ابغى', 'أبغى', 'عايز', 'نريد'],
];
const NOT_WANTED = new RegExp(`(?:^| )(?:${alternatives(NEGATORS)})(?: (?:${alternatives(BETWEEN)})){0,4} $`, 'u');
/** Urdu, Punjabi, Bengali and Somali say it after: "shikayat nahi chahiye", "অভিযোগ চাই না", "cabasho ma rabo". */
const AFTER = [
  ...['nahi', 'nahin', 'نہیں', 'ਨਹੀਂ', 'চাই না', 'লাগবে না', 'chai na', 'lagbe na'],
  ...['ma rabo', 'maan rabo', 'ma doonayo', 'uma baahni'],
];
const NOT_WANTED_AFTER = new RegExp(`^ (?:${alternatives(AFTER)})(?: |$)`, 'u');
/** Chinese: 不要投诉 (no complaint), 不想, 不用, 不需要, 别. */
const NOT_WANTED_UNSPACED = /(?:不要|不想|不用|不需要|别|無需|不必)$/u;

/**
 * A choice's words come from the locales and the landlord's lists, a vocabulary of a few
 * thousand: each is normalised once, not on every reply (bounded, should a caller pass
 * words of its own).
 */
const normalisedWords = new Map<string, string>();
function normalisedWord(word: string): string {
  let normalised = normalisedWords.get(word);
  if (normalised === undefined) {
    // A stem keeps its `*` (normalise would take it for punctuation).
    normalised = isStem(word) ? `${normalise(word.slice(0, -1))}*` : normalise(word);
    if (normalisedWords.size >= 20_000) normalisedWords.clear();
    normalisedWords.set(word, normalised);
  }
  return normalised;
}

function near(said: string, saidSlips: number, word: string): boolean {
  if (saidSlips === 0) return false;
  const slips = Math.min(allowedSlips(word), saidSlips);
  return slips > 0 && editDistance(said, word, slips) <= slips;
}

function unique(choices: readonly Recognisable[]): string[] {
  return [...new Set(choices.map((c) => c.value))];
}
