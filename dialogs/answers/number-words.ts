import { normalise } from '../normalise.js';

/**
 * Numbers written as words, for picking the nth choice ("two", "the second one", "dwa",
 * "dau", "doi", "laba", "二"). Data, not wording: what customers type, in every language we
 * speak, so an answer counts whatever language the conversation is in.
 */
const byLanguage: readonly (readonly string[])[] = [
  // en
  ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
  ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'],
  ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th'],
  // cy
  ['un', 'dau', 'tri', 'pedwar', 'pump', 'chwech', 'saith', 'wyth', 'naw'],
  ['cyntaf', 'ail', 'trydydd', 'pedwerydd', 'pumed', 'chweched', 'seithfed', 'wythfed', 'nawfed'],
  // pl
  ['jeden', 'dwa', 'trzy', 'cztery', 'piec', 'szesc', 'siedem', 'osiem', 'dziewiec'],
  ['pierwszy', 'drugi', 'trzeci', 'czwarty', 'piaty', 'szosty', 'siodmy', 'osmy', 'dziewiaty'],
  ['pierwsza', 'druga', 'trzecia', 'czwarta', 'piata', 'szosta', 'siodma', 'osma', 'dziewiata'],
  // ro ("unu" and "una" for one; "doi"/"doua" for two)
  ['unu', 'doi', 'trei', 'patru', 'cinci', 'sase', 'sapte', 'opt', 'noua'],
  ['una', 'doua'],
  [
    'primul',
    'al doilea',
    'al treilea',
    'al patrulea',
    'al cincilea',
    'al saselea',
    'al saptelea',
    'al optulea',
    'al noualea',
  ],
  // so
  ['kow', 'laba', 'saddex', 'afar', 'shan', 'lix', 'toddoba', 'siddeed', 'sagaal'],
  // ur, pa, ar, bn (with the romanised spellings people type), zh
  ['ایک', 'دو', 'تین', 'چار', 'پانچ', 'چھ', 'سات', 'آٹھ', 'نو'],
  ['ek', 'do', 'teen', 'char', 'panch', 'chhe', 'saat', 'aath', 'nau'],
  ['ਇੱਕ', 'ਦੋ', 'ਤਿੰਨ', 'ਚਾਰ', 'ਪੰਜ', 'ਛੇ', 'ਸੱਤ', 'ਅੱਠ', 'ਨੌਂ'],
  ['واحد', 'اثنان', 'ثلاثة', 'أربعة', 'خمسة', 'ستة', 'سبعة', 'ثمانية', 'تسعة'],
  ['١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'],
  ['۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'],
  ['এক', 'দুই', 'তিন', 'চার', 'পাঁচ', 'ছয়', 'সাত', 'আট', 'নয়'],
  ['১', '২', '৩', '৪', '৫', '৬', '৭', '৮', '৯'],
  ['੧', '੨', '੩', '੪', '੫', '੬', '੭', '੮', '੯'],
  ['一', '二', '三', '四', '五', '六', '七', '八', '九'],
  ['第一', '第二', '第三', '第四', '第五', '第六', '第七', '第八', '第九'],
  ['第一个', '第二个', '第三个', '第四个', '第五个', '第六个', '第七个', '第八个', '第九个'],
];

// Words that may sit around a number without changing it: "the second one", "number 2", "option two please".
const around =
  /^(?:the|number|no|option|choice|nr|numer|rhif|opcja|optiunea|varianta|lambarka)\s+|\s+(?:one|option|please|pls|plz|thanks|then)$/;

const table = new Map<string, number>();
for (const row of byLanguage) row.forEach((word, i) => table.set(normalise(word), i + 1));

/** The number a reply names (1-9), in digits or words; undefined for anything else. */
export function numberIn(text: string): number | undefined {
  let said = normalise(text);
  for (let i = 0; i < 3; i += 1) {
    const next = said.replace(around, '').trim();
    if (next === said) break;
    said = next;
  }
  if (/^\d$/.test(said)) return Number(said);
  return table.get(said);
}
