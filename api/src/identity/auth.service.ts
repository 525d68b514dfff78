import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { DynamicBatcher } from '../common/dynamic-batcher.js';
import { ErrorCode } from '../common/error-codes.js';
import { RATE_LIMITER, type RateLimiter } from '../common/rate-limiter.js';
import { currentRequestContext } from '../common/request-context.js';
import { isUuid } from '../common/uuid.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { preparedQuery } from '../database/prepared-query.js';
import { returningRows } from '../database/returning-rows.js';
import type { Actor } from '../policy/actor.js';
import { AuthSession } from './auth-session.entity.js';
import { MfaService } from './mfa/mfa.service.js';
import { RetiredRefreshToken } from './retired-refresh-token.entity.js';
import { PasswordService } from './password.service.js';
import type { Role } from './role.js';
import { TokenService } from './token.service.js';
import { User } from './user.entity.js';

export interface SignedIn {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

const RATE_WINDOW_MS = 60_000;

interface SessionRow {
  session_user: string;
  revoked_at: Date | null;
  username: string;
  active: boolean;
  must_change_password: boolean;
  roles: Array<{ role: Role; institutionId: string }> | string | null;
}

/** Sign-in, token refresh with rotation, sign-out, lock-out, and turning an access token into an Actor. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly mfa: MfaService,
  ) {}

  async signIn(usernameTyped: string, password: string): Promise<SignedIn> {
    const username = usernameTyped.trim().toLowerCase();
    await this.enforceSignInRate(username);
    const users = this.dataSource.getRepository(User);
    const user = await users.findOne({ where: { username }, relations: { roles: true } });
    const passwordOk = await this.passwords.verify(user?.passwordHash ?? null, password);
    const fail = async (code: ErrorCode, message: string, outcome = AuditOutcome.FAILURE, details?: Record<string, unknown>) => {
      await this.audit.record({
        actor: user ? { userId: user.id, username: user.username } : null,
        username,
        action: 'auth.sign-in',
        resourceType: 'user',
        resourceId: user?.id ?? null,
        outcome,
        code,
        details,
      });
      return new AppError(code, message);
    };

    if (!user) throw await fail(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password');
    if (user.isLocked()) {
      throw await fail(ErrorCode.ACCOUNT_LOCKED, 'Account is locked after repeated failed sign-ins; try later or ask an admin', AuditOutcome.DENIED);
    }
    if (!passwordOk) {
      const lockedNow = await this.countFailure(user.id);
      if (lockedNow) {
        throw await fail(ErrorCode.ACCOUNT_LOCKED, `Account locked for ${this.config.lockoutMinutes} minutes after repeated failed sign-ins`, AuditOutcome.FAILURE, {
          lockedForMinutes: this.config.lockoutMinutes,
        });
      }
      throw await fail(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password');
    }
    if (!user.active) throw await fail(ErrorCode.ACCOUNT_DEACTIVATED, 'This account has been deactivated', AuditOutcome.DENIED);
    // Where a second factor applies, the right password only earns a challenge for it (mfa/).
    await this.mfa.requireSecondFactor(user);
    return this.openSession(user);
  }

  /** The end of a successful sign-in: failures cleared, a new session, audited together. */
  openSession(user: User, details?: Record<string, unknown>): Promise<SignedIn> {
    return this.audit.transaction(async (tx) => {
      await tx.manager.update(User, { id: user.id }, { failedSignIns: 0, lockedUntil: null, lastSignInAt: new Date() });
      const refresh = this.tokens.newRefreshToken();
      const session = await tx.manager.save(AuthSession, this.newSession(user.id, refresh.hash));
      await tx.audit({ actor: { userId: user.id, username: user.username }, action: 'auth.sign-in', resourceType: 'user', resourceId: user.id, details });
      const access = this.tokens.signAccessToken({ sub: user.id, sid: session.id });
      return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, user };
    });
  }

  /** Rotates the refresh token. A token that was already rotated away is a stolen copy: the session ends. */
  async refresh(refreshToken: string): Promise<SignedIn> {
    const hash = TokenService.hash(refreshToken);
    const session = await this.dataSource.getRepository(AuthSession).findOneBy({ refreshTokenHash: hash });
    if (!session) {
      await this.refuseReplayedToken(hash);
      throw new AppError(ErrorCode.TOKEN_INVALID, 'Refresh token is not valid');
    }
    if (session.revokedAt) throw new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; please sign in again');
    if (!session.isActive()) throw new AppError(ErrorCode.TOKEN_EXPIRED, 'Session expired; please sign in again');
    const user = await this.dataSource.getRepository(User).findOneOrFail({ where: { id: session.userId }, relations: { roles: true } });
    if (!user.active) {
      await this.revoke(this.dataSource.manager, { id: session.id }, 'deactivated');
      throw new AppError(ErrorCode.ACCOUNT_DEACTIVATED, 'This account has been deactivated');
    }
    const next = this.tokens.newRefreshToken();
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      const rotated = await manager.update(
        AuthSession,
        { id: session.id, refreshTokenHash: hash, revokedAt: IsNull() },
        { refreshTokenHash: next.hash, lastUsedAt: now, expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000) },
      );
      // A parallel refresh with the same token won the race: this copy is no longer valid.
      if (rotated.affected !== 1) throw new AppError(ErrorCode.TOKEN_INVALID, 'Refresh token is not valid');
      await manager.insert(RetiredRefreshToken, { tokenHash: hash, sessionId: session.id });
    });
    const access = this.tokens.signAccessToken({ sub: user.id, sid: session.id });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: next.token, user };
  }

  /** A rotated-away refresh token presented again was copied: end its session and say so. */
  private async refuseReplayedToken(hash: string): Promise<void> {
    const retired = await this.dataSource.getRepository(RetiredRefreshToken).findOneBy({ tokenHash: hash });
    if (!retired) return;
    const session = await this.dataSource.getRepository(AuthSession).findOneByOrFail({ id: retired.sessionId });
    if (!session.revokedAt) {
      await this.audit.transaction(async (tx) => {
        await this.revoke(tx.manager, { id: session.id }, 'refresh-reuse');
        await tx.audit({
          actor: { userId: session.userId, username: '' },
          action: 'auth.refresh',
          resourceType: 'session',
          resourceId: session.id,
          outcome: AuditOutcome.DENIED,
          code: ErrorCode.SESSION_REVOKED,
          details: { reason: 'a rotated refresh token was presented again' },
        });
      });
    }
    throw new AppError(ErrorCode.SESSION_REVOKED, 'This session was ended for safety; please sign in again');
  }

  async signOut(actor: Actor): Promise<void> {
    await this.audit.transaction(async (tx) => {
      await this.revoke(tx.manager, { id: actor.sessionId }, 'sign-out');
      await tx.audit({ actor, action: 'auth.sign-out', resourceType: 'session', resourceId: actor.sessionId });
    });
  }

  /** Ends every session of a user (password reset, deactivation), inside the caller's transaction. */
  revokeAllSessions(manager: EntityManager, userId: string, reason: string): Promise<void> {
    return this.revoke(manager, { userId }, reason);
  }

  /** Checks signature, expiry and that the session is still open, then loads the roles held right now. */
  async actorFromAccessToken(token: string): Promise<Actor> {
    const claims = this.tokens.verifyAccessToken(token);
    const row = isUuid(claims.sid) ? await this.sessions.submit(claims.sid) : undefined;
    if (!row || row.session_user !== claims.sub || row.revoked_at) {
      throw new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; please sign in again');
    }
    if (!row.active) throw new AppError(ErrorCode.ACCOUNT_DEACTIVATED, 'This account has been deactivated');
    // PGlite hands json back as text, pg as objects.
    const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as Array<{ role: Role; institutionId: string }>) : (row.roles ?? []);
    return {
      userId: claims.sub,
      username: row.username,
      sessionId: claims.sid,
      mustChangePassword: row.must_change_password,
      roles: roles.map((r) => ({ role: r.role, institutionId: r.institutionId })),
    };
  }

  /**
   * Every request's check of its session: the session, the person and the roles they hold now, read fresh.
   * Requests that arrive together (an exam start) share one statement; a lone one runs at once.
   */
  private readonly sessions = new DynamicBatcher<string, SessionRow | undefined>(
    async (ids) => {
      const rows = await preparedQuery<SessionRow & { id: string }>(
        this.dataSource,
        'auth.actors',
        `SELECT s.id, s.user_id AS session_user, s.revoked_at, u.username, u.active, u.must_change_password,
                (SELECT json_agg(json_build_object('role', ra.role, 'institutionId', ra.institution_id)) FROM role_assignment ra WHERE ra.user_id = u.id) AS roles
         FROM auth_session s JOIN app_user u ON u.id = s.user_id
         WHERE s.id = ANY ($1::uuid[])`,
        [[...new Set(ids)]],
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id));
    },
    { maxBatch: 500, maxWaitMs: 0, maxQueue: 50_000, name: 'Sign-in check' },
  );

  private newSession(userId: string, refreshTokenHash: string): Partial<AuthSession> {
    const context = currentRequestContext();
    const now = new Date();
    return {
      userId,
      refreshTokenHash,
      lastUsedAt: now,
      expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000),
      ip: context?.ip ?? null,
      userAgent: context?.userAgent?.slice(0, 300) ?? null,
    };
  }

  private async revoke(manager: EntityManager, where: { id?: string; userId?: string }, reason: string) {
    await manager.update(AuthSession, { ...where, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
  }

  /** Atomically counts one failed attempt (password or second factor); true when this attempt crossed the lock-out threshold. */
  async countFailure(userId: string): Promise<boolean> {
    const result: unknown = await this.dataSource.query(
      `UPDATE app_user
          SET failed_sign_ins = failed_sign_ins + 1,
              locked_until = CASE WHEN failed_sign_ins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
        WHERE id = $1
        RETURNING (failed_sign_ins >= $2) AS locked`,
      [userId, this.config.lockoutThreshold, this.config.lockoutMinutes],
    );
    return Boolean(returningRows<{ locked: boolean }>(result)[0]?.locked);
  }

  /** The sign-in rate limit per client address and per username; the second factor's attempts count too. */
  async enforceSignInRate(username: string) {
    const ip = currentRequestContext()?.ip ?? 'unknown';
    const limit = this.config.signInRateLimitPerMinute;
    const [byIp, byName] = await Promise.all([
      this.rateLimiter.hit(`sign-in:ip:${ip}`, limit, RATE_WINDOW_MS),
      this.rateLimiter.hit(`sign-in:user:${username}`, limit, RATE_WINDOW_MS),
    ]);
    if (byIp.allowed && byName.allowed) return;
    const retryAfterSeconds = Math.ceil(Math.max(byIp.retryAfterMs, byName.retryAfterMs) / 1000);
    await this.audit.record({
      username,
      action: 'auth.sign-in',
      resourceType: 'user',
      outcome: AuditOutcome.DENIED,
      code: ErrorCode.RATE_LIMITED,
    });
    throw new AppError(ErrorCode.RATE_LIMITED, `Too many sign-in attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
  }
}
