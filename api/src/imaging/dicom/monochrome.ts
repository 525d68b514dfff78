import type { PixelLayout } from './pixel-layout.js';

/**
 * One MONOCHROME1/2 frame to 8-bit gray. Plain 8-bit data is copied as is; anything else goes through the
 * modality rescale and then WindowCenter/Width, or min-max over the frame when no window is given.
 * A lookup table over the frame's stored range keeps the per-pixel work to one array read.
 */
export function monochromeToGray(bytes: Uint8Array, layout: PixelLayout, littleEndian: boolean): Uint8Array {
  const n = layout.rows * layout.columns;
  let out: Uint8Array;
  if (layout.bitsAllocated === 8 && layout.bitsStored === 8 && !layout.signed) {
    out = bytes.slice(0, n);
  } else {
    const stored = storedValues(bytes, layout, littleEndian);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = stored[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const lut = grayLut(min, max, layout);
    out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = lut[stored[i]! - min]!;
  }
  if (layout.photometric === 'MONOCHROME1') {
    for (let i = 0; i < n; i++) out[i] = 255 - out[i]!;
  }
  return out;
}

/** Stored values with the BitsStored/HighBit mask and two's-complement sign applied. */
function storedValues(bytes: Uint8Array, layout: PixelLayout, littleEndian: boolean): ArrayLike<number> {
  const n = layout.rows * layout.columns;
  const wide = layout.bitsAllocated === 16;
  // Fast path, the usual CT/MR/DR case: full 16 bits stored, little endian, aligned: a view, no copy.
  if (wide && layout.bitsStored === 16 && littleEndian && bytes.byteOffset % 2 === 0) {
    return layout.signed ? new Int16Array(bytes.buffer, bytes.byteOffset, n) : new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  }
  const out = new Int32Array(n);
  const shift = layout.highBit + 1 - layout.bitsStored;
  const mask = 2 ** layout.bitsStored - 1;
  const signBit = layout.signed ? 2 ** (layout.bitsStored - 1) : 0;
  const wrap = 2 ** layout.bitsStored;
  for (let i = 0; i < n; i++) {
    let raw: number;
    if (!wide) raw = bytes[i]!;
    else raw = littleEndian ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
    let v = (raw >> shift) & mask;
    if (signBit && v & signBit) v -= wrap;
    out[i] = v;
  }
  return out;
}

/** Gray level for every stored value in [min, max]: rescale, then the DICOM linear VOI window or min-max. */
function grayLut(min: number, max: number, layout: PixelLayout): Uint8Array {
  const { rescaleSlope: slope, rescaleIntercept: intercept, window } = layout;
  const lut = new Uint8Array(max - min + 1);
  const lo = Math.min(min * slope, max * slope) + intercept;
  const hi = Math.max(min * slope, max * slope) + intercept;
  for (let v = min; v <= max; v++) {
    const x = v * slope + intercept;
    let y: number;
    if (window) {
      // PS3.3 C.11.2.1.2.1: linear function with the (c - 0.5, w - 1) convention.
      const c = window.center - 0.5;
      const w = window.width - 1;
      if (x <= c - w / 2) y = 0;
      else if (x > c + w / 2) y = 255;
      else y = w > 0 ? ((x - c) / w + 0.5) * 255 : 255;
    } else {
      y = hi > lo ? ((x - lo) / (hi - lo)) * 255 : 0;
    }
    lut[v - min] = Math.round(y);
  }
  return lut;
}
