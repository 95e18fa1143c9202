import { normalise } from './normalise.js';

// Arabic and Urdu words carry "and", "the", "with" on their front: وعفن and العفن are both عفن (mould).
const arabicPrefix = /^(?:وال|بال|فال|كال|ال|و|ب|ف)(?=\p{Script=Arabic}{3})/u;

/**
 * Words too general to say two messages are about the same thing ("someone", "please",
 * "come"): what is left names the thing ("mould", "boiler", "العفن").
 */
const general = new Set(
  (
    'someone somebody anyone come coming came look looked just want wants wanted need needs please could would ' +
    'should still again sort sorted sorting fixed fixing repair repaired help there their theres they thats this ' +
    'that with have been from about what when where which your yours mine into onto over under some very really ' +
    'thanks thank hello hiya morning evening today week weeks month months year years days time times home house ' +
    'flat room also only even make made done doing going sure right okay back problem issue ' +
    // Polish, Welsh, Romanian, Somali as typed (no accents): please, someone, I have, house…
    'prosze ktos ktoras przyjdzie przyjsc jest mnie moim mojej bardzo dzien dobry dziekuje mieszkaniu domu ' +
    'problem rhywun gallwch allwch diolch mae gennyf gyda hefyd plis ' +
    'buna ziua cineva poate puteti multumesc casa apartament problema pentru foarte ' +
    'fadlan qof waxaan guriga dhibaato mahadsanid'
  ).split(' '),
);
// The same in Arabic, Urdu, Bengali and Punjabi script: I have, in, from, please, someone, problem, house.
const generalOther = new Set(
  (
    'عندي في من على عن مع هذا هذه ممكن ابغى اريد أريد احد أحد حد يجي لو سمحت شكرا السلام عليكم بيت منزل مشكلة ' +
    'میرے میری میں ہے ہیں کسی کوئی براہ کرم شکریہ گھر مسئلہ ' +
    'আমার আমি একটি দয়া করে কেউ বাড়ি সমস্যা ' +
    'ਮੇਰੇ ਮੇਰੀ ਵਿੱਚ ਹੈ ਕੋਈ ਕਿਰਪਾ ਕਰਕੇ ਘਰ ਸਮੱਸਿਆ'
  )
    .split(' ')
    .map((w) => normalise(w).replace(arabicPrefix, '')),
);

const unspaced = /[\p{Script=Han}]+/gu;
// Chinese characters that name nothing (I, you, my home, please, come, look, a bit, someone, send…):
// what is left names the thing, two characters a word.
const generalHan = /[我你您他她它们的了吗呢吧啊请来去看一下有没在是和也都很就还要会能可以派人把给家里好谢快尽已经现]/gu;
/** The words of a message that name what it is about. */
export function namingWords(text: string): Set<string> {
  const said = normalise(text);
  const words = new Set<string>();
  for (const whole of said.match(unspaced) ?? []) {
    // Chinese: two characters make a word.
    const run = whole.replace(generalHan, '');
    for (let i = 0; i + 2 <= run.length; i += 1) words.add(run.slice(i, i + 2));
  }
  for (const token of said.replace(unspaced, ' ').split(' ')) {
    // "boilers" is "boiler".
    const word = token.replace(arabicPrefix, '').replace(/^([a-z]{4,})s$/, '$1');
    if (
      /^[a-z]+$/.test(word)
        ? word.length >= 4 && !general.has(word)
        : word.length >= 3 && !/^\d+$/.test(word) && !generalOther.has(word)
    )
      words.add(word);
  }
  return words;
}

/** Whether a message names something the earlier words named ("sort the mould out" after "black mould in my bedroom"). */
export function namesSameThing(text: string, earlier: string): boolean {
  const before = namingWords(earlier);
  for (const word of namingWords(text)) if (before.has(word)) return true;
  return false;
}
