import { email, maxLength, minLength, pattern, required, type SchemaPath, validate } from '@angular/forms/signals';
import type { Locale } from '../../core/i18n/locale';

/** The API's rules for people (CreateUserInput, UpdateUserInput, PasswordService), checked before sending. */
export const USERNAME_PATTERN = /^[a-zA-Z0-9._-]{3,64}$/;
export const PHONE_PATTERN = /^\+?[0-9 -]{5,32}$/;
export const PASSWORD_MIN_LENGTH = 10;

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

/** Length and letters-and-digits; the server also refuses common passwords and ones containing the username. */
export function passwordRules(path: SchemaPath<string>): void {
  required(path);
  minLength(path, PASSWORD_MIN_LENGTH);
  maxLength(path, 200);
  validate(path, ({ value }) =>
    value() && !(/\p{L}/u.test(value()) && /\p{N}/u.test(value())) ? { kind: 'lettersDigits', message: 'validation.passwordLettersDigits' } : undefined,
  );
}

export const toProfileInput = (draft: ProfileDraft) => ({
  displayName: draft.displayName.trim(),
  email: draft.email.trim() || null,
  phone: draft.phone.trim() || null,
  locale: draft.locale,
});
