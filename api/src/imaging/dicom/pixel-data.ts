import { ImagingError } from '../imaging-error.js';
import { nativeFrameBytes, type PixelLayout } from './pixel-layout.js';

/** Splits native PixelData into one byte view per frame; short data means a truncated file. */
export function nativeFrames(pixelData: unknown, layout: PixelLayout): Uint8Array[] {
  const bytes = concatFragments(pixelData);
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
 * for JPEG each frame starts at a fragment that begins with an SOI marker (FF D8).
 */
export function encapsulatedFrames(pixelData: unknown, frames: number, jpeg: boolean): Uint8Array[] {
  const fragments = (Array.isArray(pixelData) ? pixelData : [pixelData]).map(concatFragments);
  if (fragments.length === frames) return fragments;
  if (frames === 1) return [concatFragments(fragments)];
  if (jpeg) {
    const grouped: Uint8Array[][] = [];
    for (const fragment of fragments) {
      if (grouped.length === 0 || (fragment[0] === 0xff && fragment[1] === 0xd8)) grouped.push([fragment]);
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
