/** Secrets below this estimate are refused: 128 bits is what a brute-force of an HMAC key must face. */
export const MIN_SECRET_BITS = 128;

/** Size of the alphabet a secret appears to be drawn from (hex, letters and digits, or printable). */
function alphabetSize(secret: string): number {
  if (/^[0-9a-f]+$/i.test(secret)) return 16;
  let size = 0;
  if (/[a-z]/.test(secret)) size += 26;
  if (/[A-Z]/.test(secret)) size += 26;
  if (/[0-9]/.test(secret)) size += 10;
  if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
  return size;
}

/** Observed Shannon entropy per character: repeated characters and short repeated words score low. */
function shannonBitsPerChar(secret: string): number {
  const counts = new Map<string, number>();
  for (const ch of secret) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / secret.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** Characters that only continue a run ("aaaa", "1234", "abab"): they add next to nothing for a guesser. */
function predictableChars(secret: string): number {
  let predictable = 0;
  for (let i = 2; i < secret.length; i++) {
    const step = secret.charCodeAt(i) - secret.charCodeAt(i - 1);
    const previousStep = secret.charCodeAt(i - 1) - secret.charCodeAt(i - 2);
    if (Math.abs(step) <= 1 && step === previousStep) predictable++;
    else if (secret[i] === secret[i - 2]) predictable++;
  }
  return predictable;
}

/**
 * A conservative estimate of a secret's strength in bits: per character the lesser of the alphabet's width and
 * the observed entropy, counted only for characters that do not merely continue a run. A random 64-character
 * hex secret scores about 240; "x" × 40 scores 0, a repeated word or a keyboard run far below 128.
 */
export function estimateSecretBits(secret: string): number {
  if (secret.length === 0) return 0;
  const perChar = Math.min(Math.log2(alphabetSize(secret)), shannonBitsPerChar(secret));
  return Math.round(perChar * (secret.length - predictableChars(secret)));
}
