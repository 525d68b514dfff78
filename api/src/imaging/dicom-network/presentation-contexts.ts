import { decodingOf } from '../dicom/transfer-syntax.js';

/** The storage SOP classes the receiver takes: ultrasound (current and retired), secondary capture, enhanced US. */
export const STORAGE_CLASSES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.10008.5.1.4.1.1.6.1', 'US Image Storage'],
  ['1.2.840.10008.5.1.4.1.1.3.1', 'US Multi-frame Image Storage'],
  ['1.2.840.10008.5.1.4.1.1.6.2', 'Enhanced US Volume Storage'],
  // Retired in 1996 and still sent by older scanners that township clinics keep running.
  ['1.2.840.10008.5.1.4.1.1.6', 'US Image Storage (Retired)'],
  ['1.2.840.10008.5.1.4.1.1.3', 'US Multi-frame Image Storage (Retired)'],
  ['1.2.840.10008.5.1.4.1.1.7', 'Secondary Capture Image Storage'],
  ['1.2.840.10008.5.1.4.1.1.7.2', 'Multi-frame Grayscale Byte Secondary Capture Image Storage'],
  ['1.2.840.10008.5.1.4.1.1.7.4', 'Multi-frame True Color Secondary Capture Image Storage'],
]);

export const VERIFICATION_CLASS = '1.2.840.10008.1.1';

export type ContextAnswer = { accept: string } | { refuse: 'abstract-syntax' | 'transfer-syntaxes' };

/**
 * The answer to one proposed presentation context: the first transfer syntax the peer proposed that the
 * decoder reads (the peer lists its preference first), or a refusal naming what was not supported.
 * Verification needs no pixels: any uncompressed syntax is fine.
 */
export function answerContext(abstractSyntaxUid: string, transferSyntaxUids: readonly string[]): ContextAnswer {
  if (abstractSyntaxUid === VERIFICATION_CLASS) {
    const plain = transferSyntaxUids.find((ts) => ts === '1.2.840.10008.1.2' || ts === '1.2.840.10008.1.2.1');
    return plain ? { accept: plain } : { refuse: 'transfer-syntaxes' };
  }
  if (!STORAGE_CLASSES.has(abstractSyntaxUid)) return { refuse: 'abstract-syntax' };
  const readable = transferSyntaxUids.find((ts) => decodingOf(ts) !== null);
  return readable ? { accept: readable } : { refuse: 'transfer-syntaxes' };
}
