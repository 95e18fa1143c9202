/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let twoBack: number[] = [];
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      // A swapped pair of letters ("yse", "compliant") is one slip, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (twoBack[j - 2] ?? 0) + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    twoBack = previous;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/**
 * How many slips a word of this length may carry and still count: none for short words
 * (where one letter makes another word: "no"/"so"), one from four letters, two from eight.
 * Only Latin script: in Gurmukhi or Bengali one vowel sign changes "yes" into "not yet".
 */
export function allowedSlips(word: string): number {
  if (!/^[a-z ]+$/.test(word)) return 0;
  if (word.length >= 8) return 2;
  if (word.length >= 4) return 1;
  return 0;
}
