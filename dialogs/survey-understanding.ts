import type { Translator } from '../src/i18n.js';
import type { SurveyUnderstanding } from '../src/survey/survey-service.js';
import { numberIn } from './answers/number-words.js';
import { normalise } from './normalise.js';

/**
 * How survey answers are understood as people type them: "4", "4/5", "four", "a 4 I'd say",
 * "pretty good", "yes fair enough", "not really", "pedwar", "da iawn", "tak", "nie było". The
 * words are data in locales/<lang>/survey.json (`survey.words.*`), read in the customer's
 * language and in English (people answer in either). Where several phrases fit, the longest
 * wins: "not good" is a 2 though it holds "good", "nac oedd" a no though it holds "oedd".
 */
export function surveyUnderstanding(translator: Translator): SurveyUnderstanding {
  const cache = new Map<string, Map<string, string>>();
  /** phrase (normalised) -> meaning, for a language and English. */
  const phrases = (lang: string, keys: readonly string[]): Map<string, string> => {
    const cacheKey = `${lang}:${keys.join(',')}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const map = new Map<string, string>();
    for (const l of lang === 'en' ? ['en'] : [lang, 'en'])
      for (const key of keys)
        for (const word of translator.t(l, `survey:words.${key}`).split('|')) {
          const phrase = normalise(word);
          if (phrase !== '' && !map.has(phrase)) map.set(phrase, key);
        }
    cache.set(cacheKey, map);
    return map;
  };
  /** The meaning of the longest phrase in a short reply; undefined when none, or two longest disagree. */
  const meaning = (text: string, lang: string, keys: readonly string[]): string | undefined => {
    const said = withoutFiller(normalise(text));
    if (said === '' || said.split(' ').length > 10) return undefined;
    const padded = ` ${said} `;
    let best: { length: number; meanings: Set<string> } = { length: 0, meanings: new Set() };
    for (const [phrase, key] of phrases(lang, keys)) {
      if (!padded.includes(` ${phrase} `)) continue;
      if (phrase.length > best.length) best = { length: phrase.length, meanings: new Set([key]) };
      else if (phrase.length === best.length) best.meanings.add(key);
    }
    return best.meanings.size === 1 ? [...best.meanings][0] : undefined;
  };
  return {
    score(text, lang) {
      const digit =
        /^\s*(?:(?:i(?:'d| would)? (?:say|give (?:it |you )?(?:a )?)|a|maybe|about|around)\s+)?([1-5])\s*(?:(?:\/|out of|of|z|na|allan o|din|ka mid)\s*5|stars?)?\s*(?:[,.;:!)-]|\s+(?:i'?d say|thanks?|thank you|please|yes|no)\b|$)/i.exec(
          text,
        );
      if (digit) return Number(digit[1]);
      const counted = numberIn(text);
      if (counted !== undefined) return counted >= 1 && counted <= 5 ? counted : undefined;
      const key = meaning(text, lang, ['score1', 'score2', 'score3', 'score4', 'score5']);
      return key ? Number(key.slice(-1)) : undefined;
    },
    yesNo(text, lang) {
      const key = meaning(text, lang, ['yes', 'no']);
      return key === undefined ? undefined : key === 'yes';
    },
    decline(text, lang) {
      const said = normalise(text);
      const known = phrases(lang, ['decline']);
      return known.has(said) || known.has(withoutFiller(said));
    },
    skip(text, lang) {
      const said = withoutFiller(normalise(text));
      return said === '' || phrases(lang, ['skip']).has(said);
    },
  };
}

// Politeness around an answer changes nothing: "pretty good thanks", "tak, dziękuję", "ie diolch".
const filler =
  /(?:^| )(?:thanks|thank you|cheers|ta|please|pls|diolch|dziekuje|dzieki|multumesc|mersi|shukran|shukriya|mahadsanid|xiexie|谢谢)$/;

function withoutFiller(said: string): string {
  let out = said;
  for (let i = 0; i < 2; i++) out = out.replace(filler, '').trim();
  return out;
}
