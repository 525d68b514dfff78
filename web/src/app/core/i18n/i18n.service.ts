import { DOCUMENT } from '@angular/common';
import { computed, inject, Injectable, signal } from '@angular/core';
import { isLocale, type Locale, LOCALE_INFO, localeFromBrowser } from './locale';
import { en, type MessageKey, type Messages } from './messages/en';
import { ug } from './messages/ug';
import { zh } from './messages/zh';

export const LOCALE_STORAGE_KEY = 'oasis.locale';
const DICTIONARIES: Record<Locale, Messages> = { en, zh, ug };

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

  readonly locale = signal<Locale>(initialLocale());
  private readonly messages = computed(() => DICTIONARIES[this.locale()]);
  private readonly dateTimeFormat = computed(() => dateTimeFormat(LOCALE_INFO[this.locale()].intl));
  private readonly numberFormat = computed(() => new Intl.NumberFormat(LOCALE_INFO[this.locale()].intl));

  constructor() {
    this.apply(this.locale());
  }

  setLocale(locale: Locale): void {
    this.locale.set(locale);
    try {
      localStorage.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      /* the choice lasts for this page only */
    }
    this.apply(locale);
  }

  /** Adopts a person's preferred language (their profile's `locale`) when it is one we have. */
  adopt(preferred: string | null | undefined): void {
    if (isLocale(preferred) && preferred !== this.locale()) this.setLocale(preferred);
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
