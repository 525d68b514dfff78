import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, type EntityManager, type FindOptionsWhere, IsNull, Not } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { DynamicBatcher } from '../common/dynamic-batcher.js';
import { ErrorCode } from '../common/error-codes.js';
import { RATE_LIMITER, type RateLimiter } from '../common/rate-limiter.js';
import { currentRequestContext } from '#contracts/logging/request-context.js';
import { isUuid } from '../common/uuid.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { preparedQuery } from '../database/prepared-query.js';
import { returningRows } from '../database/returning-rows.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { AuthSession } from './auth-session.entity.js';
import { MfaService } from './mfa/mfa.service.js';
import { RetiredRefreshToken } from './retired-refresh-token.entity.js';
import { PasswordService } from './password.service.js';
import type { Role } from './role.js';
import { sessionExpired } from './session-limits.js';
import { InvalidTokenError, TokenService } from './token.service.js';
import { ForgedTokenReporter } from './forged-token-reporter.service.js';
import { User } from './user.entity.js';

export interface SignedIn {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: User;
}

const RATE_WINDOW_MS = 60_000;
/** One text for every lock-out (just locked, still locked, or a name that does not exist). */
const LOCKED_MESSAGE = 'Account is locked after repeated failed sign-ins; try again later or ask an admin';
/** Activity is written at most this often per session: the idle timeout does not need finer, and reads stay reads. */
const TOUCH_EVERY_MS = 30_000;

/** Published after sessions of a user end, so every API instance re-checks that user's open sockets at once. */
export interface SessionsEndedEvent {
  sessionsEnded: { userId: string };
}

interface SessionRow {
  session_user: string;
  revoked_at: Date | null;
  created_at: Date | string;
  last_used_at: Date | string;
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
    private readonly forgedTokens: ForgedTokenReporter,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
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

    if (!user) {
      // Unknown names lock like real ones (same count, code and message), so "locked" does not reveal an account.
      const locked = await this.countUnknownNameFailure(username);
      throw await (locked ? fail(ErrorCode.ACCOUNT_LOCKED, LOCKED_MESSAGE) : fail(ErrorCode.INVALID_CREDENTIALS, 'Wrong username or password'));
    }
    if (user.isLocked()) throw await fail(ErrorCode.ACCOUNT_LOCKED, LOCKED_MESSAGE, AuditOutcome.DENIED);
    if (!passwordOk) {
      const lockedNow = await this.countFailure(user.id);
      if (lockedNow) {
        throw await fail(ErrorCode.ACCOUNT_LOCKED, LOCKED_MESSAGE, AuditOutcome.FAILURE, { lockedForMinutes: this.config.lockoutMinutes });
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
    if (sessionExpired(this.config, session, user.roles)) throw sessionExpiredError();
    const next = this.tokens.newRefreshToken();
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      const rotated = await manager.update(
        AuthSession,
        { id: session.id, refreshTokenHash: hash, revokedAt: IsNull() },
        // Not activity: browsers refresh on a timer whether or not anyone is at the keyboard.
        { refreshTokenHash: next.hash, expiresAt: new Date(now.getTime() + this.config.refreshTokenTtlSeconds * 1000) },
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

  /** Signing out ends every session of the person, on every device, and closes their sockets. */
  async signOut(actor: Actor): Promise<void> {
    await this.audit.transaction(async (tx) => {
      await this.revoke(tx.manager, { userId: actor.userId }, 'sign-out');
      await tx.audit({ actor, action: 'auth.sign-out', resourceType: 'session', resourceId: actor.sessionId });
    });
    await this.announceSessionsEnded(actor.userId);
  }

  /**
   * Ends every session of a user (password reset, deactivation), or every one but `keepSessionId` (their own
   * password change), inside the caller's transaction. Call announceSessionsEnded once it has committed.
   */
  revokeAllSessions(manager: EntityManager, userId: string, reason: string, keepSessionId?: string): Promise<void> {
    return this.revoke(manager, keepSessionId ? { userId, id: Not(keepSessionId) } : { userId }, reason);
  }

  /** Tells every API instance to re-check the user's open sockets now (they close those whose session ended). */
  async announceSessionsEnded(userId: string): Promise<void> {
    const event: SessionsEndedEvent = { sessionsEnded: { userId } };
    await this.pubSub.publish(Topics.sessionsEnded, event);
  }

  /**
   * Checks signature and expiry of the token, then its session (see actorOfSession). A request is activity:
   * it restarts the session's idle timer; a socket connecting is not, nor is a refresh (browsers do both by
   * themselves).
   */
  async actorFromAccessToken(token: string, { activity = true }: { activity?: boolean } = {}): Promise<Actor> {
    const claims = await this.verifyReportingForgeries(token);
    return this.actorOfSession(claims.sid, claims.sub, activity);
  }

  /**
   * The person a session acts for and the roles they hold right now; refused once the session was ended,
   * the account deactivated, the session idle too long or past its lifetime.
   */
  async actorOfSession(sessionId: string, userId: string, activity = false): Promise<Actor> {
    const row = isUuid(sessionId) ? await this.sessions.submit(sessionId) : undefined;
    if (!row || row.session_user !== userId || row.revoked_at) {
      throw new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; please sign in again');
    }
    if (!row.active) throw new AppError(ErrorCode.ACCOUNT_DEACTIVATED, 'This account has been deactivated');
    // PGlite hands json back as text, pg as objects.
    const roles = typeof row.roles === 'string' ? (JSON.parse(row.roles) as Array<{ role: Role; institutionId: string }>) : (row.roles ?? []);
    const lastUsedAt = new Date(row.last_used_at);
    if (sessionExpired(this.config, { createdAt: new Date(row.created_at), lastUsedAt }, roles)) throw sessionExpiredError();
    if (activity && Date.now() - lastUsedAt.getTime() > TOUCH_EVERY_MS) await this.touches.submit(sessionId);
    return {
      userId,
      username: row.username,
      sessionId,
      mustChangePassword: row.must_change_password,
      roles: roles.map((r) => ({ role: r.role, institutionId: r.institutionId })),
    };
  }

  private async verifyReportingForgeries(token: string) {
    try {
      return this.tokens.verifyAccessToken(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) await this.forgedTokens.report(token, error.reason);
      throw error;
    }
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
        `SELECT s.id, s.user_id AS session_user, s.revoked_at, s.created_at, s.last_used_at, u.username, u.active, u.must_change_password,
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

  /** Restarts idle timers, one statement for the sessions active together. */
  private readonly touches = new DynamicBatcher<string, void>(
    async (ids) => {
      await preparedQuery(this.dataSource, 'auth.touch', 'UPDATE auth_session SET last_used_at = $2 WHERE id = ANY ($1::uuid[])', [[...new Set(ids)], new Date()]);
      return ids.map(() => undefined);
    },
    { maxBatch: 500, maxWaitMs: 0, maxQueue: 50_000, name: 'Session activity' },
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

  private async revoke(manager: EntityManager, where: FindOptionsWhere<AuthSession>, reason: string) {
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

  /** Failed sign-ins under a name nobody has, counted like a real account's; true once past the threshold. */
  private async countUnknownNameFailure(username: string): Promise<boolean> {
    const window = await this.rateLimiter.hit(`sign-in:unknown:${username}`, this.config.lockoutThreshold - 1, this.config.lockoutMinutes * 60_000);
    return !window.allowed;
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

const sessionExpiredError = () => new AppError(ErrorCode.SESSION_EXPIRED, 'Session expired after inactivity or at the end of its lifetime; please sign in again');
