import { Component, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { isLocale, LOCALE_INFO, LOCALES } from '../../core/i18n/locale';
import type { User } from '../../core/models/user';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { Toasts } from '../../shared/toast/toasts.service';
import { profileRules, type ProfileDraft, toProfileInput } from './user-rules';
import { UsersApi } from './users.api';

const toDraft = (user: User): ProfileDraft => ({
  displayName: user.displayName,
  email: user.email ?? '',
  phone: user.phone ?? '',
  locale: isLocale(user.locale) ? user.locale : 'zh',
});

/** Display name, contact details and interface language of one person. */
@Component({
  selector: 'app-user-profile-form',
  imports: [ErrorBanner, FORM_IMPORTS],
  template: `
    <form novalidate (submit)="save($event)" data-testid="user-profile-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <div class="form-grid">
        <app-field [field]="form.displayName" controlId="profile-display-name" [label]="t('users.field.displayName')">
          <input id="profile-display-name" type="text" [formField]="form.displayName" data-testid="profile-display-name" />
        </app-field>
        <app-field [field]="form.locale" controlId="profile-locale" [label]="t('users.field.locale')">
          <select id="profile-locale" [formField]="form.locale">
            @for (locale of locales; track locale) {
              <option [value]="locale" [attr.lang]="locale">{{ localeInfo[locale].label }}</option>
            }
          </select>
        </app-field>
        <app-field [field]="form.email" controlId="profile-email" [label]="t('users.field.email')" [optional]="true">
          <input id="profile-email" type="email" dir="ltr" [formField]="form.email" />
        </app-field>
        <app-field [field]="form.phone" controlId="profile-phone" [label]="t('users.field.phone')" [optional]="true">
          <input id="profile-phone" type="tel" dir="ltr" [formField]="form.phone" />
        </app-field>
      </div>
      <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="profile-save">
        {{ form().submitting() ? t('common.saving') : t('common.save') }}
      </button>
    </form>
  `,
})
export class UserProfileForm {
  readonly user = input.required<User>();
  readonly changed = output<User>();

  private readonly api = inject(UsersApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly locales = LOCALES;
  protected readonly localeInfo = LOCALE_INFO;

  protected readonly draft = linkedSignal(() => toDraft(this.user()));
  protected readonly form = form(this.draft, (path) => profileRules(path));
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submitWithServerErrors(this.form, this.error, { displayName: this.form.displayName, email: this.form.email, phone: this.form.phone }, async () => {
      this.changed.emit(await this.api.updateProfile(this.user().id, toProfileInput(this.draft())));
      this.toasts.show({ key: 'users.saved' });
    });
  }
}
