import type { GrayImage } from '../gray-image.js';

/**
 * Interleaved 8-bit samples (RGB or RGBA; any extra channel such as alpha is ignored) to Rec. 601 luma,
 * 0.299 R + 0.587 G + 0.114 B rounded. Gray input stored as R = G = B comes back unchanged.
 */
export function toLuma(samples: ArrayLike<number>, width: number, height: number, channels: 3 | 4): GrayImage {
  const data = new Uint8Array(width * height);
  let coloured = 0;
  for (let i = 0, s = 0; i < data.length; i++, s += channels) {
    const r = samples[s];
    const g = samples[s + 1];
    const b = samples[s + 2];
    data[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    if (Math.max(r, g, b) - Math.min(r, g, b) > COLOURED_SPREAD) coloured++;
  }
  return { width, height, data, colourFraction: data.length > 0 ? coloured / data.length : 0 };
}

/** A pixel whose channels differ by more than this is coloured, not a tinted grey (JPEG chroma noise stays below). */
const COLOURED_SPREAD = 60;
