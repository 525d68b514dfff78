import { ApiError, NETWORK_ERROR } from '../../core/graphql/api-error';
import { type CallFailureCode, callFailureOf, FAILURE_TEXT, isFinal } from './call-failure';
import { deviceProblemOf } from './local-devices';
import { SignallingError } from './signalling-socket';

describe('callFailureOf', () => {
  it('turns the API’s refusals of a join token into call failures', () => {
    const codes = ['FORBIDDEN', 'NOT_ENROLLED', 'NOT_FOUND', 'CALL_NOT_AVAILABLE', NETWORK_ERROR, 'INTERNAL_SERVER_ERROR'];
    expect(codes.map((code) => callFailureOf(new ApiError(code, code)))).toEqual([
      'NOT_PARTICIPANT',
      'NOT_PARTICIPANT',
      'NOT_PARTICIPANT',
      'CALL_NOT_AVAILABLE',
      'UNREACHABLE',
      'FAILED',
    ]);
  });

  it('turns the media service’s refusals and local socket failures into call failures', () => {
    const codes = ['FORBIDDEN', 'TOKEN_EXPIRED', 'TOKEN_REPLAYED', 'TOKEN_INVALID', 'TIMEOUT', 'CLOSED', 'UNREACHABLE', 'SESSION_ENDED'] as const;
    expect(codes.map((code) => callFailureOf(new SignallingError(code, 'x')))).toEqual([
      'NOT_PARTICIPANT',
      'TOKEN_EXPIRED',
      'TOKEN_EXPIRED',
      'TOKEN_EXPIRED',
      'UNREACHABLE',
      'UNREACHABLE',
      'UNREACHABLE',
      'FAILED',
    ]);
  });

  it('calls anything else a plain failure', () => {
    expect(callFailureOf(new Error('?'))).toBe('FAILED');
    expect(callFailureOf('string')).toBe('FAILED');
  });
});

describe('isFinal', () => {
  it('stops reconnecting only where another try cannot help', () => {
    const all = Object.keys(FAILURE_TEXT) as CallFailureCode[];
    expect(all.filter(isFinal).sort()).toEqual(['CALL_NOT_AVAILABLE', 'NOT_PARTICIPANT', 'REPLACED']);
  });
});

describe('deviceProblemOf', () => {
  it('tells a missing device from one another program holds, and both from a refused permission', () => {
    expect(deviceProblemOf(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(deviceProblemOf(new DOMException('too big', 'OverconstrainedError'))).toBe('missing');
    expect(deviceProblemOf(new DOMException('held', 'NotReadableError'))).toBe('busy');
    expect(deviceProblemOf(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(deviceProblemOf(new Error('?'))).toBe('denied');
  });
});
