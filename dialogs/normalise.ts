/** Lower case, accents and punctuation gone, single spaces: "Tak!" and "tak" are the same answer. */
export function normalise(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // Polish ł has no decomposition; phones and hurried customers write l.
      .replace(/ł/g, 'l')
      // Keep combining marks: in Gurmukhi, Bengali and Arabic scripts they are letters' vowels, not decoration.
      .replace(/[^\p{L}\p{M}\p{N}\s]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/**
 * Phrases as one regular-expression alternation, each normalised as a message is (so a hamza,
 * nukta or vowel sign compares alike) and escaped: for the scripts where an ASCII word edge
 * means nothing (Arabic, Urdu, Gurmukhi, Bengali, Chinese).
 */
export function alternatives(phrases: readonly string[]): string {
  return phrases.map((p) => normalise(p).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

// Chinese (and Japanese) is written without spaces: about two characters make a word.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu;

/**
 * How many words a message has, for "is that enough to go on?" checks: spaces separate words,
 * and a run of Chinese characters counts a word for every two ("已经三个星期了" is seven
 * characters and about four words, not one).
 */
export function wordCount(text: string): number {
  let count = 0;
  const rest = text.replace(UNSPACED, (run) => {
    count += Math.ceil(run.length / 2);
    return ' ';
  });
  return count + rest.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
