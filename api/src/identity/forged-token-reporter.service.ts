import { Inject, Injectable, Logger } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { ErrorCode } from '../common/error-codes.js';
import { RATE_LIMITER, type RateLimiter } from '../common/rate-limiter.js';
import { currentRequestContext } from '#contracts/logging/request-context.js';
import { isUuid } from '../common/uuid.js';

/** Reported per client address and per minute; beyond that a prober only costs a counter increment. */
export const FORGED_TOKEN_REPORTS_PER_ADDRESS = 10;
/** Across all addresses (a botnet), so the log and the audit trail cannot be flooded either way. */
export const FORGED_TOKEN_REPORTS_OVERALL = 100;
const WINDOW_MS = 60_000;

/**
 * A token the API did not sign (bad signature, alg "none", malformed) is someone probing: it goes to the log
 * and to the audit trail as DENIED, with what it claimed to be. An expired but genuine token is not reported.
 */
@Injectable()
export class ForgedTokenReporter {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditService,
  ) {}

  async report(token: string, reason: string): Promise<void> {
    const ip = currentRequestContext()?.ip ?? 'unknown';
    const [perAddress, overall] = await Promise.all([
      this.rateLimiter.hit(`forged-token:ip:${ip}`, FORGED_TOKEN_REPORTS_PER_ADDRESS, WINDOW_MS),
      this.rateLimiter.hit('forged-token:all', FORGED_TOKEN_REPORTS_OVERALL, WINDOW_MS),
    ]);
    if (!perAddress.allowed || !overall.allowed) return;
    const details = { reason, ...claimed(token) };
    this.logger.warn({ msg: 'forged or invalid access token refused', ip, ...details });
    // The caller is refused with TOKEN_INVALID whatever happens here (the database may be what is down).
    await this.audit
      .record({ action: 'auth.token', resourceType: 'session', outcome: AuditOutcome.DENIED, code: ErrorCode.TOKEN_INVALID, details })
      .catch((error: Error) => this.logger.error({ msg: 'forged-token audit row not written', error: error.message }));
  }
}

/** What the token claimed (unverified): its algorithm, user and session, only where well-formed. */
function claimed(token: string): Record<string, string> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded) return {};
  const payload = typeof decoded.payload === 'object' ? decoded.payload : {};
  return {
    ...(typeof decoded.header.alg === 'string' ? { alg: decoded.header.alg.slice(0, 16) } : {}),
    ...(typeof payload.sub === 'string' && isUuid(payload.sub) ? { claimedUserId: payload.sub } : {}),
    ...(typeof payload.sid === 'string' && isUuid(payload.sid) ? { claimedSessionId: payload.sid } : {}),
  };
}
