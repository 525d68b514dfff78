/** Transfer syntax UIDs Oasis meets; the ones we decode are listed in `decodingOf`. */
export const TransferSyntax = {
  implicitLittleEndian: '1.2.840.10008.1.2',
  explicitLittleEndian: '1.2.840.10008.1.2.1',
  deflatedExplicitLittleEndian: '1.2.840.10008.1.2.1.99',
  explicitBigEndian: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  jpegXlLossless: '1.2.840.10008.1.2.4.110',
  jpegXlJpegRecompression: '1.2.840.10008.1.2.4.111',
  jpegXl: '1.2.840.10008.1.2.4.112',
  rleLossless: '1.2.840.10008.1.2.5',
} as const;

/** How the pixel bytes of a transfer syntax are laid out, and which codec reads them. */
export type PixelEncoding =
  | { kind: 'native'; littleEndian: boolean }
  | { kind: 'rle' }
  | { kind: 'jpeg' }
  | { kind: 'jpeg-lossless' }
  | { kind: 'jpeg-ls' }
  | { kind: 'jpeg2000' }
  | { kind: 'jpeg-xl' };

const ENCODINGS: Record<string, PixelEncoding> = {
  [TransferSyntax.implicitLittleEndian]: { kind: 'native', littleEndian: true },
  [TransferSyntax.explicitLittleEndian]: { kind: 'native', littleEndian: true },
  [TransferSyntax.deflatedExplicitLittleEndian]: { kind: 'native', littleEndian: true },
  [TransferSyntax.explicitBigEndian]: { kind: 'native', littleEndian: false },
  [TransferSyntax.jpegBaseline]: { kind: 'jpeg' },
  [TransferSyntax.jpegExtended]: { kind: 'jpeg' },
  [TransferSyntax.jpegLossless]: { kind: 'jpeg-lossless' },
  [TransferSyntax.jpegLosslessSv1]: { kind: 'jpeg-lossless' },
  [TransferSyntax.jpegLsLossless]: { kind: 'jpeg-ls' },
  [TransferSyntax.jpegLsNearLossless]: { kind: 'jpeg-ls' },
  [TransferSyntax.jpeg2000Lossless]: { kind: 'jpeg2000' },
  [TransferSyntax.jpeg2000]: { kind: 'jpeg2000' },
  [TransferSyntax.jpegXlLossless]: { kind: 'jpeg-xl' },
  [TransferSyntax.jpegXlJpegRecompression]: { kind: 'jpeg-xl' },
  [TransferSyntax.jpegXl]: { kind: 'jpeg-xl' },
  [TransferSyntax.rleLossless]: { kind: 'rle' },
};

/** The decoding for a transfer syntax, or null when Oasis does not decode it. */
export function decodingOf(uid: string): PixelEncoding | null {
  return ENCODINGS[uid] ?? null;
}
