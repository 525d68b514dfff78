import { ApiError } from '../../core/graphql/api-error';
import type { MessageKey } from '../../core/i18n/messages/en';
import { SignallingError } from './signalling-socket';

/** Why a call cannot go on; each has its own message (call.error.<code>). */
export type CallFailureCode =
  | 'NOT_PARTICIPANT'
  | 'CALL_NOT_AVAILABLE'
  | 'TOKEN_EXPIRED'
  | 'UNREACHABLE'
  | 'REPLACED'
  | 'MEDIA_BLOCKED'
  | 'FAILED';

/** What the others get from this browser after a device problem (chosen when joining), or a refused screen share. */
export type MediaNotice = 'SENDING_AUDIO_ONLY' | 'SENDING_VIDEO_ONLY' | 'RECEIVE_ONLY' | 'SCREEN_DENIED';

export const FAILURE_TEXT: Record<CallFailureCode, MessageKey> = {
  NOT_PARTICIPANT: 'call.error.NOT_PARTICIPANT',
  CALL_NOT_AVAILABLE: 'call.error.CALL_NOT_AVAILABLE',
  TOKEN_EXPIRED: 'call.error.TOKEN_EXPIRED',
  UNREACHABLE: 'call.error.UNREACHABLE',
  REPLACED: 'call.error.REPLACED',
  MEDIA_BLOCKED: 'call.error.MEDIA_BLOCKED',
  FAILED: 'call.error.FAILED',
};

export const NOTICE_TEXT: Record<MediaNotice, MessageKey> = {
  SENDING_AUDIO_ONLY: 'call.notice.SENDING_AUDIO_ONLY',
  SENDING_VIDEO_ONLY: 'call.notice.SENDING_VIDEO_ONLY',
  RECEIVE_ONLY: 'call.notice.RECEIVE_ONLY',
  SCREEN_DENIED: 'call.notice.SCREEN_DENIED',
};

/** Failures that another attempt cannot fix: the person must act (or is not allowed in). */
const FINAL: ReadonlySet<CallFailureCode> = new Set(['NOT_PARTICIPANT', 'CALL_NOT_AVAILABLE', 'REPLACED']);

export const isFinal = (code: CallFailureCode): boolean => FINAL.has(code);

/** The API's refusal (GraphQL code) or the media service's (signalling code), as one call failure. */
export function callFailureOf(error: unknown): CallFailureCode {
  if (error instanceof ApiError) {
    if (error.code === 'FORBIDDEN' || error.code === 'NOT_ENROLLED' || error.code === 'NOT_FOUND') return 'NOT_PARTICIPANT';
    if (error.code === 'CALL_NOT_AVAILABLE') return 'CALL_NOT_AVAILABLE';
    if (error.code === 'NETWORK_ERROR') return 'UNREACHABLE';
    return 'FAILED';
  }
  if (error instanceof SignallingError) {
    switch (error.code) {
      case 'FORBIDDEN':
        return 'NOT_PARTICIPANT';
      case 'TOKEN_EXPIRED':
      case 'TOKEN_REPLAYED':
      case 'TOKEN_INVALID':
        return 'TOKEN_EXPIRED';
      case 'UNREACHABLE':
      case 'TIMEOUT':
      case 'CLOSED':
        return 'UNREACHABLE';
      default:
        return 'FAILED';
    }
  }
  return 'FAILED';
}
