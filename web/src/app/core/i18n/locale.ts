export const LOCALES = ['zh', 'ug', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export interface LocaleInfo {
  /** The language's own name, as the switch shows it. */
  label: string;
  dir: 'ltr' | 'rtl';
  /** BCP 47 tag for Intl date and number formatting. */
  intl: string;
}

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  zh: { label: '中文', dir: 'ltr', intl: 'zh-CN' },
  ug: { label: 'ئۇيغۇرچە', dir: 'rtl', intl: 'ug-CN' },
  en: { label: 'English', dir: 'ltr', intl: 'en-GB' },
};

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The first supported language among the browser's preferences (zh-CN → zh, ug-Arab-CN → ug). */
export function localeFromBrowser(languages: readonly string[]): Locale | null {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return null;
}
