import jpeg from 'jpeg-js';
import { ImagingError } from '../imaging-error.js';
import { interleavedRgbToGray } from './color.js';
import type { PixelLayout } from './pixel-layout.js';

/** Decodes one JPEG Baseline (8-bit) frame to gray; jpeg-js always hands back RGB, so gray comes from luma. */
export function decodeJpegFrame(bytes: Uint8Array, layout: PixelLayout): Uint8Array {
  // jpeg-js tolerates truncated scans (it returns a partly grey image), so check for the end-of-image marker.
  if (!endsWithEoi(bytes)) throw new ImagingError('DICOM_CORRUPT', 'A JPEG frame in the DICOM file is truncated');
  let image;
  try {
    image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: Math.ceil((layout.rows * layout.columns) / 1e6) + 1,
    });
  } catch (error) {
    throw new ImagingError('DICOM_CORRUPT', 'A JPEG frame in the DICOM file cannot be decoded', {
      cause: (error instanceof Error ? error.message : String(error)).slice(0, 200),
    });
  }
  if (image.width !== layout.columns || image.height !== layout.rows) {
    throw new ImagingError('DICOM_CORRUPT', 'A JPEG frame does not match the DICOM Rows and Columns', {
      rows: layout.rows,
      columns: layout.columns,
      jpegWidth: image.width,
      jpegHeight: image.height,
    });
  }
  const gray = interleavedRgbToGray(image.data, layout.rows * layout.columns);
  if (layout.photometric === 'MONOCHROME1') for (let i = 0; i < gray.length; i++) gray[i] = 255 - gray[i]!;
  return gray;
}

/** FF D9 within the last few bytes (fragments are padded to even length, some encoders add fill bytes). */
function endsWithEoi(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 2; i >= Math.max(0, bytes.length - 16); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}
