/** SQLSTATEs that mean "the database cannot serve now", not "this statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown (terminated by an administrator, server stopping)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovery)
  '3D000', // invalid_catalog_name: the database is gone
  '53300', // too_many_connections
]);

/** Socket-level failures reaching the server. */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** What node-postgres and PGlite say when the connection itself is gone (they set no code). */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|connection error|not currently accepting connections|timeout exceeded when trying to connect|PGlite is closed/i;

/**
 * True when an error (a TypeORM QueryFailedError or a raw driver error) comes from the database being down or
 * unreachable: the request may succeed later, so it is answered as DATABASE_UNAVAILABLE, not as a server bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; depth++) {
    const { code, message, driverError, cause } = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08') || UNAVAILABLE_ERRNOS.has(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = driverError ?? cause;
  }
  return false;
}
