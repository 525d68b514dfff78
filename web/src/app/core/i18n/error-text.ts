import { ApiError } from '../graphql/api-error';
import type { Text } from './i18n.service';
import type { MessageKey } from './messages/en';

const SESSION_CODES = new Set(['TOKEN_EXPIRED', 'TOKEN_INVALID', 'SESSION_REVOKED', 'SESSION_EXPIRED']);
const TOO_LARGE_CODES = new Set(['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'PAYLOAD_TOO_LARGE']);
const DIRECT_CODES = new Set([
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DEACTIVATED',
  'NETWORK_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'BAD_USER_INPUT',
  'WEAK_PASSWORD',
  'PASSWORD_CHANGE_REQUIRED',
  'CONSENT_REQUIRED',
  'ALREADY_CLAIMED',
  'ILLEGAL_TRANSITION',
  'MFA_INVALID',
  'PATHOLOGY_CONFLICT',
  'NO_PATHOLOGY_OUTCOME',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_ACCEPTABLE',
]);

/** The translated message for any failure, keyed on the API's stable error code. */
export function errorText(error: unknown): Text {
  const { code, retryAfterSeconds } = ApiError.from(error);
  if (code === 'RATE_LIMITED') {
    return retryAfterSeconds ? { key: 'error.RATE_LIMITED', params: { seconds: retryAfterSeconds } } : { key: 'error.RATE_LIMITED.later' };
  }
  if (SESSION_CODES.has(code)) return { key: 'error.SESSION_ENDED' };
  if (TOO_LARGE_CODES.has(code)) return { key: 'error.TOO_LARGE' };
  if (DIRECT_CODES.has(code)) return { key: `error.${code}` as MessageKey };
  return { key: 'error.INTERNAL_SERVER_ERROR' };
}

/** A more precise message for errors the server pins on one field (`extensions.field`). */
export function fieldErrorText(error: ApiError): Text {
  const specific: Record<string, MessageKey> = {
    'CONFLICT:username': 'error.usernameTaken',
    'CONFLICT:code': 'error.codeTaken',
    'BAD_USER_INPUT:parentId': 'error.parentCycle',
    'BAD_USER_INPUT:roles': 'error.inactiveInstitution',
  };
  const key = specific[`${error.code}:${error.field}`];
  return key ? { key } : errorText(error);
}

/** WEAK_PASSWORD `extensions.reasons` are English phrases; known ones are translated, others shown as sent. */
export function passwordReasonText(reason: string): Text | string {
  const length = /^at (least|most) (\d+) characters$/.exec(reason);
  if (length) return { key: length[1] === 'least' ? 'password.reason.minLength' : 'password.reason.maxLength', params: { n: Number(length[2]) } };
  const known: Record<string, MessageKey> = {
    'both letters and digits': 'password.reason.lettersDigits',
    'must not contain the username': 'password.reason.username',
    'must not be a common password': 'password.reason.common',
    'The new password must differ from the current one': 'password.reason.sameAsCurrent',
  };
  return known[reason] ? { key: known[reason] } : reason;
}
