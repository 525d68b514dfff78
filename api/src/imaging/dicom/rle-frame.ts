import { ImagingError } from '../imaging-error.js';
import type { PixelLayout } from './pixel-layout.js';

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G) into native layout: little-endian samples, planar colour.
 * The frame is a 64-byte header of segment offsets, then one PackBits segment per byte plane, most
 * significant byte first.
 */
export function decodeRleFrame(bytes: Uint8Array, layout: PixelLayout): Uint8Array {
  const pixels = layout.rows * layout.columns;
  const bytesPerSample = layout.bitsAllocated / 8;
  const expected = layout.samplesPerPixel * bytesPerSample;
  if (bytes.length < 64) throw corrupt('header is missing');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== expected) throw corrupt(`${segments} segments, expected ${expected}`);
  const out = new Uint8Array(pixels * expected);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : bytes.length;
    if (start < 64 || end > bytes.length || end < start) throw corrupt('segment offsets are out of range');
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    unpackBits(bytes, start, end, out, sample * pixels * bytesPerSample + byteInSample, bytesPerSample, pixels);
  }
  return out;
}

/** PackBits: n in 0..127 copies n + 1 literal bytes; n in -127..-1 repeats the next byte 1 - n times; -128 is a no-op. */
function unpackBits(src: Uint8Array, start: number, end: number, dst: Uint8Array, dstStart: number, stride: number, count: number): void {
  let i = start;
  let written = 0;
  let d = dstStart;
  while (written < count && i < end) {
    const n = (src[i++]! << 24) >> 24;
    if (n >= 0) {
      const len = Math.min(n + 1, count - written, end - i);
      for (let k = 0; k < len; k++, d += stride) dst[d] = src[i + k]!;
      i += n + 1;
      written += len;
    } else if (n !== -128) {
      if (i >= end) break;
      const len = Math.min(1 - n, count - written);
      const value = src[i++]!;
      for (let k = 0; k < len; k++, d += stride) dst[d] = value;
      written += len;
    }
  }
  if (written < count) throw corrupt('a segment is shorter than the frame');
}

function corrupt(why: string): ImagingError {
  return new ImagingError('DICOM_CORRUPT', `An RLE frame in the DICOM file is corrupt: ${why}`);
}
