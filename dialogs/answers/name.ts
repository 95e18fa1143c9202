import { normalise } from '../recognise.js';

/**
 * A name from the way people give one: "my name is Jane Smith", "it's Jane", "I'm Ali
 * Khan", "Jane Smith thanks", and the same in the languages we speak. What is not a
 * name ("don't know", "why do you need it?") is not taken for one.
 */

// What comes before a name; customers' words, not the bot's wording.
const leadIns: RegExp[] = [
  /^(?:hi|hello|hiya|hey)[,!.]?\s+/i,
  /^(?:my|her|his|their|the tenant'?s|the)\s+(?:full\s+)?name\s*(?:is|'s|=|:)\s*/i,
  /^(?:full\s+)?name\s*(?:is|'s|=|:)?\s+/i,
  /^(?:it'?s|it is|its|i'?m|i am|im|this is|me,?|call me|they call me)\s+/i,
  // cy, pl, ro
  /^(?:fy enw i yw|fy enw i ydy|fy enw yw|fy enw|enw fi yw|enw fi ydy)\s+/i,
  /^(?:nazywam się|nazywam sie|mam na imię|mam na imie|jestem|to|moje imię to|moje imie to|imię i nazwisko:?)\s+/i,
  /^(?:mă numesc|ma numesc|numele meu este|numele meu e|sunt|eu sunt)\s+/i,
  // so, ar, ur, pa, bn, zh
  /^(?:magacaygu waa|magacaygu|waxaa la i yiraahdaa|aniga waa)\s+/i,
  /^(?:اسمي|انا|أنا)\s+/,
  /^(?:میرا نام)\s+/,
  /^(?:ਮੇਰਾ ਨਾਮ)\s+/,
  /^(?:আমার নাম)\s+/,
  /^(?:我叫|我的名字是|我的名字叫|我是|名字是)\s*/,
];
const trailers: RegExp[] = [
  /\s*[,.!]*\s*(?:thanks|thank you|thankyou|ta|cheers|please|pls|x+|diolch|dziękuję|dziekuje|mulțumesc|multumesc|mahadsanid|شكرا|شکریہ|谢谢)\s*[.!]*$/i,
  /\s+(?:ہے|ਹੈ|ਹਾਂ)$/,
  /\s+(?:is my name|is my full name|here|speaking)$/i,
  /[.!]+$/,
];

// Replies that are not a name, in the words people use.
const notNames = new Set(
  [
    'no',
    'nope',
    'why',
    'dont know',
    'don t know',
    'not sure',
    'no idea',
    'idk',
    'not telling',
    'prefer not',
    'prefer not to say',
    'rather not',
    'rather not say',
    'none',
    'nothing',
    'skip',
    'pass',
    'what',
    'huh',
    'yes',
    'ok',
    'okay',
    'agent',
    'help',
    'nie wiem',
    'nie',
    'dim',
    'na',
    'nu',
    'nu stiu',
    'maya',
    'anonymous',
    'anon',
  ].map(normalise),
);

/** The name in a reply, as the customer typed it; undefined when the reply is not a name. */
export function findName(text: string): string | undefined {
  let said = text.trim().replace(/\s+/g, ' ');
  for (let i = 0; i < 3; i += 1) {
    const before = said;
    for (const lead of leadIns) said = said.replace(lead, '');
    for (const trail of trailers) said = said.replace(trail, '');
    said = said.trim();
    if (said === before) break;
  }
  said = said.replace(/^[,:;-]\s*/, '').trim();
  if (said === '' || said.length > 80) return undefined;
  if (/[0-9@?#/\\]/.test(said)) return undefined;
  if (!/\p{L}/u.test(said)) return undefined;
  const words = normalise(said).split(' ');
  if (words.length > 6) return undefined;
  if (notNames.has(normalise(said))) return undefined;
  // "I don't want to give it", "not giving my name": a sentence, not a name.
  if (/\b(don ?t|do not|won ?t|not|never|why|need|want|give|giving)\b/.test(normalise(said)) && words.length > 2)
    return undefined;
  // "for my mum", "the tenant is away": words no name is made of.
  if (/\b(my|for|the|is|was|are|it|this|that|because)\b/.test(normalise(said)) && words.length > 1) return undefined;
  return said;
}
