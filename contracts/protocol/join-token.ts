import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

/**
 * The contract between the API (which decides who may join which room) and the media service (which
 * only admits holders of a valid token). Short-lived and single-use: the media service remembers each
 * `jti` until it expires, so a token seen twice is a replay.
 */
export type RoomKind = 'consult' | 'training';
export type RoomRole = 'participant' | 'presenter' | 'viewer';

export interface JoinClaims {
  /** User id. */
  sub: string;
  /** Display name shown to the other peers. */
  name: string;
  /** `consult:<consultId>` or `training:<sessionId>`. */
  room: string;
  kind: RoomKind;
  /** Consult calls: everyone is a participant. Training: presenters send, viewers receive. */
  role: RoomRole;
  /** The API session the token was issued to: the media service admits only while it is open (see media-sessions.ts). */
  sid: string;
  jti: string;
}

export const JOIN_TOKEN_AUDIENCE = 'oasis-media';
export const JOIN_TOKEN_TTL_SECONDS = 60;

export function roomKey(kind: RoomKind, id: string): string {
  return `${kind}:${id}`;
}

export function signJoinToken(secret: string, claims: Omit<JoinClaims, 'jti'>, ttlSeconds = JOIN_TOKEN_TTL_SECONDS): string {
  return jwt.sign({ ...claims, jti: randomUUID() }, secret, { algorithm: 'HS256', audience: JOIN_TOKEN_AUDIENCE, expiresIn: ttlSeconds });
}

export class JoinTokenError extends Error {
  constructor(readonly reason: 'invalid' | 'expired' | 'replayed') {
    super(`join token ${reason}`);
  }
}

/** Verifies signature, audience, expiry and shape; replay is the caller's check (it owns the jti memory). */
export function verifyJoinToken(secret: string, token: string): JoinClaims & { exp: number } {
  let payload: jwt.JwtPayload | string;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: JOIN_TOKEN_AUDIENCE });
  } catch (error) {
    throw new JoinTokenError(error instanceof jwt.TokenExpiredError ? 'expired' : 'invalid');
  }
  if (typeof payload === 'string') throw new JoinTokenError('invalid');
  const { sub, name, room, kind, role, sid, jti, exp } = payload as Partial<JoinClaims> & { exp?: number };
  const ok =
    typeof sub === 'string' && typeof name === 'string' && typeof room === 'string' && typeof sid === 'string' && typeof jti === 'string' && typeof exp === 'number' &&
    (kind === 'consult' || kind === 'training') && (role === 'participant' || role === 'presenter' || role === 'viewer') &&
    room.startsWith(`${kind}:`);
  if (!ok) throw new JoinTokenError('invalid');
  return { sub, name, room, kind, role, sid, jti, exp };
}
