import { maxLength, minLength, required, type SchemaPath, validate } from '@angular/forms/signals';

/** The API's PasswordService rules, checked before sending. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** Length and letters-and-digits; the server also refuses common passwords and ones containing the username. */
export function passwordRules(path: SchemaPath<string>): void {
  required(path);
  minLength(path, PASSWORD_MIN_LENGTH);
  maxLength(path, PASSWORD_MAX_LENGTH);
  validate(path, ({ value }) =>
    value() && !(/\p{L}/u.test(value()) && /\p{N}/u.test(value())) ? { kind: 'lettersDigits', message: 'validation.passwordLettersDigits' } : undefined,
  );
}
