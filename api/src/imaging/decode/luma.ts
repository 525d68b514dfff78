import type { GrayImage } from '../gray-image.js';

/**
 * Interleaved 8-bit samples (RGB or RGBA; any extra channel such as alpha is ignored) to Rec. 601 luma,
 * 0.299 R + 0.587 G + 0.114 B rounded. Gray input stored as R = G = B comes back unchanged.
 */
export function toLuma(samples: ArrayLike<number>, width: number, height: number, channels: 3 | 4): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, s = 0; i < data.length; i++, s += channels) {
    data[i] = Math.round(0.299 * samples[s] + 0.587 * samples[s + 1] + 0.114 * samples[s + 2]);
  }
  return { width, height, data };
}
