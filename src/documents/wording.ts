import type { Translator, TranslationVars } from '../i18n.js';
import { languages, toLanguageCode } from '../languages.js';
import type { RenderableFormat } from './kinds.js';
import { letterDate } from './dates.js';

/** A key that only a language with its own document wording has (English always does). */
const probeKey = 'documents:common.reference';

/** Whether a language has document wording of its own, rather than English's fallback. */
export function hasDocumentWords(translator: Translator, lang: string): boolean {
  return translator.has(lang, probeKey);
}

/**
 * The words of one document: the `documents` namespace in one language and format.
 * Easy read picks each key's `_easy` variant where there is one (i18next context), so
 * translators see plain-language wording as its own string, one idea per line.
 */
export interface Wording {
  readonly lang: string;
  /** BCP 47 language tag for the document (lang attribute, PDF /Lang). */
  readonly tag: string;
  readonly dir: 'ltr' | 'rtl';
  readonly format: RenderableFormat;
  t(key: string, vars?: TranslationVars): string;
  /** "Tuesday 1 December", on the London calendar, in the document's language. */
  date(value: Date | string): string;
  /** "10 working days", "24 hours", "1 month", with the language's plural rules. */
  duration(unit: 'workingDays' | 'hours' | 'months', count: number): string;
}

export function wordingFor(
  translator: Translator,
  lang: string,
  format: RenderableFormat,
  landlord: Readonly<Record<string, string>>,
): Wording {
  const code = toLanguageCode(lang) ?? 'en';
  const context = format === 'easy_read' ? 'easy' : undefined;
  const t = (key: string, vars: TranslationVars = {}): string =>
    // A key with its own namespace ("parties:refusalLetter.title") is a letter's words kept beside the task that added it.
    translator.t(code, key.includes(':') ? key : `documents:${key}`, {
      // England's ombudsman unless the caller names the nation's (docs/rules/nations.md#which-ombudsman).
      ombudsman: translator.t(code, 'nations:ombudsman.england'),
      ...landlord,
      ...vars,
      ...(context ? { context } : {}),
    });
  return {
    lang: code,
    tag: languages.find((l) => l.code === code)?.intl ?? 'en-GB',
    dir: translator.dir(code),
    format,
    t,
    // With the year: a letter is kept and read later (dates.ts).
    date: (value) => letterDate(typeof value === 'string' ? new Date(value) : value, code),
    // Units are never easy-read variants: the count is the idea.
    duration: (unit, count) => translator.t(code, `documents:units.${unit}`, { count }),
  };
}
