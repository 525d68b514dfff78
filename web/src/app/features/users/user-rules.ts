import { email, maxLength, pattern, required, type SchemaPath } from '@angular/forms/signals';
import type { Locale } from '../../core/i18n/locale';

export { PASSWORD_MIN_LENGTH, passwordRules } from '../../shared/forms/password-rules';

/** The API's rules for people (CreateUserInput, UpdateUserInput), checked before sending; password rules are shared. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{3,64}$/;
export const PHONE_PATTERN = /^\+?[0-9 -]{5,32}$/;

export interface ProfileDraft {
  displayName: string;
  email: string;
  phone: string;
  locale: Locale;
}

export function profileRules(path: { displayName: SchemaPath<string>; email: SchemaPath<string>; phone: SchemaPath<string> }): void {
  required(path.displayName);
  maxLength(path.displayName, 200);
  email(path.email);
  pattern(path.phone, PHONE_PATTERN, { message: 'validation.phone' });
}

export const toProfileInput = (draft: ProfileDraft) => ({
  displayName: draft.displayName.trim(),
  email: draft.email.trim() || null,
  phone: draft.phone.trim() || null,
  locale: draft.locale,
});
