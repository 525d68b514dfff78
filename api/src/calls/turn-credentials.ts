import { createHmac } from 'node:crypto';
import type { TurnConfig } from '../config/config.js';

export interface TurnCredentials {
  urls: string[];
  /** `<expiry unix time>:<user id>`: coturn reads the expiry from it and refuses the credential after it. */
  username: string;
  /** base64(HMAC-SHA1(static-auth-secret, username)): coturn recomputes it, so nothing is stored. */
  credential: string;
  expiresAt: Date;
}

/**
 * Credentials for coturn's TURN REST API scheme (`use-auth-secret`): made per join from the shared secret,
 * valid until the expiry they carry, so no password is configured, stored or long-lived.
 */
export function turnCredentials(turn: TurnConfig, userId: string, now = Date.now()): TurnCredentials {
  const expiry = Math.floor(now / 1000) + turn.credentialTtlSeconds;
  const username = `${expiry}:${userId}`;
  const credential = createHmac('sha1', turn.secret).update(username).digest('base64');
  return { urls: turn.urls, username, credential, expiresAt: new Date(expiry * 1000) };
}
