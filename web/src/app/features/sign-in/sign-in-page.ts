import { Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { form, required, submit } from '@angular/forms/signals';
import { ActivatedRoute, Router } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { safeReturnUrl } from '../../core/auth/guards';
import { ApiError } from '../../core/graphql/api-error';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import type { User } from '../../core/models/user';
import { MfaCodeStep } from './mfa-code-step';
import { type Enrolled, MfaEnrolmentStep } from './mfa-enrolment-step';

/** Password first; then, where the account has or needs a second factor, the code or the authenticator set-up. */
type Step =
  | { kind: 'password' }
  | { kind: 'code'; challenge: string }
  | { kind: 'enrol'; challenge: string }
  | { kind: 'recovery-codes'; enrolled: Enrolled };

@Component({
  selector: 'app-sign-in-page',
  imports: [FORM_IMPORTS, ErrorBanner, LanguageSwitch, MfaCodeStep, MfaEnrolmentStep],
  templateUrl: './sign-in-page.html',
  styleUrl: './sign-in-page.css',
})
export class SignInPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  protected readonly credentials = signal({ username: '', password: '' });
  protected readonly form = form(this.credentials, (path) => {
    required(path.username);
    required(path.password);
  });
  protected readonly error = signal<ApiError | null>(null);
  protected readonly step = signal<Step>({ kind: 'password' });
  protected readonly challenge = computed(() => {
    const step = this.step();
    return step.kind === 'code' || step.kind === 'enrol' ? step.challenge : '';
  });
  protected readonly recoveryCodes = computed(() => {
    const step = this.step();
    return step.kind === 'recovery-codes' ? step.enrolled.recoveryCodes : [];
  });
  protected readonly notice = this.auth.endReason;

  /** RATE_LIMITED: count down the wait the server asked for, and keep the button disabled meanwhile. */
  private readonly blockedUntil = signal(0);
  private readonly now = signal(Date.now());
  protected readonly waitSeconds = computed(() => Math.max(0, Math.ceil((this.blockedUntil() - this.now()) / 1000)));
  protected readonly shownError = computed(() => {
    const error = this.error();
    return error?.code === 'RATE_LIMITED' && this.waitSeconds() > 0
      ? new ApiError(error.code, error.message, { ...error.extensions, retryAfterSeconds: this.waitSeconds() })
      : error;
  });

  constructor() {
    const ticker = setInterval(() => this.now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(ticker));
  }

  protected async signIn(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      const { username, password } = this.credentials();
      try {
        await this.enter(await this.auth.signIn(username.trim(), password));
      } catch (error) {
        const apiError = ApiError.from(error);
        const challenge = apiError.extensions['challenge'];
        if (typeof challenge === 'string' && (apiError.code === 'MFA_REQUIRED' || apiError.code === 'MFA_ENROLMENT_REQUIRED')) {
          this.step.set({ kind: apiError.code === 'MFA_REQUIRED' ? 'code' : 'enrol', challenge });
          return undefined;
        }
        this.error.set(apiError);
        this.blockedUntil.set(Date.now() + (apiError.retryAfterSeconds ?? 0) * 1000);
        this.now.set(Date.now());
        this.form.password().reset('');
      }
      return undefined;
    });
  }

  /** Back to the password (the challenge has expired, or the person wants to start over). */
  protected restart(): void {
    this.step.set({ kind: 'password' });
    this.form.password().reset('');
  }

  /** The recovery codes were shown only once the session had begun; the person continues when they have kept them. */
  protected enrolled(enrolled: Enrolled): void {
    this.step.set({ kind: 'recovery-codes', enrolled });
  }

  protected continueAfterEnrolment(): Promise<void> {
    const step = this.step();
    return step.kind === 'recovery-codes' ? this.enter(step.enrolled.user) : Promise.resolve();
  }

  protected async enter(user: User): Promise<void> {
    this.i18n.adopt(user.locale);
    await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
  }
}
