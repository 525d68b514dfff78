/**
 * How long an access token lives, from its own `iat`/`exp` claims, so that a workstation whose clock
 * is wrong still refreshes on time. Falls back to the server's absolute expiry time.
 */
export function accessTokenLifetimeMs(token: string, expiresAtIso: string): number {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload)) as { iat?: unknown; exp?: unknown };
    if (typeof claims.iat === 'number' && typeof claims.exp === 'number' && claims.exp > claims.iat) {
      return (claims.exp - claims.iat) * 1000;
    }
  } catch {
    /* not a JWT we can read */
  }
  return new Date(expiresAtIso).getTime() - Date.now();
}

/** Refresh this long before expiry: a fifth of the lifetime, between 5 s and 60 s. */
export const refreshLeadMs = (lifetimeMs: number): number => Math.min(60_000, Math.max(lifetimeMs * 0.2, 5_000));
