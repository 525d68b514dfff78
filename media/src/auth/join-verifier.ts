import { JoinTokenError, verifyJoinToken, type JoinClaims } from '#contracts/protocol/join-token.js';
import { SignallingErrorCode } from '#contracts/protocol/signalling.js';
import { SignallingFailure } from '../signalling/signalling-failure.js';

const CODES = {
  invalid: SignallingErrorCode.TOKEN_INVALID,
  expired: SignallingErrorCode.TOKEN_EXPIRED,
  replayed: SignallingErrorCode.TOKEN_REPLAYED,
} as const;

/**
 * Admits holders of a valid API join token, once each: the token's `jti` is remembered until the token
 * expires (after that the expiry check refuses it anyway), so the memory stays bounded by the token TTL.
 */
export class JoinVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  verify(token: string): JoinClaims {
    try {
      const claims = verifyJoinToken(this.secret, token);
      this.forgetExpired();
      if (this.seen.has(claims.jti)) throw new JoinTokenError('replayed');
      this.seen.set(claims.jti, claims.exp * 1000);
      return claims;
    } catch (error) {
      if (error instanceof JoinTokenError) throw new SignallingFailure(CODES[error.reason], error.message);
      throw error;
    }
  }

  private forgetExpired() {
    const now = this.now();
    for (const [jti, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(jti);
  }
}
