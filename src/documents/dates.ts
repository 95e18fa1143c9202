import { languages, toLanguageCode } from '../languages.js';

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date as a letter writes it, with its year: "Tuesday 8 December 2026". A letter is kept
 * and read later, and a complaint can run across a new year; the bot's chat messages say
 * dates within the next weeks and leave the year out. London time; no comma after the
 * weekday, as letters in these languages write it.
 */
export function letterDate(date: Date, lang: string): string {
  const code = toLanguageCode(lang) ?? 'en';
  const intl = languages.find((l) => l.code === code)?.intl ?? 'en-GB';
  let format = formats.get(intl);
  if (!format) {
    format = new Intl.DateTimeFormat(intl, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/London',
    });
    formats.set(intl, format);
  }
  const parts = format.formatToParts(date);
  return parts
    .map((part, i) =>
      part.type === 'literal' && parts[i - 1]?.type === 'weekday' && /^[,،]\s*$/.test(part.value) ? ' ' : part.value,
    )
    .join('');
}
