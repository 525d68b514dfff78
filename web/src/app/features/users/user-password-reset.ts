import { Component, inject, input, output, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import type { User } from '../../core/models/user';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { Toasts } from '../../shared/toast/toasts.service';
import { passwordRules } from './user-rules';
import { UsersApi } from './users.api';

/** Sets a temporary password: the person's sessions end and any lock-out is cleared. */
@Component({
  selector: 'app-user-password-reset',
  imports: [ErrorBanner, FORM_IMPORTS],
  template: `
    <form novalidate (submit)="reset($event)" data-testid="user-password-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <app-field [field]="form.newPassword" controlId="reset-password" [label]="t('users.section.password')" [hint]="t('users.resetHint')">
        <input id="reset-password" type="text" dir="ltr" autocomplete="new-password" spellcheck="false" [formField]="form.newPassword" data-testid="reset-password" />
      </app-field>
      <button type="submit" class="button" [disabled]="form().submitting()" data-testid="reset-password-submit">{{ t('users.resetPassword') }}</button>
    </form>
  `,
})
export class UserPasswordReset {
  readonly user = input.required<User>();
  readonly changed = output<User>();

  private readonly api = inject(UsersApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly model = signal({ newPassword: '' });
  protected readonly form = form(this.model, (path) => passwordRules(path.newPassword));
  protected readonly error = signal<unknown>(null);

  protected async reset(event: Event): Promise<void> {
    event.preventDefault();
    await submitWithServerErrors(this.form, this.error, { password: this.form.newPassword }, async () => {
      const user = await this.api.resetPassword(this.user().id, this.model().newPassword);
      this.form().reset({ newPassword: '' });
      this.changed.emit(user);
      this.toasts.show({ key: 'users.passwordReset' });
    });
  }
}
