import { normalise } from './normalise.js';
import type { LanguageCode } from './types.js';

/**
 * A cheap guess at the language a customer wrote in, so the dialogs can answer in it
 * (a Welsh message gets a Welsh reply under the Welsh Language Standards). Script first,
 * then letters only one language uses, then short function words. franc was tried: it
 * needs ~350 µs a message and misreads short Polish and Welsh texts.
 */
const SCRIPT: readonly [RegExp, LanguageCode][] = [
  [/[\u0A00-\u0A7F]/u, 'pa'],
  [/[\u0980-\u09FF]/u, 'bn'],
  [/[\u4E00-\u9FFF]/u, 'zh'],
  // Letters Urdu uses and Arabic does not.
  [/[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u067E\u0686\u06AF]/u, 'ur'],
  [/[\u0600-\u06FF]/u, 'ar'],
];

const LETTERS: readonly [RegExp, LanguageCode][] = [
  [/[ąćęłńśźżĄĆĘŁŃŚŹŻ]/u, 'pl'],
  [/[ășțşţĂȘȚŞŢ]/u, 'ro'],
  [/[ŵŷŴŶêôûÊÔÛ]/u, 'cy'],
];

// Run on normalise()d text, so plain ASCII words with word edges.
const MARKERS: readonly [LanguageCode, RegExp][] = [
  [
    'pl',
    /\b(?:nie|jest|sie|mam|prosze|czy|dzien|juz|mnie|mieszkaniu|bardzo|zeby|ktory|ktora|dziekuje|od|przez|mamy)\b/g,
  ],
  ['cy', /\b(?:mae|yn|yr|dim|ddim|wedi|gyda|gwelwch|dda|rwy|dw|ond|ers|diolch|fy|chi|nawr|hefyd|maer|neb)\b/g],
  ['ro', /\b(?:si|nu|este|sunt|avem|va|rog|mai|din|pentru|sa|ca|multumesc|buna|ziua|nimeni|am|de)\b/g],
  ['so', /\b(?:waxaan|ayaa|iyo|fadlan|waa|guriga|baahanahay|qof|waxay)\b/g],
  ['en', /\b(?:the|and|is|my|i|to|it|a|of|in|not|have|has|for|with|this|that|you|can|please|been|was)\b/g],
];

export function detectLanguage(text: string, norm: string = normalise(text)): LanguageCode {
  for (const [re, code] of SCRIPT) if (re.test(text)) return code;
  const lettered = LETTERS.find(([re]) => re.test(text))?.[1];
  let best: LanguageCode = 'und';
  let bestScore = 0;
  for (const [code, re] of MARKERS) {
    const score = (norm.match(re)?.length ?? 0) + (code === lettered ? 3 : 0);
    if (score > bestScore) {
      best = code;
      bestScore = score;
    }
  }
  return best;
}
