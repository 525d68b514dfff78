import { ImagingError } from '../imaging-error.js';
import { nativeFrameBytes, type PixelLayout } from './pixel-layout.js';
import type { PixelEncoding } from './transfer-syntax.js';

const jpegSoi = (f: Uint8Array) => f[0] === 0xff && f[1] === 0xd8;
const CODESTREAM_START: Partial<Record<PixelEncoding['kind'], (fragment: Uint8Array) => boolean>> = {
  jpeg: jpegSoi,
  'jpeg-lossless': jpegSoi,
  'jpeg-ls': jpegSoi,
  jpeg2000: (f) => f[0] === 0xff && f[1] === 0x4f && f[2] === 0xff && f[3] === 0x51,
  'jpeg-xl': (f) => (f[0] === 0xff && f[1] === 0x0a) || (f[3] === 0x0c && f[4] === 0x4a && f[5] === 0x58 && f[6] === 0x4c),
};

/**
 * Splits native PixelData into one byte view per frame; short data means a truncated file. `swapPairs`: 8-bit
 * samples in OW under big endian are stored as 16-bit words, so each pair of samples is swapped (PS3.5 8.1.1).
 */
export function nativeFrames(pixelData: unknown, layout: PixelLayout, swapPairs = false): Uint8Array[] {
  let bytes = concatFragments(pixelData);
  if (swapPairs) {
    bytes = bytes.slice();
    for (let i = 0; i + 1 < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  }
  const frameBytes = nativeFrameBytes(layout);
  if (bytes.length < frameBytes * layout.frames) {
    throw new ImagingError('DICOM_CORRUPT', 'The DICOM pixel data is shorter than Rows × Columns × frames', {
      expectedBytes: frameBytes * layout.frames,
      actualBytes: bytes.length,
    });
  }
  return Array.from({ length: layout.frames }, (_, f) => bytes.subarray(f * frameBytes, (f + 1) * frameBytes));
}

/**
 * One byte string per frame of encapsulated PixelData. dcmjs joins fragments into frames only when there is a
 * Basic Offset Table; without one it returns the fragments, so we regroup them: one frame takes them all, and
 * otherwise each frame starts at a fragment that begins a codestream (JPEG SOI, JPEG 2000 SOC, JPEG-XL signature).
 */
export function encapsulatedFrames(pixelData: unknown, frames: number, kind: PixelEncoding['kind']): Uint8Array[] {
  const fragments = (Array.isArray(pixelData) ? pixelData : [pixelData]).map(concatFragments);
  if (fragments.length === frames) return fragments;
  if (frames === 1) return [concatFragments(fragments)];
  const startsFrame = CODESTREAM_START[kind];
  if (startsFrame) {
    const grouped: Uint8Array[][] = [];
    for (const fragment of fragments) {
      if (grouped.length === 0 || startsFrame(fragment)) grouped.push([fragment]);
      else grouped[grouped.length - 1]!.push(fragment);
    }
    if (grouped.length === frames) return grouped.map(concatFragments);
  }
  throw new ImagingError('DICOM_CORRUPT', 'The DICOM pixel data does not hold NumberOfFrames frames', {
    frames,
    fragments: fragments.length,
  });
}

/** dcmjs gives an ArrayBuffer, a typed array, or (nested) arrays of them; flatten to one Uint8Array. */
function concatFragments(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (!Array.isArray(value)) return new Uint8Array(0);
  const parts = value.map(concatFragments);
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
