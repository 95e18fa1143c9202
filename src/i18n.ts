import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInstance, type i18n as I18n, type Resource } from 'i18next';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { languages, toLanguageCode, type LanguageCode } from './languages.js';

/**
 * Every customer-facing word comes from locales/<lang>/<namespace>.json (English is
 * the source of truth; other languages fall back to it key by key). The core and the
 * dialogs only ever say `t(lang, key, vars)`.
 */
export interface Translator {
  /** The text for a key in a language, falling back to English. `context` picks a variant such as `key_sms`. */
  t(lang: string, key: string, vars?: TranslationVars): string;
  /** Whether the key exists in that language itself (no fallback). */
  has(lang: string, key: string): boolean;
  /** "Tuesday 1 December" (en-GB), "wtorek 1 grudnia" (pl): weekday, day and month on the London calendar. */
  formatDate(date: Date, lang: string): string;
  dir(lang: string): 'ltr' | 'rtl';
  /** Languages with a bot file of their own. */
  readonly languages: readonly LanguageCode[];
}

export type TranslationVars = Record<string, string | number | boolean | undefined> & { context?: string; count?: number };

export interface TranslatorOptions {
  /** Where the locale folders are. @defaultValue <repo>/locales */
  localesDir?: string;
  /** Values every string may interpolate (the landlord's name and phone numbers). */
  defaults?: Record<string, string>;
}

const defaultLocalesDir = fileURLToPath(new URL('../locales/', import.meta.url));

// A locale file is nested objects of strings; anything else is a translator's typo worth stopping for.
type LocaleTree = { [key: string]: string | LocaleTree };
const LocaleTreeSchema: z.ZodType<LocaleTree> = z.lazy(() => z.record(z.string(), z.union([z.string(), LocaleTreeSchema])));

function loadResources(dir: string): { resources: Resource; namespaces: string[]; withBot: LanguageCode[] } {
  const resources: Resource = {};
  const namespaces = new Set<string>(['bot']);
  const withBot: LanguageCode[] = [];
  for (const { code } of languages) {
    const langDir = `${dir}/${code}`;
    if (!existsSync(langDir)) continue;
    const bundle: Record<string, LocaleTree> = {};
    for (const file of readdirSync(langDir).filter((f) => f.endsWith('.json')).sort()) {
      const ns = file.slice(0, -'.json'.length);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(`${langDir}/${file}`, 'utf8'));
      } catch (error) {
        throw new ConfigError(`locale file ${langDir}/${file} is not JSON: ${(error as Error).message}`);
      }
      const parsed = LocaleTreeSchema.safeParse(json);
      if (!parsed.success) throw new ConfigError(`locale file ${langDir}/${file} must hold only nested strings`);
      bundle[ns] = parsed.data;
      namespaces.add(ns);
    }
    if (bundle['bot']) withBot.push(code);
    if (Object.keys(bundle).length > 0) resources[code] = bundle;
  }
  return { resources, namespaces: [...namespaces], withBot };
}

function intlFor(lang: string): string {
  const code = toLanguageCode(lang) ?? 'en';
  return languages.find((l) => l.code === code)?.intl ?? 'en-GB';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Weekday, day and month in London time. Intl puts a comma after the weekday in most
 * locales ("wtorek, 1 grudnia"); letters in these languages write it without one.
 */
export function formatLondonDate(date: Date, lang: string): string {
  const intl = intlFor(lang);
  let format = dateFormats.get(intl);
  if (!format) {
    format = new Intl.DateTimeFormat(intl, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/London' });
    dateFormats.set(intl, format);
  }
  const parts = format.formatToParts(date);
  return parts
    .map((part, i) => (part.type === 'literal' && parts[i - 1]?.type === 'weekday' && /^[,،]\s*$/.test(part.value) ? ' ' : part.value))
    .join('');
}

export async function createTranslator(options: TranslatorOptions = {}): Promise<Translator> {
  const { resources, namespaces, withBot } = loadResources(options.localesDir ?? defaultLocalesDir);
  const instance: I18n = createInstance();
  await instance.init({
    resources,
    ns: namespaces,
    defaultNS: 'bot',
    fallbackLng: 'en',
    supportedLngs: languages.map((l) => l.code),
    // Plain-text channels (SMS, Messenger): HTML escaping would show "&amp;" to the customer.
    interpolation: { escapeValue: false, defaultVariables: options.defaults ?? {} },
    returnNull: false,
    returnEmptyString: false,
  });
  return {
    languages: withBot,
    t(lang, key, vars) {
      const lng = toLanguageCode(lang) ?? 'en';
      return instance.t(key, { ...vars, lng });
    },
    has(lang, key) {
      const lng = toLanguageCode(lang) ?? 'en';
      return instance.exists(key, { lng, fallbackLng: false });
    },
    formatDate: formatLondonDate,
    dir(lang) {
      const code = toLanguageCode(lang) ?? 'en';
      return languages.find((l) => l.code === code)?.dir ?? 'ltr';
    },
  };
}
