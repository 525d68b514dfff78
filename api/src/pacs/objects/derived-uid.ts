import { createHash } from 'node:crypto';

/**
 * A UID under 2.25 (a UUID as one integer) derived from names rather than drawn at random, so that sending
 * the same result again produces the same SOP Instance UID and the PACS replaces its copy instead of
 * holding two. The UUID is RFC 9562 version 8 (custom) from the first 128 bits of a SHA-256 of the names.
 */
export function derivedUid(...names: string[]): string {
  const bytes = createHash('sha256').update(names.join('\u0000')).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${bytes.toString('hex')}`).toString()}`;
}
