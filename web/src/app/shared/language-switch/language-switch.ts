import { Component, inject, output } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { type Locale, LOCALE_INFO, LOCALES } from '../../core/i18n/locale';

/** 中文 / ئۇيغۇرچە / English: each name is written in its own language and direction. */
@Component({
  selector: 'app-language-switch',
  template: `
    <div class="language-switch" role="group" [attr.aria-label]="i18n.t('language.label')" data-testid="language-switch">
      @for (locale of locales; track locale) {
        <button
          type="button"
          class="language-switch__option"
          [attr.lang]="locale"
          [attr.dir]="info[locale].dir"
          [attr.aria-pressed]="i18n.locale() === locale"
          [attr.data-testid]="'lang-' + locale"
          (click)="choose(locale)"
        >
          {{ info[locale].label }}
        </button>
      }
    </div>
  `,
  styles: `
    .language-switch { display: inline-flex; border: 1px solid var(--border-strong); border-radius: var(--radius); overflow: hidden; }
    .language-switch__option { font: inherit; font-size: 0.875rem; padding-block: 0.3rem; padding-inline: 0.7rem; border: 0; background: transparent; color: inherit; cursor: pointer; }
    .language-switch__option + .language-switch__option { border-inline-start: 1px solid var(--border-strong); }
    .language-switch__option[aria-pressed='true'] { background: var(--accent); color: var(--on-accent); }
    .language-switch__option:focus-visible { outline: 3px solid var(--focus); outline-offset: -3px; }
    .language-switch__option[lang='ug'] { font-family: var(--font-ug); }
    .language-switch__option[lang='zh'] { font-family: var(--font-zh); }
  `,
})
export class LanguageSwitch {
  readonly changed = output<Locale>();
  protected readonly i18n = inject(I18n);
  protected readonly locales = LOCALES;
  protected readonly info = LOCALE_INFO;

  choose(locale: Locale): void {
    if (locale === this.i18n.requested()) return;
    void this.i18n.setLocale(locale);
    this.changed.emit(locale);
  }
}
