import pngjs from 'pngjs';
import type { GrayImage } from '../gray-image.js';
import { ImagingError } from '../imaging-error.js';
import { assertWithinPixelLimit } from './decode-limits.js';
import { toLuma } from './luma.js';

// Signature (8) + first chunk length (4) + 'IHDR' (4) + width (4) + height (4).
const IHDR_END = 24;

/** Width and height from the IHDR chunk, without inflating anything. */
export function readPngSize(buffer: Uint8Array): { width: number; height: number } {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const chunkType = String.fromCharCode(...buffer.subarray(12, 16));
  if (buffer.length < IHDR_END || chunkType !== 'IHDR') {
    throw new ImagingError('IMAGE_CORRUPT', 'The PNG file is truncated or has no IHDR header');
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw new ImagingError('IMAGE_CORRUPT', 'The PNG header has a zero width or height');
  return { width, height };
}

/**
 * Any PNG (1-16 bit; gray, RGB, palette, with or without alpha) to 8-bit luma. pngjs always hands back
 * 8-bit RGBA (16-bit samples rescaled with rounding); the alpha channel is ignored. Caveat of pngjs: pixels
 * matching a tRNS colour key come back as 0 (black).
 */
export function decodePng(buffer: Uint8Array, maxPixels: number): GrayImage {
  const { width, height } = readPngSize(buffer);
  assertWithinPixelLimit(width, height, maxPixels);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = pngjs.PNG.sync.read(Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  } catch (error) {
    throw new ImagingError('IMAGE_CORRUPT', `The PNG file could not be decoded: ${(error as Error).message}`);
  }
  return toLuma(decoded.data, decoded.width, decoded.height, 4);
}
