import { allowedSlips, editDistance } from './answers/fuzzy.js';
import { numberIn } from './answers/number-words.js';
import { normalise } from './normalise.js';

/**
 * Matching a customer's reply to a list of choices: by number ("2", "2."), by a title
 * or synonym in their language or English ("yes", "tak"), by a number in words ("two",
 * "the second one", "dwa"), by a word with a slip in it ("yse", "complant"), or by a
 * phrase that contains exactly one choice's title ("formal complaint please").
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
    const byFirst = known.filter((c) => c.words.includes(first));
    if (byFirst.length === 1) return byFirst[0]?.value;
  }
  // A slip of the thumb ("yse", "formel complaint"): the nearest choice, if only one is that near.
  const saidSlips = allowedSlips(said);
  const slipped = unique(known.filter((c) => c.words.some((w) => near(said, saidSlips, w))));
  if (slipped.length === 1) return slipped[0];
  // A longer reply that names one choice (and only one) picks it; short words would match too much
  // (Welsh "iawn", yes, is inside "person go iawn", a real person).
  const padded = ` ${said} `;
  const containing = unique(known.filter((c) => c.words.some((w) => w.length >= 5 && padded.includes(` ${w} `))));
  if (containing.length === 1) return containing[0];
  return prefer !== undefined && containing.includes(prefer) ? prefer : undefined;
}

/**
 * A choice's words come from the locales and the landlord's lists, a vocabulary of a few
 * thousand: each is normalised once, not on every reply (bounded, should a caller pass
 * words of its own).
 */
const normalisedWords = new Map<string, string>();
function normalisedWord(word: string): string {
  let normalised = normalisedWords.get(word);
  if (normalised === undefined) {
    normalised = normalise(word);
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
