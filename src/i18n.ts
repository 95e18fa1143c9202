import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInstance, type i18n as I18n, type Resource } from 'i18next';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { defaultLandlord, landlordVars } from './landlord.js';
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

export type TranslationVars = Record<string, string | number | boolean | undefined> & {
  context?: string;
  count?: number;
};

export interface TranslatorOptions {
  /** Where the locale folders are. @defaultValue <repo>/locales */
  localesDir?: string;
  /** Values every string may interpolate (the landlord's name and phone numbers). */
  defaults?: Record<string, string>;
  /**
   * LOCALE_OVERRIDES_DIR: the landlord's own wording, as <lang>/<namespace>.json files
   * holding only the keys it changes (opening hours, ways to pay rent...). Checked at
   * start-up: an unknown language, namespace or key, or a {{variable}} the gateway does
   * not supply, stops the gateway with the file and key named.
   */
  overridesDir?: string;
  /** Told of each key overridden in some bot languages and not others (customers in those get our words). */
  onPartialOverride?: (key: string, languagesWithout: string[]) => void;
}

const defaultLocalesDir = fileURLToPath(new URL('../locales/', import.meta.url));

// A locale file is nested objects of strings; anything else is a translator's typo worth stopping for.
type LocaleTree = { [key: string]: string | LocaleTree };
const LocaleTreeSchema: z.ZodType<LocaleTree> = z.lazy(() =>
  z.record(z.string(), z.union([z.string(), LocaleTreeSchema])),
);

/** A locale file's tree, or what is wrong with it. */
function readLocaleTree(path: string): LocaleTree | string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  const parsed = LocaleTreeSchema.safeParse(json);
  return parsed.success ? parsed.data : 'must hold only nested strings';
}

function loadResources(dir: string): { resources: Resource; namespaces: string[]; withBot: LanguageCode[] } {
  const resources: Resource = {};
  const namespaces = new Set<string>(['bot']);
  const withBot: LanguageCode[] = [];
  for (const { code } of languages) {
    const langDir = `${dir}/${code}`;
    if (!existsSync(langDir)) continue;
    const bundle: Record<string, LocaleTree> = {};
    for (const file of readdirSync(langDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const ns = file.slice(0, -'.json'.length);
      const tree = readLocaleTree(`${langDir}/${file}`);
      if (typeof tree === 'string') throw new ConfigError(`locale file ${langDir}/${file}: ${tree}`);
      bundle[ns] = tree;
      namespaces.add(ns);
    }
    if (bundle['bot']) withBot.push(code);
    if (Object.keys(bundle).length > 0) resources[code] = bundle;
  }
  return { resources, namespaces: [...namespaces], withBot };
}

/** Every string's dotted path in a locale tree. */
function flatten(tree: LocaleTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of flatten(value, path)) out.set(p, v);
  }
  return out;
}

function variablesOf(text: string): Set<string> {
  return new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!));
}

function mergeInto(target: LocaleTree, source: LocaleTree): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (typeof value === 'string' || typeof existing !== 'object') target[key] = value;
    else mergeInto(existing, value);
  }
}

/**
 * Lay the landlord's wording over ours, after checking every key is one the gateway
 * says and every {{variable}} one it supplies for that key. Returns, for each key
 * overridden, the languages that override it.
 */
function applyOverrides(dir: string, resources: Resource): Map<string, Set<string>> {
  if (!existsSync(dir)) throw new ConfigError(`LOCALE_OVERRIDES_DIR: ${dir} does not exist`);
  const overridden = new Map<string, Set<string>>();
  const problems: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const code = entry.name;
    if (!languages.some((l) => l.code === code)) {
      problems.push(`${code}/: not a language the gateway speaks (${languages.map((l) => l.code).join(', ')})`);
      continue;
    }
    for (const file of readdirSync(`${dir}/${code}`)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const ns = file.slice(0, -'.json'.length);
      const where = `${code}/${file}`;
      const english = resources['en']?.[ns] as LocaleTree | undefined;
      if (!english) {
        problems.push(`${where}: there is no ${ns} namespace`);
        continue;
      }
      const theirs = readLocaleTree(`${dir}/${code}/${file}`);
      if (typeof theirs === 'string') {
        problems.push(`${where}: ${theirs}`);
        continue;
      }
      const ours = new Map([...flatten(english), ...flatten((resources[code]?.[ns] as LocaleTree | undefined) ?? {})]);
      for (const [key, text] of flatten(theirs)) {
        const base = ours.get(key);
        if (base === undefined) {
          problems.push(`${where}: ${key} is not a key the gateway uses`);
          continue;
        }
        // The bot's words may also name the landlord's details: the speaker supplies them to every bot string.
        const allowed = new Set([
          ...variablesOf(base),
          ...(ns === 'bot' ? Object.keys(landlordVars(defaultLandlord)) : []),
        ]);
        const unknown = [...variablesOf(text)].filter((v) => !allowed.has(v));
        if (unknown.length > 0) {
          problems.push(
            `${where}: ${key} uses ${unknown.map((v) => `{{${v}}}`).join(', ')}, which the gateway does not supply there (it supplies ${[...variablesOf(base)].map((v) => `{{${v}}}`).join(', ') || 'none'})`,
          );
          continue;
        }
        if (text.trim() === '') {
          problems.push(`${where}: ${key} is empty`);
          continue;
        }
        const fullKey = `${ns}:${key}`;
        if (!overridden.has(fullKey)) overridden.set(fullKey, new Set());
        overridden.get(fullKey)!.add(code);
      }
      // Merged as read; any problem anywhere stops start-up below, so nothing half-checked is used.
      const bundle = (resources[code] ??= {});
      const tree = (bundle[ns] as LocaleTree | undefined) ?? {};
      mergeInto(tree, theirs);
      bundle[ns] = tree;
    }
  }
  if (problems.length > 0)
    throw new ConfigError(`LOCALE_OVERRIDES_DIR (${dir}) has problems:\n  ${problems.join('\n  ')}`);
  return overridden;
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
    format = new Intl.DateTimeFormat(intl, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: 'Europe/London',
    });
    dateFormats.set(intl, format);
  }
  const parts = format.formatToParts(date);
  return parts
    .map((part, i) =>
      part.type === 'literal' && parts[i - 1]?.type === 'weekday' && /^[,،]\s*$/.test(part.value) ? ' ' : part.value,
    )
    .join('');
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * Weekday, day, month and time in London: for a deadline counted in hours (an emergency
 * made safe within 24 hours), where a day alone would promise more than the clock allows.
 */
export function formatLondonDateTime(date: Date, lang: string): string {
  const intl = intlFor(lang);
  let format = dateTimeFormats.get(intl);
  if (!format) {
    format = new Intl.DateTimeFormat(intl, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: 'numeric',
      minute: '2-digit',
      timeZone: 'Europe/London',
    });
    dateTimeFormats.set(intl, format);
  }
  return format.format(date);
}

export async function createTranslator(options: TranslatorOptions = {}): Promise<Translator> {
  const { resources, namespaces, withBot } = loadResources(options.localesDir ?? defaultLocalesDir);
  if (options.overridesDir) {
    const overridden = applyOverrides(options.overridesDir, resources);
    for (const [key, langs] of overridden) {
      const without = withBot.filter((l) => !langs.has(l));
      if (without.length > 0) options.onPartialOverride?.(key, without);
    }
  }
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
