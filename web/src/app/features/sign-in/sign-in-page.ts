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

@Component({
  selector: 'app-sign-in-page',
  imports: [FORM_IMPORTS, ErrorBanner, LanguageSwitch],
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
        const user = await this.auth.signIn(username.trim(), password);
        this.i18n.adopt(user.locale);
        await this.router.navigateByUrl(safeReturnUrl(this.route.snapshot.queryParamMap.get('returnUrl')));
      } catch (error) {
        const apiError = ApiError.from(error);
        this.error.set(apiError);
        this.blockedUntil.set(Date.now() + (apiError.retryAfterSeconds ?? 0) * 1000);
        this.now.set(Date.now());
        this.form.password().reset('');
      }
      return undefined;
    });
  }
}
