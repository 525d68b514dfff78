import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What the media service reports back to the API: who joined and left which room, from the media
 * session itself (attendance and call duration are computed from these). Events carry their own id so
 * a retried delivery is recorded once.
 */
export interface MediaEvent {
  id: string;
  type: 'joined' | 'left';
  /** `consult:<id>` or `training:<id>`. */
  room: string;
  userId: string;
  /** One connection of the user; a reconnect is a new peer id. */
  peerId: string;
  /** ISO 8601. */
  at: string;
  /** Why a peer left: 'hangup', 'disconnected', 'worker-died', 'kicked', 'shutdown'. */
  reason?: string;
}

export interface MediaEventsBody {
  events: MediaEvent[];
}

export const MEDIA_EVENTS_PATH = '/internal/media-events';
export const SIGNATURE_HEADER = 'x-oasis-signature';
export const TIMESTAMP_HEADER = 'x-oasis-timestamp';
/** A delivery older (or newer) than this is refused, so a captured request cannot be replayed later. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

function hmac(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Headers for a POST of `body` (the exact JSON text sent). */
export function signMediaEvents(secret: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  return { [SIGNATURE_HEADER]: hmac(secret, timestamp, body), [TIMESTAMP_HEADER]: timestamp, 'content-type': 'application/json' };
}

export function verifyMediaEventsSignature(secret: string, body: string, signature: string | undefined, timestamp: string | undefined, now = Date.now()): boolean {
  if (!signature || !timestamp || !/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > MAX_CLOCK_SKEW_MS) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
