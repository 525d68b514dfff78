import jpeg from 'jpeg-js';
import type { GrayImage } from '../gray-image.js';
import { ImagingError } from '../imaging-error.js';
import { assertWithinPixelLimit } from './decode-limits.js';
import { toLuma } from './luma.js';

const SOS = 0xda;
const EOI = 0xd9;
/** Start-of-frame markers jpeg-js can decode: baseline, extended sequential, progressive (Huffman). */
const DECODABLE_SOF = new Set([0xc0, 0xc1, 0xc2]);
/** The other SOFn (lossless, hierarchical, arithmetic coding); 0xC4/0xC8/0xCC are not frames. */
const OTHER_SOF = new Set([0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** jpeg-js keeps coefficient blocks (4 B/sample) and two RGB copies per pixel; 24 B/pixel covers 3 components. */
const DECODER_BYTES_PER_PIXEL = 24;

interface JpegHeader {
  width: number;
  height: number;
  /** Offset of the first SOS segment: entropy-coded data follows it. */
  scanStart: number;
}

function corrupt(message: string): ImagingError {
  return new ImagingError('IMAGE_CORRUPT', message);
}

/** Walks the marker segments up to the first scan to read the frame size, without decoding. */
export function readJpegHeader(buffer: Uint8Array): JpegHeader {
  let size: { width: number; height: number } | null = null;
  let offset = 2; // after SOI
  while (offset + 4 <= buffer.length) {
    if (buffer[offset] !== 0xff) throw corrupt('The JPEG file has an invalid marker');
    const marker = buffer[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = (buffer[offset + 2] << 8) | buffer[offset + 3];
    if (marker === SOS) {
      if (!size) throw corrupt('The JPEG file has no frame header before its image data');
      return { ...size, scanStart: offset };
    }
    if (OTHER_SOF.has(marker)) {
      throw new ImagingError('UNSUPPORTED_FILE_TYPE', 'Lossless, hierarchical and arithmetic-coded JPEG files are not supported');
    }
    if (DECODABLE_SOF.has(marker) && offset + 9 <= buffer.length) {
      size = { height: (buffer[offset + 5] << 8) | buffer[offset + 6], width: (buffer[offset + 7] << 8) | buffer[offset + 8] };
      if (size.width === 0 || size.height === 0) throw corrupt('The JPEG frame header has a zero width or height');
    }
    offset += 2 + length;
  }
  throw corrupt('The JPEG file is truncated before its image data');
}

/** jpeg-js decodes truncated data silently (grey blocks); an EOI marker after the scan proves the file is whole. */
function hasEndOfImage(buffer: Uint8Array, scanStart: number): boolean {
  for (let i = buffer.length - 2; i > scanStart; i--) {
    if (buffer[i] === 0xff && buffer[i + 1] === EOI) return true;
  }
  return false;
}

/** Baseline or progressive JPEG (gray, YCbCr, CMYK) to 8-bit luma. */
export function decodeJpeg(buffer: Uint8Array, maxPixels: number): GrayImage {
  const header = readJpegHeader(buffer);
  assertWithinPixelLimit(header.width, header.height, maxPixels);
  if (!hasEndOfImage(buffer, header.scanStart)) throw corrupt('The JPEG file is truncated (no end-of-image marker)');
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(buffer, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: Math.max(64, Math.ceil((maxPixels * DECODER_BYTES_PER_PIXEL) / 1_048_576)),
    });
  } catch (error) {
    throw corrupt(`The JPEG file could not be decoded: ${(error as Error).message}`);
  }
  return toLuma(decoded.data, decoded.width, decoded.height, 3);
}
