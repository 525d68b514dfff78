import { ApiError, NETWORK_ERROR } from '../graphql/api-error';
import { uploadErrorText } from '../../features/studies/upload-error-text';
import { errorText, fieldErrorText, passwordReasonText } from './error-text';
import { en } from './messages/en';

describe('errorText', () => {
  it('has its own message for each code a person can act on, every one of them a real text', () => {
    for (const code of ['FORBIDDEN', 'CONFLICT', NETWORK_ERROR, 'ACCOUNT_LOCKED', 'MFA_INVALID']) {
      const { key } = errorText(new ApiError(code, code));
      expect(key).toBe(`error.${code}`);
      expect(key in en).toBe(true);
    }
  });

  it('groups the ways a session ends and the ways a request is too big', () => {
    expect(['TOKEN_EXPIRED', 'SESSION_REVOKED'].map((code) => errorText(new ApiError(code, '')).key)).toEqual(['error.SESSION_ENDED', 'error.SESSION_ENDED']);
    expect(errorText(new ApiError('QUERY_TOO_COMPLEX', '')).key).toBe('error.TOO_LARGE');
  });

  it('says how long to wait when the server says so', () => {
    expect(errorText(new ApiError('RATE_LIMITED', '', { retryAfterSeconds: 30 }))).toEqual({ key: 'error.RATE_LIMITED', params: { seconds: 30 } });
    expect(errorText(new ApiError('RATE_LIMITED', ''))).toEqual({ key: 'error.RATE_LIMITED.later' });
  });

  it('falls back to the general message for an unknown code or a thrown non-API error', () => {
    expect(errorText(new ApiError('SOMETHING_NEW', '')).key).toBe('error.INTERNAL_SERVER_ERROR');
    expect(errorText(new TypeError('x is undefined')).key).toBe('error.INTERNAL_SERVER_ERROR');
  });

  it('is more precise for a field the server blames', () => {
    expect(fieldErrorText(new ApiError('CONFLICT', '', { field: 'username' })).key).toBe('error.usernameTaken');
    expect(fieldErrorText(new ApiError('CONFLICT', '', { field: 'other' })).key).toBe('error.CONFLICT');
  });
});

describe('passwordReasonText', () => {
  it('translates the reasons it knows, with their numbers, and shows others as sent', () => {
    expect(passwordReasonText('at least 10 characters')).toEqual({ key: 'password.reason.minLength', params: { n: 10 } });
    expect(passwordReasonText('must not contain the username')).toEqual({ key: 'password.reason.username' });
    expect(passwordReasonText('a brand new rule')).toBe('a brand new rule');
  });
});

describe('uploadErrorText', () => {
  it('names the file’s problem when the server does, and the size limit in MB', () => {
    expect(uploadErrorText(new ApiError('BAD_USER_INPUT', '', { reason: 'DICOM_NO_PIXEL_DATA' })).key).toBe('upload.error.DICOM_NO_PIXEL_DATA');
    expect(uploadErrorText(new ApiError('PAYLOAD_TOO_LARGE', '', { maxBytes: 200 * 1_048_576 }))).toEqual({ key: 'upload.error.PAYLOAD_TOO_LARGE', params: { mb: 200 } });
    expect(uploadErrorText(new ApiError('PAYLOAD_TOO_LARGE', '')).key).toBe('upload.error.PAYLOAD_TOO_LARGE.unknown');
    // A reason the web does not know is not shown as a key that does not exist.
    expect(uploadErrorText(new ApiError('BAD_USER_INPUT', '', { reason: 'NEW_REASON' })).key).toBe('error.BAD_USER_INPUT');
  });
});

describe('ApiError', () => {
  it('reads the code and the details of a GraphQL error entry', () => {
    const error = ApiError.fromEntry({ message: 'weak', extensions: { code: 'WEAK_PASSWORD', reasons: ['at least 10 characters', 7], field: 'password' } });
    expect([error.code, error.field, error.reasons]).toEqual(['WEAK_PASSWORD', 'password', ['at least 10 characters']]);
    expect(ApiError.fromEntry({ message: 'no code' }).code).toBe('INTERNAL_SERVER_ERROR');
    expect(ApiError.from(error)).toBe(error);
  });
});
