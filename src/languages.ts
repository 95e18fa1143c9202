/** The languages the gateway speaks. English is the source of truth for every locale file. */
export const languages = [
  { code: 'en', name: 'English', native: 'English', dir: 'ltr', intl: 'en-GB' },
  { code: 'cy', name: 'Welsh', native: 'Cymraeg', dir: 'ltr', intl: 'cy-GB' },
  { code: 'pl', name: 'Polish', native: 'Polski', dir: 'ltr', intl: 'pl-PL' },
  { code: 'ro', name: 'Romanian', native: 'Română', dir: 'ltr', intl: 'ro-RO' },
  { code: 'ur', name: 'Urdu', native: 'اردو', dir: 'rtl', intl: 'ur-PK' },
  { code: 'pa', name: 'Punjabi', native: 'ਪੰਜਾਬੀ', dir: 'ltr', intl: 'pa-IN' },
  { code: 'ar', name: 'Arabic', native: 'العربية', dir: 'rtl', intl: 'ar' },
  { code: 'bn', name: 'Bengali', native: 'বাংলা', dir: 'ltr', intl: 'bn-BD' },
  { code: 'so', name: 'Somali', native: 'Soomaali', dir: 'ltr', intl: 'so-SO' },
  { code: 'zh', name: 'Chinese (Simplified)', native: '中文', dir: 'ltr', intl: 'zh-CN' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];
export const languageCodes = languages.map((l) => l.code) as LanguageCode[];

export function isLanguageCode(value: string): value is LanguageCode {
  return (languageCodes as string[]).includes(value);
}

/** 'pl-PL' → 'pl'; unknown → undefined. */
export function toLanguageCode(locale: string | null | undefined): LanguageCode | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return base && isLanguageCode(base) ? base : undefined;
}
