import { Component, computed, inject, input, linkedSignal, resource } from '@angular/core';
import { form, maxLength, required, submit } from '@angular/forms/signals';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ApiError } from '../../core/graphql/api-error';
import { errorText } from '../../core/i18n/error-text';
import { I18n, type Text } from '../../core/i18n/i18n.service';
import { FORM_IMPORTS } from '../../shared/forms';
import { LanguageSwitch } from '../../shared/language-switch/language-switch';
import { certificateStatusLabel } from '../training/training-labels';
import { VerifyApi } from './verify.api';

/** What went wrong, for someone who is not signed in: unknown code and too many checks get their own words. */
function verifyErrorText(error: unknown): Text {
  const apiError = ApiError.from(error);
  if (apiError.code === 'CERTIFICATE_NOT_FOUND' || apiError.code === 'NOT_FOUND') return { key: 'verify.notFound' };
  if (apiError.code === 'RATE_LIMITED') {
    // verifyCertificate says when in milliseconds (sign-in in seconds).
    const ms = apiError.extensions['retryAfterMs'];
    const seconds = apiError.retryAfterSeconds ?? (typeof ms === 'number' ? Math.ceil(ms / 1_000) : undefined);
    return seconds ? { key: 'verify.rateLimited', params: { seconds } } : { key: 'verify.rateLimitedLater' };
  }
  return errorText(apiError);
}

/**
 * The public verification page (/verify and /verify/:code): anyone, signed in or not, types or scans a
 * certificate's code and sees whether it is valid, expired or revoked, and whose it is.
 */
@Component({
  selector: 'app-verify-page',
  imports: [RouterLink, FORM_IMPORTS, LanguageSwitch],
  templateUrl: './verify-page.html',
  styleUrl: './verify-page.css',
})
export class VerifyPage {
  /** From /verify/:code; absent on /verify. */
  readonly code = input<string>();

  private readonly api = inject(VerifyApi);
  private readonly router = inject(Router);
  protected readonly signedIn = inject(AuthService).signedIn;
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly statusLabel = certificateStatusLabel;

  protected readonly draft = linkedSignal(() => ({ code: this.code() ?? '' }));
  protected readonly form = form(this.draft, (path) => {
    required(path.code);
    maxLength(path.code, 64);
  });

  protected readonly result = resource({
    params: () => this.code()?.trim() || undefined,
    loader: ({ params, abortSignal }) => this.api.verify(params, abortSignal),
  });
  protected readonly failure = computed(() => {
    const error = this.result.error();
    return error ? { code: ApiError.from(error).code, text: verifyErrorText(error) } : null;
  });

  protected async check(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      const code = this.draft().code.trim();
      if (code === this.code()) this.result.reload();
      else await this.router.navigate(['/verify', code]);
      return undefined;
    });
  }
}
