import { ImagingError } from '../imaging-error.js';
import type { PixelLayout } from './pixel-layout.js';
import type { PixelEncoding } from './transfer-syntax.js';

/** Refuses pixel formats we cannot turn into gray before any decoding work is done. */
export function assertSupportedPixels(layout: PixelLayout, encoding: PixelEncoding): void {
  const { photometric, samplesPerPixel, bitsAllocated } = layout;
  const mono = photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2';
  let supported: boolean;
  if (encoding.kind === 'jpeg-baseline') {
    // jpeg-js decodes colour JPEG to RGB itself, so any colour model that baseline JPEG allows will do.
    supported = bitsAllocated === 8 && (mono || photometric === 'RGB' || photometric.startsWith('YBR_'));
  } else if (mono || photometric === 'PALETTE COLOR') {
    supported = samplesPerPixel === 1;
  } else if (photometric === 'RGB' || photometric === 'YBR_FULL') {
    supported = samplesPerPixel === 3 && bitsAllocated === 8;
  } else if (photometric === 'YBR_FULL_422') {
    supported = samplesPerPixel === 3 && bitsAllocated === 8 && encoding.kind === 'native';
  } else {
    supported = false;
  }
  if (!supported) {
    throw new ImagingError(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
      `DICOM pixels in ${photometric} with ${samplesPerPixel} sample(s) of ${bitsAllocated} bits are not supported here`,
      { photometricInterpretation: photometric, samplesPerPixel, bitsAllocated },
    );
  }
}
