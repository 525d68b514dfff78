import type { TestApp } from './test-app.js';

/** The session an access token names (its `sid` claim), read without verifying: tests reach into that row. */
export function sessionIdOf(accessToken: string): string {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString('utf8')) as { sid: string }).sid;
}

/** Moves a session's sign-in and last activity into the past, as if that much time had gone by. */
export async function ageSession(t: TestApp, accessToken: string, { idleMinutes = 0, ageHours = 0 }: { idleMinutes?: number; ageHours?: number }) {
  await t.dataSource.query(
    `UPDATE auth_session SET last_used_at = now() - make_interval(mins => $2), created_at = now() - make_interval(mins => $3) WHERE id = $1`,
    [sessionIdOf(accessToken), idleMinutes, Math.round(ageHours * 60)],
  );
}

/** Resolves with `promise`, or rejects after `ms` saying what did not happen. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
