import type { ValidationError } from '@angular/forms/signals';
import { passwordReasonText } from '../../core/i18n/error-text';
import type { I18n } from '../../core/i18n/i18n.service';

/** Error kinds the forms add on top of Angular's built-in ones. */
export const SERVER_ERROR = 'server';
export const WEAK_PASSWORD_REASON = 'weakPassword';

/**
 * The text for one validation error. Validators in this app carry a message key as their `message`;
 * server errors carry a key too, or the server's own words when there is no translation.
 */
export function validationText(error: ValidationError, i18n: I18n): string {
  if (error.kind === WEAK_PASSWORD_REASON && error.message) {
    const text = passwordReasonText(error.message);
    return typeof text === 'string' ? text : i18n.text(text);
  }
  if (error.message) return i18n.isKey(error.message) ? i18n.t(error.message) : error.message;
  const limits = error as ValidationError & { minLength?: number; maxLength?: number };
  switch (error.kind) {
    case 'required':
      return i18n.t('validation.required');
    case 'minLength':
      return i18n.t('validation.minLength', { min: limits.minLength ?? '' });
    case 'maxLength':
      return i18n.t('validation.maxLength', { max: limits.maxLength ?? '' });
    case 'email':
      return i18n.t('validation.email');
    default:
      return i18n.t('validation.pattern');
  }
}
