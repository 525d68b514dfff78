import { Component, computed, inject, input, output } from '@angular/core';
import { errorText, passwordReasonText } from '../../core/i18n/error-text';
import { I18n } from '../../core/i18n/i18n.service';
import { ApiError } from '../../core/graphql/api-error';

/** A failure explained in the person's language, with what the server listed (password rules, invalid fields). */
@Component({
  selector: 'app-error-banner',
  template: `
    <div class="banner banner--error" role="alert" data-testid="error-banner" [attr.data-error-code]="apiError().code">
      <p class="banner__text">{{ i18n.text(message()) }}</p>
      @if (details().length) {
        <ul class="banner__details">
          @for (detail of details(); track $index) {
            <li>{{ detail }}</li>
          }
        </ul>
      }
      @if (retryable()) {
        <button type="button" class="button button--small" (click)="retry.emit()">{{ i18n.t('common.retry') }}</button>
      }
    </div>
  `,
})
export class ErrorBanner {
  readonly error = input.required<unknown>();
  readonly retryable = input(false);
  readonly retry = output<void>();

  protected readonly i18n = inject(I18n);
  protected readonly apiError = computed(() => ApiError.from(this.error()));
  protected readonly message = computed(() => errorText(this.apiError()));
  protected readonly details = computed(() => {
    const error = this.apiError();
    if (error.code === 'WEAK_PASSWORD') {
      return error.reasons.map((reason) => {
        const text = passwordReasonText(reason);
        return typeof text === 'string' ? text : this.i18n.text(text);
      });
    }
    return error.code === 'BAD_USER_INPUT' ? error.problems : [];
  });
}
