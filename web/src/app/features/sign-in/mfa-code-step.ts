import { Component, inject, input, output, signal } from '@angular/core';
import { form, required, submit } from '@angular/forms/signals';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { User } from '../../core/models/user';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';

/** The second sign-in step: the 6-digit code from the authenticator app, or one recovery code. */
@Component({
  selector: 'app-mfa-code-step',
  imports: [FORM_IMPORTS, ErrorBanner],
  template: `
    <p class="muted" data-testid="mfa-code-step">{{ t('mfa.code.intro') }}</p>
    @if (error(); as error) {
      <app-error-banner [error]="error" />
    }
    <form class="form" novalidate (submit)="verify($event)">
      <app-field [field]="form.code" controlId="mfa-code" [label]="t('mfa.code.label')" [hint]="t('mfa.code.hint')">
        <input id="mfa-code" type="text" inputmode="text" autocomplete="one-time-code" autofocus dir="ltr" spellcheck="false" [formField]="form.code" data-testid="mfa-code" />
      </app-field>
      <button type="submit" class="button button--primary button--block" [disabled]="form().submitting()" data-testid="mfa-code-submit">
        {{ form().submitting() ? t('signIn.submitting') : t('mfa.code.submit') }}
      </button>
      <button type="button" class="button button--block" (click)="cancelled.emit()" data-testid="mfa-cancel">{{ t('mfa.backToPassword') }}</button>
    </form>
  `,
})
export class MfaCodeStep {
  readonly challenge = input.required<string>();
  readonly signedIn = output<User>();
  readonly cancelled = output<void>();

  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18n).t;
  protected readonly model = signal({ code: '' });
  protected readonly form = form(this.model, (path) => required(path.code));
  protected readonly error = signal<unknown>(null);

  protected async verify(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      try {
        this.signedIn.emit(await this.auth.verifyMfa(this.challenge(), this.model().code.trim()));
      } catch (error) {
        this.error.set(error);
        this.form.code().reset('');
      }
      return undefined;
    });
  }
}
