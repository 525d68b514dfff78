import { createHash, randomBytes } from 'node:crypto';

const COUNT = 10;
/** Crockford base32: no I, L, O, U, so a code read off paper is typed back right. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Ten codes of 50 random bits each, shown as XXXXX-XXXXX. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: COUNT }, () => {
    const chars = [...randomBytes(10)].map((byte) => ALPHABET[byte & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Recovery codes are long random strings, so a salted SHA-256 is enough (no password stretching needed). */
export function recoveryCodeHash(userId: string, code: string): string {
  const normalized = code.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return createHash('sha256').update(`${userId}:${normalized}`).digest('hex');
}

/** What a person types could be a recovery code rather than a 6-digit TOTP code. */
export const looksLikeRecoveryCode = (code: string): boolean => code.replace(/[\s-]/g, '').length === 10;
