import { createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface AccessClaims {
  sub: string;
  sid: string;
}

/** A refused access token, with why (kept server-side for the log and audit trail, never sent to the caller). */
export class InvalidTokenError extends AppError {
  constructor(readonly reason: string) {
    super(ErrorCode.TOKEN_INVALID, 'Access token is not valid');
  }
}

/** Why jsonwebtoken refused a token, in the words an operator searches the log for. */
function rejectionReason(token: string, error: unknown): string {
  if (jwt.decode(token, { complete: true })?.header.alg?.toLowerCase() === 'none') return 'alg-none';
  const message = error instanceof Error ? error.message : '';
  if (message === 'invalid signature') return 'bad-signature';
  if (message === 'jwt malformed' || message.startsWith('invalid token') || message.startsWith('Unexpected token')) return 'malformed';
  return message.replace(/^jwt /, '').slice(0, 80) || 'invalid-claims';
}

const ISSUER = 'oasis-api';
const AUDIENCE = 'oasis';

/** Short-lived signed access tokens and opaque refresh tokens (only their SHA-256 is stored). */
@Injectable()
export class TokenService {
  /** A key object made once: given the secret as a string, jsonwebtoken first tries it as a public key on every call. */
  private readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  signAccessToken(claims: AccessClaims): { token: string; expiresAt: Date } {
    const token = jwt.sign(claims, this.key, {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    return { token, expiresAt: new Date(Date.now() + this.config.accessTokenTtlSeconds * 1000) };
  }

  verifyAccessToken(token: string): AccessClaims {
    try {
      const payload = jwt.verify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
      if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new InvalidTokenError('invalid-claims');
      }
      return { sub: payload.sub, sid: payload.sid };
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new AppError(ErrorCode.TOKEN_EXPIRED, 'Access token has expired');
      if (error instanceof AppError) throw error;
      throw new InvalidTokenError(rejectionReason(token, error));
    }
  }

  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hash(token) };
  }

  static hash(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
