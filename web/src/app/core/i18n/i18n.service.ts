import { DOCUMENT } from '@angular/common';
import { computed, inject, Injectable, signal } from '@angular/core';
import { isLocale, type Locale, LOCALE_INFO, localeFromBrowser } from './locale';
import { en, type MessageKey, type Messages } from './messages/en';

export const LOCALE_STORAGE_KEY = 'oasis.locale';
/** English is built in (and the fallback); Chinese and Uyghur are loaded when first chosen, keeping the first download small. */
const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<Messages>> = {
  zh: () => import('./messages/zh').then((m) => m.zh),
  ug: () => import('./messages/ug').then((m) => m.ug),
};

export type MessageParams = Record<string, string | number>;

/** A translatable text: a key and its placeholder values. */
export interface Text {
  key: MessageKey;
  params?: MessageParams;
}

/**
 * Runtime translation with signals: switching language re-renders every template that called t().
 * Also owns <html lang dir>, so Uyghur turns the whole page right-to-left.
 */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);

  /** The language on screen: it changes once its texts are here. */
  readonly locale = signal<Locale>('en');
  /** The language last asked for (it may still be loading). */
  readonly requested = signal<Locale>('en');
  private readonly dictionaries = signal<Partial<Record<Locale, Messages>>>({ en });
  private readonly loading = new Map<Locale, Promise<Messages>>();
  private readonly messages = computed(() => this.dictionaries()[this.locale()] ?? en);
  private readonly dateTimeFormat = computed(() => dateTimeFormat(LOCALE_INFO[this.locale()].intl));
  private readonly numberFormat = computed(() => new Intl.NumberFormat(LOCALE_INFO[this.locale()].intl));

  constructor() {
    this.apply('en');
  }

  /** At start-up (an app initializer): the stored or browser language, its texts loaded before the first screen. */
  start(): Promise<void> {
    return this.show(initialLocale());
  }

  /** Switches language (remembered in this browser); resolves once the new texts are on screen. */
  setLocale(locale: Locale): Promise<void> {
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      /* the choice lasts for this page only */
    }
    return this.show(locale);
  }

  /** Adopts a person's preferred language (their profile's `locale`) when it is one we have. */
  adopt(preferred: string | null | undefined): void {
    if (isLocale(preferred) && preferred !== this.requested()) void this.setLocale(preferred);
  }

  /** The text for `key` in the current language, with `{name}` placeholders filled in. */
  readonly t = (key: MessageKey, params?: MessageParams): string => {
    const text = this.messages()[key] ?? en[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match)) : text;
  };

  /** Same as t(), for a Text value. */
  readonly text = (text: Text): string => this.t(text.key, text.params);

  /** Whether `value` is a message key (validators carry keys as their message). */
  isKey(value: string): value is MessageKey {
    return value in en;
  }

  readonly dateTime = (iso: string | Date): string => this.dateTimeFormat().format(typeof iso === 'string' ? new Date(iso) : iso);
  readonly number = (value: number): string => this.numberFormat().format(value);

  /** Loads the texts, then shows them, unless another language was asked for meanwhile. */
  private async show(locale: Locale): Promise<void> {
    this.requested.set(locale);
    try {
      await this.load(locale);
    } catch {
      // The texts could not be fetched (offline): stay in the current language.
      if (this.requested() === locale) this.requested.set(this.locale());
      return;
    }
    if (this.requested() !== locale) return;
    this.locale.set(locale);
    this.apply(locale);
  }

  private load(locale: Locale): Promise<Messages> {
    const ready = this.dictionaries()[locale];
    if (ready) return Promise.resolve(ready);
    if (locale === 'en') return Promise.resolve(en);
    let pending = this.loading.get(locale);
    if (!pending) {
      pending = LOADERS[locale]().then((messages) => {
        this.dictionaries.update((all) => ({ ...all, [locale]: messages }));
        return messages;
      });
      pending.catch(() => this.loading.delete(locale));
      this.loading.set(locale, pending);
    }
    return pending;
  }

  private apply(locale: Locale): void {
    const root = this.document.documentElement;
    root.lang = locale;
    root.dir = LOCALE_INFO[locale].dir;
  }
}

/**
 * Browsers without date data for a language (Chromium has none for Uyghur) would fall back to
 * US English; a numeric 2026-11-27 09:30:00 reads the same in every language instead.
 */
function dateTimeFormat(tag: string): Intl.DateTimeFormat {
  return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0
    ? new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'medium' })
    : new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    /* no storage */
  }
  return localeFromBrowser(typeof navigator === 'undefined' ? [] : navigator.languages) ?? 'zh';
}
