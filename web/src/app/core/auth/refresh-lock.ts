/**
 * Refresh tokens are single-use and shared by every tab through localStorage: two tabs rotating the
 * same token at once would look like a stolen token and end the session. A Web Lock serialises
 * rotation across tabs (where the browser offers it: secure contexts only).
 */
export function withRefreshLock<T>(work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('oasis-refresh-session', work) : work();
}
