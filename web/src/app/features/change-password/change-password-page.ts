import { Component, computed, inject, input, signal } from '@angular/core';
import { form, required, submit, validate, type ValidationError } from '@angular/forms/signals';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { safeReturnUrl } from '../../core/auth/guards';
import { LocalePreference } from '../../core/auth/locale-preference';
import { CHANGE_PASSWORD_PATH } from '../../core/auth/session';
import { ApiError } from '../../core/graphql/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { passwordRules } from '../../shared/forms/password-rules';
import { serverFieldErrors } from '../../shared/forms/server-errors';
import { SERVER_ERROR } from '../../shared/forms/validation-text';
import { Toasts } from '../../shared/toast/toasts.service';
import { ChangePasswordApi } from './change-password.api';

interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/**
 * The signed-in person chooses a new password. Forced when an administrator set the current one
 * (the app allows nothing else until then); otherwise reached from the user menu.
 */
@Component({
  selector: 'app-change-password-page',
  imports: [FORM_IMPORTS, ErrorBanner, RouterLink],
  templateUrl: './change-password-page.html',
  styleUrl: './change-password-page.css',
})
export class ChangePasswordPage {
  private readonly auth = inject(AuthService);
  private readonly api = inject(ChangePasswordApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  private readonly localePreference = inject(LocalePreference);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  /** The `returnUrl` query parameter: where the person was going (forced) or came from (voluntary). */
  readonly returnUrl = input<string>();

  protected readonly forced = this.auth.mustChangePassword;
  /** Where to continue afterwards: inside this app, never this screen again. */
  protected readonly next = computed(() => {
    const url = safeReturnUrl(this.returnUrl());
    return url.startsWith(CHANGE_PASSWORD_PATH) ? '/' : url;
  });
  protected readonly nextTree = computed(() => this.router.parseUrl(this.next()));

  protected readonly model = signal<PasswordChange>({ currentPassword: '', newPassword: '', confirmPassword: '' });
  protected readonly form = form(this.model, (path) => {
    required(path.currentPassword);
    passwordRules(path.newPassword);
    validate(path.newPassword, ({ value, valueOf }) =>
      value() && value() === valueOf(path.currentPassword) ? { kind: 'sameAsCurrent', message: 'password.reason.sameAsCurrent' } : undefined,
    );
    required(path.confirmPassword);
    validate(path.confirmPassword, ({ value, valueOf }) =>
      value() && value() !== valueOf(path.newPassword) ? { kind: 'mismatch', message: 'validation.passwordMismatch' } : undefined,
    );
  });
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      const { currentPassword, newPassword } = this.model();
      try {
        const user = await this.api.change(currentPassword, newPassword);
        this.auth.updateUser(user);
        // A language chosen on this screen could not be saved while the password was temporary.
        void this.localePreference.save(this.i18n.locale());
        this.toasts.show({ key: 'changePassword.done' });
        await this.router.navigateByUrl(this.next());
        return undefined;
      } catch (error) {
        const fieldErrors = this.fieldErrors(error);
        if (!fieldErrors) this.error.set(error);
        return fieldErrors ?? undefined;
      }
    });
  }

  private fieldErrors(error: unknown): ValidationError.WithOptionalFieldTree[] | null {
    if (ApiError.from(error).code === 'INVALID_CREDENTIALS') {
      return [{ kind: SERVER_ERROR, message: 'changePassword.currentWrong', fieldTree: this.form.currentPassword }];
    }
    return serverFieldErrors(error, { password: this.form.newPassword });
  }
}
