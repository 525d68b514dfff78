import { ImagingError } from '../imaging-error.js';
import type { PixelLayout } from './pixel-layout.js';
import type { PixelEncoding } from './transfer-syntax.js';

const COLOUR = new Set(['RGB', 'YBR_FULL', 'YBR_FULL_422', 'YBR_PARTIAL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT']);

/**
 * Refuses pixel formats we cannot turn into gray, before any decoding work is done, as DICOM_UNSUPPORTED_PIXELS
 * (the transfer syntax itself may be fine). Colour is 3 samples of 8 bits; gray and palette indices 1 of 8 or 16.
 */
export function assertSupportedPixels(layout: PixelLayout, encoding: PixelEncoding): void {
  const { photometric, samplesPerPixel, bitsAllocated } = layout;
  const single = photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2' || photometric === 'PALETTE COLOR';
  let supported: boolean;
  if (single) supported = samplesPerPixel === 1;
  else if (COLOUR.has(photometric)) supported = samplesPerPixel === 3 && bitsAllocated === 8 && colourFits(photometric, encoding);
  else supported = false;
  if (!supported) {
    throw new ImagingError(
      'DICOM_UNSUPPORTED_PIXELS',
      `DICOM pixels in ${photometric} with ${samplesPerPixel} sample(s) of ${bitsAllocated} bits are not supported`,
      { photometricInterpretation: photometric, samplesPerPixel, bitsAllocated },
    );
  }
}

/** Which colour models each encoding can carry: compressed codecs convert to RGB themselves, native data must be one we read. */
function colourFits(photometric: string, encoding: PixelEncoding): boolean {
  switch (encoding.kind) {
    case 'native':
    case 'rle':
      return photometric === 'RGB' || photometric === 'YBR_FULL' || (photometric === 'YBR_FULL_422' && encoding.kind === 'native');
    case 'jpeg-lossless':
    case 'jpeg-ls':
      return photometric === 'RGB' || photometric === 'YBR_FULL';
    default:
      return true;
  }
}
