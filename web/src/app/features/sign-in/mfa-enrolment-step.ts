import { Component, inject, input, output, resource, signal } from '@angular/core';
import { form, required, submit } from '@angular/forms/signals';
import QRCode from 'qrcode';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { User } from '../../core/models/user';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';

export interface Enrolled {
  user: User;
  recoveryCodes: string[];
}

/**
 * Setting up the authenticator a role requires before the first session: scan the QR code (or type the
 * secret), then confirm with the first code the app shows.
 */
@Component({
  selector: 'app-mfa-enrolment-step',
  imports: [FORM_IMPORTS, ErrorBanner],
  template: `
    <p class="muted" data-testid="mfa-enrolment-step">{{ t('mfa.enrol.intro') }}</p>
    @if (enrolment.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (enrolment.hasValue()) {
      <ol class="mfa-steps">
        <li>
          {{ t('mfa.enrol.scan') }}
          @if (qr.hasValue()) {
            <img class="mfa-qr" [src]="qr.value()" width="200" height="200" [alt]="t('mfa.enrol.qrAlt')" data-testid="mfa-qr" />
          }
          <p class="muted">{{ t('mfa.enrol.manual') }}</p>
          <code class="mfa-secret" dir="ltr" data-testid="mfa-secret">{{ enrolment.value().secret }}</code>
        </li>
        <li>{{ t('mfa.enrol.confirm') }}</li>
      </ol>
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <form class="form" novalidate (submit)="confirm($event)">
        <app-field [field]="form.code" controlId="mfa-enrol-code" [label]="t('mfa.code.label')">
          <input id="mfa-enrol-code" type="text" inputmode="numeric" autocomplete="one-time-code" dir="ltr" [formField]="form.code" data-testid="mfa-enrol-code" />
        </app-field>
        <button type="submit" class="button button--primary button--block" [disabled]="form().submitting()" data-testid="mfa-enrol-submit">
          {{ form().submitting() ? t('signIn.submitting') : t('mfa.enrol.submit') }}
        </button>
      </form>
    }
    <button type="button" class="button button--block" (click)="cancelled.emit()" data-testid="mfa-cancel">{{ t('mfa.backToPassword') }}</button>
  `,
  styles: `
    .mfa-steps { padding-inline-start: 1.25rem; display: grid; gap: 0.75rem; }
    .mfa-qr { display: block; margin-block: 0.5rem; inline-size: 200px; block-size: 200px; image-rendering: pixelated; background: #fff; }
    .mfa-secret { display: block; overflow-wrap: anywhere; font-size: 0.95rem; letter-spacing: 0.05em; }
  `,
})
export class MfaEnrolmentStep {
  readonly challenge = input.required<string>();
  readonly enrolled = output<Enrolled>();
  readonly cancelled = output<void>();

  private readonly auth = inject(AuthService);
  protected readonly t = inject(I18n).t;
  protected readonly enrolment = resource({ params: () => this.challenge(), loader: ({ params }) => this.auth.beginMfaEnrolment(params) });
  protected readonly qr = resource({
    params: () => (this.enrolment.hasValue() ? this.enrolment.value().otpauthUri : undefined),
    loader: ({ params }) => QRCode.toDataURL(params, { margin: 1, width: 400, errorCorrectionLevel: 'M' }),
  });
  protected readonly model = signal({ code: '' });
  protected readonly form = form(this.model, (path) => required(path.code));
  protected readonly error = signal<unknown>(null);

  protected async confirm(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      try {
        this.enrolled.emit(await this.auth.confirmMfaEnrolment(this.challenge(), this.model().code.trim()));
      } catch (error) {
        this.error.set(error);
        this.form.code().reset('');
      }
      return undefined;
    });
  }
}
