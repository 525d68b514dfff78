import type { WritableSignal } from '@angular/core';
import { type FieldTree, type ReadonlyFieldTree, submit, type ValidationError } from '@angular/forms/signals';
import { ApiError } from '../../core/graphql/api-error';
import { fieldErrorText, passwordReasonText } from '../../core/i18n/error-text';
import { SERVER_ERROR, WEAK_PASSWORD_REASON } from './validation-text';

/** Form fields by the name the API uses for them (`extensions.field`, input property names). */
export type ServerFieldMap = Partial<Record<string, ReadonlyFieldTree<unknown>>>;

/**
 * Turns a failed save into errors shown next to the fields the server blames. Returns null when the
 * error belongs to no field; the form then shows it in its error banner.
 */
export function serverFieldErrors(error: unknown, fields: ServerFieldMap): ValidationError.WithOptionalFieldTree[] | null {
  const apiError = ApiError.from(error);
  const password = fields['password'];
  if (apiError.code === 'WEAK_PASSWORD' && password) {
    if (apiError.reasons.length) return apiError.reasons.map((reason) => ({ kind: WEAK_PASSWORD_REASON, message: reason, fieldTree: password }));
    // Without reasons the message itself may be a known rule ("must differ from the current one").
    return typeof passwordReasonText(apiError.message) === 'string'
      ? [{ kind: SERVER_ERROR, message: 'error.WEAK_PASSWORD', fieldTree: password }]
      : [{ kind: WEAK_PASSWORD_REASON, message: apiError.message, fieldTree: password }];
  }
  const blamed = apiError.field ? fields[apiError.field] : undefined;
  if (blamed) return [{ kind: SERVER_ERROR, message: fieldErrorText(apiError).key, fieldTree: blamed }];
  if (apiError.code === 'BAD_USER_INPUT' && apiError.problems.length) {
    // class-validator messages start with the property name: "code must be 2-32 capital letters…"
    const errors = apiError.problems.map((problem) => ({ problem, fieldTree: fields[problem.split(/[\s.]/)[0]] }));
    if (errors.every((e) => e.fieldTree)) return errors.map((e) => ({ kind: SERVER_ERROR, message: e.problem, fieldTree: e.fieldTree! }));
  }
  return null;
}

/**
 * Submits a form through `save`: the banner is cleared first; if the save fails, what the server pins on
 * fields is shown next to them and anything else in the banner.
 */
export async function submitWithServerErrors<T>(form: FieldTree<T>, banner: WritableSignal<unknown>, fields: ServerFieldMap, save: () => Promise<void>): Promise<void> {
  await submit(form, async () => {
    banner.set(null);
    try {
      await save();
      return undefined;
    } catch (error) {
      const fieldErrors = serverFieldErrors(error, fields);
      if (!fieldErrors) banner.set(error);
      return fieldErrors ?? undefined;
    }
  });
}
