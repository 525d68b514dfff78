import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { AuthService, type SignedIn } from '../auth.service.js';
import { User } from '../user.entity.js';
import { MfaChallengeService, type MfaStep } from './mfa-challenge.service.js';
import { MfaService } from './mfa.service.js';

const ACTION = 'auth.mfa';

/**
 * The second step of sign-in: a code for the challenge the password earned. A wrong code counts toward
 * lock-out like a wrong password, and attempts count toward the sign-in rate limit.
 */
@Injectable()
export class MfaSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly challenges: MfaChallengeService,
    private readonly audit: AuditService,
  ) {}

  /** A code (TOTP or recovery) for an MFA_REQUIRED challenge opens the session. */
  async verify(challenge: string, code: string): Promise<SignedIn> {
    const user = await this.userFor(challenge, 'verify');
    const method = await this.mfa.consumeCode(user.id, code);
    if (!method) throw await this.refuse(user);
    return this.auth.openSession(user, { secondFactor: method });
  }

  /** An MFA_ENROLMENT_REQUIRED challenge lets the person set up an authenticator, nothing else. */
  async beginEnrolment(challenge: string): Promise<{ secret: string; otpauthUri: string }> {
    return this.mfa.beginEnrolment(await this.userFor(challenge, 'enrol'));
  }

  /** The first code from the new authenticator confirms it, gives the recovery codes, and opens the session. */
  async confirmEnrolment(challenge: string, code: string): Promise<{ recoveryCodes: string[]; session: SignedIn }> {
    const user = await this.userFor(challenge, 'enrol');
    const recoveryCodes = await this.audit.transaction(async (tx) => {
      const codes = await this.mfa.confirmEnrolment(tx.manager, user.id, code);
      if (codes) await tx.audit({ actor: { userId: user.id, username: user.username }, action: 'auth.mfa-enrol', resourceType: 'user', resourceId: user.id });
      return codes;
    });
    if (!recoveryCodes) throw await this.refuse(user);
    return { recoveryCodes, session: await this.auth.openSession(user, { secondFactor: 'totp', enrolled: true }) };
  }

  /** The checks sign-in makes before a password, made again before a code: rate, lock-out, active. */
  private async userFor(challenge: string, step: MfaStep): Promise<User> {
    const userId = this.challenges.read(challenge, step);
    const user = await this.dataSource.getRepository(User).findOne({ where: { id: userId }, relations: { roles: true } });
    if (!user) throw new AppError(ErrorCode.TOKEN_INVALID, 'This sign-in step is not valid; enter your password again');
    await this.auth.enforceSignInRate(user.username);
    if (user.isLocked()) {
      await this.record(user, AuditOutcome.DENIED, ErrorCode.ACCOUNT_LOCKED);
      throw new AppError(ErrorCode.ACCOUNT_LOCKED, 'Account is locked after repeated failed sign-ins; try later or ask an admin');
    }
    if (!user.active) {
      await this.record(user, AuditOutcome.DENIED, ErrorCode.ACCOUNT_DEACTIVATED);
      throw new AppError(ErrorCode.ACCOUNT_DEACTIVATED, 'This account has been deactivated');
    }
    return user;
  }

  private async refuse(user: User): Promise<AppError> {
    if (await this.auth.countFailure(user.id)) {
      await this.record(user, AuditOutcome.FAILURE, ErrorCode.ACCOUNT_LOCKED);
      return new AppError(ErrorCode.ACCOUNT_LOCKED, 'Account locked after repeated failed sign-ins');
    }
    await this.record(user, AuditOutcome.FAILURE, ErrorCode.MFA_INVALID);
    return new AppError(ErrorCode.MFA_INVALID, 'That code is not valid (or was already used); enter the current code');
  }

  private record(user: User, outcome: AuditOutcome, code: ErrorCode) {
    return this.audit.record({ actor: { userId: user.id, username: user.username }, action: ACTION, resourceType: 'user', resourceId: user.id, outcome, code });
  }
}
