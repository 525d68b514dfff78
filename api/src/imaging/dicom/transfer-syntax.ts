/** Transfer syntax UIDs Oasis meets; the ones we decode are listed in `decodingOf`. */
export const TransferSyntax = {
  implicitLittleEndian: '1.2.840.10008.1.2',
  explicitLittleEndian: '1.2.840.10008.1.2.1',
  deflatedExplicitLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitBigEndian: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  rleLossless: '1.2.840.10008.1.2.5',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
} as const;

/** How the pixel bytes of a transfer syntax are laid out. */
export type PixelEncoding =
  | { kind: 'native'; littleEndian: boolean }
  | { kind: 'jpeg-baseline' }
  | { kind: 'rle' };

/** The decoding for a transfer syntax, or null when Oasis does not decode it. */
export function decodingOf(uid: string): PixelEncoding | null {
  switch (uid) {
    case TransferSyntax.implicitLittleEndian:
    case TransferSyntax.explicitLittleEndian:
    case TransferSyntax.deflatedExplicitLittleEndian:
      return { kind: 'native', littleEndian: true };
    case TransferSyntax.explicitBigEndian:
      return { kind: 'native', littleEndian: false };
    case TransferSyntax.jpegBaseline:
      return { kind: 'jpeg-baseline' };
    case TransferSyntax.rleLossless:
      return { kind: 'rle' };
    default:
      return null;
  }
}
