import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';

/** `verify`: the person has MFA and must give a code; `enrol`: their role requires MFA and they have none yet. */
export type MfaStep = 'verify' | 'enrol';

const ISSUER = 'oasis-api';
// Its own audience: a challenge is never accepted as an access token, nor an access token as a challenge.
const AUDIENCE = 'oasis-mfa';

/** The short-lived proof, between password and code, that the password was right. Signed, never stored. */
@Injectable()
export class MfaChallengeService {
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  issue(userId: string, step: MfaStep): string {
    return jwt.sign({ step }, this.key, {
      algorithm: 'HS256',
      subject: userId,
      expiresIn: this.config.mfaChallengeTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** The user the challenge was issued to, when it is genuine, unexpired and for `step`. */
  read(challenge: string, step: MfaStep): string {
    try {
      const payload = jwt.verify(challenge, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload === 'object' && typeof payload.sub === 'string' && payload.step === step) return payload.sub;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new AppError(ErrorCode.TOKEN_EXPIRED, 'The sign-in took too long; enter your password again');
    }
    throw new AppError(ErrorCode.TOKEN_INVALID, 'This sign-in step is not valid; enter your password again');
  }
}
