import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BYTES = 20;

/**
 * A verification code that cannot be guessed: 160 random bits (more than the 128 asked for, so the base32
 * text is whole groups), written as eight groups of four, e.g. 7K2M-…-Q9ZD.
 */
export function newVerificationCode(): string {
  const bytes = randomBytes(BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The canonical form of a typed code: case, spaces, dashes and the look-alikes Crockford maps are forgiven. */
export function normalizeVerificationCode(typed: string): string | null {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (chars.length !== 32 || [...chars].some((c) => !ALPHABET.includes(c))) return null;
  return chars.match(/.{4}/g)!.join('-');
}
