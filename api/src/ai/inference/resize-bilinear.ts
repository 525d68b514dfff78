import type { GrayImage } from '../../imaging/gray-image.js';

/**
 * Pillow's `Image.resize(size, Image.BILINEAR)` for 8-bit grayscale, bit for bit: the models were trained on
 * images resized that way (models/training/train.py). It is a separable triangle filter on half-pixel
 * centres: plain bilinear interpolation when upscaling (as OpenCV INTER_LINEAR), widened by the scale factor
 * when downscaling (antialiased), with Pillow's 22-bit fixed-point weights and a rounded 8-bit result after
 * each pass (horizontal first).
 */
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

/** Per output position: first input index, tap count and fixed-point weights (ksize slots each). */
interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  ksize: number;
}

function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

// Pillow's precompute_coeffs + normalize_coeffs_8bpc (libImaging/Resample.c).
function computeTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // the triangle's support is 1
  const ksize = Math.ceil(support) * 2 + 1;
  const taps: Taps = { start: new Int32Array(outSize), count: new Int32Array(outSize), weights: new Int32Array(outSize * ksize), ksize };
  const raw = new Float64Array(ksize);
  const inverseScale = 1 / filterScale; // Pillow multiplies by the reciprocal; dividing can differ in the last bit
  for (let out = 0; out < outSize; out++) {
    const centre = (out + 0.5) * scale;
    const start = Math.max(0, Math.trunc(centre - support + 0.5));
    const count = Math.min(inSize, Math.trunc(centre + support + 0.5)) - start;
    let total = 0;
    for (let k = 0; k < count; k++) {
      raw[k] = triangle((k + start - centre + 0.5) * inverseScale);
      total += raw[k];
    }
    for (let k = 0; k < count; k++) {
      taps.weights[out * ksize + k] = Math.trunc(0.5 + (total === 0 ? raw[k] : raw[k] / total) * ONE);
    }
    taps.start[out] = start;
    taps.count[out] = count;
  }
  return taps;
}

function clip8(sum: number): number {
  if (sum <= 0) return 0;
  const value = Math.floor(sum / ONE);
  return value > 255 ? 255 : value;
}

/** One pass along rows (stride 1) or columns (stride = width): `lines` lines of `inSize` → `outSize` samples. */
function resamplePass(src: Uint8Array, srcOffset: (line: number) => number, stride: number, lines: number, taps: Taps, dst: Uint8Array, dstIndex: (line: number, out: number) => number): void {
  const outSize = taps.start.length;
  for (let line = 0; line < lines; line++) {
    const base = srcOffset(line);
    for (let out = 0; out < outSize; out++) {
      let sum = HALF;
      const first = base + taps.start[out] * stride;
      const w = out * taps.ksize;
      for (let k = 0; k < taps.count[out]; k++) sum += src[first + k * stride] * taps.weights[w + k];
      dst[dstIndex(line, out)] = clip8(sum);
    }
  }
}

export function resizeBilinear(image: GrayImage, width: number, height: number): GrayImage {
  let current = image;
  if (image.width !== width) {
    const taps = computeTaps(image.width, width);
    const data = new Uint8Array(width * image.height);
    resamplePass(image.data, (row) => row * image.width, 1, image.height, taps, data, (row, x) => row * width + x);
    current = { width, height: image.height, data };
  }
  if (current.height !== height) {
    const src = current;
    const taps = computeTaps(src.height, height);
    const data = new Uint8Array(width * height);
    resamplePass(src.data, (column) => column, width, width, taps, data, (column, y) => y * width + column);
    current = { width, height, data };
  }
  return current;
}
