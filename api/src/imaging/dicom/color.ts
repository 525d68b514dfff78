import type { PixelLayout } from './pixel-layout.js';

// ITU-R BT.601 luma weights scaled to 2^16 (they sum to 65536), so gray stays exact for R = G = B.
const WR = 19595;
const WG = 38470;
const WB = 7471;

/** Luma of 8-bit interleaved RGB (R G B R G B ...). */
export function interleavedRgbToGray(rgb: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[i] = (rgb[j]! * WR + rgb[j + 1]! * WG + rgb[j + 2]! * WB + 32768) >> 16;
  }
  return out;
}

/** Luma of 8-bit planar RGB (all R, then all G, then all B). */
export function planarRgbToGray(rgb: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    out[i] = (rgb[i]! * WR + rgb[pixels + i]! * WG + rgb[2 * pixels + i]! * WB + 32768) >> 16;
  }
  return out;
}

/** 8-bit colour frame to gray: RGB via luma; YBR_FULL(_422) already carries luma in Y. */
export function colorToGray(bytes: Uint8Array, layout: PixelLayout): Uint8Array {
  const pixels = layout.rows * layout.columns;
  switch (layout.photometric) {
    case 'RGB':
      return layout.planar ? planarRgbToGray(bytes, pixels) : interleavedRgbToGray(bytes, pixels);
    case 'YBR_FULL':
      return layout.planar ? bytes.slice(0, pixels) : everyNth(bytes, pixels, 3);
    case 'YBR_FULL_422':
      // Native 4:2:2 stores each pixel pair as Y1 Y2 Cb Cr.
      return y422(bytes, pixels);
    default:
      throw new Error(`unreachable photometric ${layout.photometric}`);
  }
}

function everyNth(bytes: Uint8Array, pixels: number, step: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += step) out[i] = bytes[j]!;
  return out;
}

function y422(bytes: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) out[i] = bytes[(i >> 1) * 4 + (i & 1)]!;
  return out;
}
