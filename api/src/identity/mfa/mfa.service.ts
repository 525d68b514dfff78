import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { returningRows } from '../../database/returning-rows.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { User } from '../user.entity.js';
import { MfaChallengeService } from './mfa-challenge.service.js';
import { MfaRecoveryCode } from './mfa-recovery-code.entity.js';
import { looksLikeRecoveryCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { acceptedTimeStep, newTotpSecret, totpUri } from './totp.js';
import { UserMfa } from './user-mfa.entity.js';

export type SecondFactor = 'totp' | 'recovery-code';

/** Who needs a second factor, enrolment of an authenticator, and checking (and using up) a code. */
@Injectable()
export class MfaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly challenges: MfaChallengeService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Called once the password was right: refuses with MFA_REQUIRED (an enrolled person) or
   * MFA_ENROLMENT_REQUIRED (a role that needs MFA, none set up yet), each carrying the challenge for the next
   * step. Returns when no second factor applies.
   */
  async requireSecondFactor(user: User): Promise<void> {
    const mfa = await this.dataSource.getRepository(UserMfa).findOneBy({ userId: user.id });
    const [code, message] = mfa?.confirmedAt
      ? [ErrorCode.MFA_REQUIRED, 'Enter the code from your authenticator app']
      : user.roles.some((r) => this.config.mfaRequiredRoles.includes(r.role))
        ? [ErrorCode.MFA_ENROLMENT_REQUIRED, 'Your role requires a second factor: set up an authenticator app first']
        : [null, ''];
    if (!code) return;
    // The trail shows the password was right and the second step began.
    await this.audit.record({
      actor: { userId: user.id, username: user.username },
      action: 'auth.sign-in',
      resourceType: 'user',
      resourceId: user.id,
      outcome: AuditOutcome.FAILURE,
      code,
      details: { passwordVerified: true },
    });
    throw new AppError(code, message, { challenge: this.challenges.issue(user.id, code === ErrorCode.MFA_REQUIRED ? 'verify' : 'enrol') });
  }

  /** A new pending secret (replacing an earlier unconfirmed one); an enrolled person cannot enrol again. */
  async beginEnrolment(user: User): Promise<{ secret: string; otpauthUri: string }> {
    const secret = newTotpSecret();
    const result: unknown = await this.dataSource.query(
      `INSERT INTO user_mfa (user_id, totp_secret) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET totp_secret = EXCLUDED.totp_secret, last_time_step = NULL, created_at = now()
         WHERE user_mfa.confirmed_at IS NULL
       RETURNING user_id`,
      [user.id, secret],
    );
    if (returningRows(result).length === 0) throw new AppError(ErrorCode.CONFLICT, 'An authenticator is already set up for this account');
    return { secret, otpauthUri: totpUri(user.username, secret) };
  }

  /**
   * Confirms the pending authenticator with its first code, inside the caller's transaction, and returns the
   * new recovery codes (shown once); null when the code is wrong.
   */
  async confirmEnrolment(manager: EntityManager, userId: string, code: string): Promise<string[] | null> {
    const pending = await manager.findOneBy(UserMfa, { userId, confirmedAt: IsNull() });
    if (!pending) throw new AppError(ErrorCode.CONFLICT, 'No authenticator set-up is in progress; start again');
    const step = await acceptedTimeStep(pending.totpSecret, code.trim(), null);
    if (step === null) return null;
    const confirmed = await manager.update(UserMfa, { userId, confirmedAt: IsNull() }, { confirmedAt: new Date(), lastTimeStep: String(step) });
    if (confirmed.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'This authenticator was confirmed meanwhile');
    const codes = newRecoveryCodes();
    await manager.delete(MfaRecoveryCode, { userId });
    await manager.insert(
      MfaRecoveryCode,
      codes.map((c) => ({ userId, codeHash: recoveryCodeHash(userId, c) })),
    );
    return codes;
  }

  /**
   * Accepts a TOTP code newer than the last accepted one, or an unused recovery code, and uses it up in the
   * same statement that checks it, so two requests with one code cannot both pass. Null when refused.
   */
  async consumeCode(userId: string, typed: string): Promise<SecondFactor | null> {
    const code = typed.trim();
    if (looksLikeRecoveryCode(code)) {
      const used: unknown = await this.dataSource.query(
        'UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id',
        [userId, recoveryCodeHash(userId, code)],
      );
      return returningRows(used).length === 1 ? 'recovery-code' : null;
    }
    const mfa = await this.dataSource.getRepository(UserMfa).findOneBy({ userId });
    if (!mfa?.confirmedAt) return null;
    const step = await acceptedTimeStep(mfa.totpSecret, code, mfa.lastTimeStep === null ? null : Number(mfa.lastTimeStep));
    if (step === null) return null;
    const accepted: unknown = await this.dataSource.query(
      'UPDATE user_mfa SET last_time_step = $2 WHERE user_id = $1 AND (last_time_step IS NULL OR last_time_step < $2) RETURNING user_id',
      [userId, step],
    );
    return returningRows(accepted).length === 1 ? 'totp' : null;
  }

  /** An admin removes a lost authenticator and its recovery codes: the person enrols again at the next sign-in. */
  async reset(actor: Actor, userId: string): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: userId }, relations: { roles: true } });
    if (!user) throw notFound('User');
    const institutionIds = user.roles.map((r) => r.institutionId);
    await this.policy.authorize(actor, 'user.reset-password', { userId, institutionIds }, { type: 'user', id: userId });
    await this.audit.transaction(async (tx) => {
      await tx.manager.delete(MfaRecoveryCode, { userId });
      await tx.manager.delete(UserMfa, { userId });
      await tx.audit({ actor, action: 'user.reset-mfa', resourceType: 'user', resourceId: userId, institutionId: institutionIds[0] ?? null });
    });
  }
}
