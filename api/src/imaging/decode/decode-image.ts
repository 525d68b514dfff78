import type { Calibration } from '../calibration.js';
import type { DicomImage } from '../dicom/dicom-image.js';
import { readDicom } from '../dicom/read-dicom.js';
import type { GrayImage } from '../gray-image.js';
import { ImagingError } from '../imaging-error.js';
import { type DecodeLimits, maxPixelsOf } from './decode-limits.js';
import { decodeJpeg } from './decode-jpeg.js';
import { decodePng } from './decode-png.js';
import { type ImageFormat, sniffFormat } from './sniff-format.js';

export interface DecodedImage {
  format: ImageFormat;
  /** One frame for PNG/JPEG; every frame of a (multi-frame) DICOM object. */
  frames: GrayImage[];
  /** PNG/JPEG carry none; the upload layer may replace it with the uploader's mm-per-pixel. */
  calibration: Calibration;
  dicom?: DicomImage;
}

/**
 * Decodes an uploaded file by its content (never its name) into 8-bit grayscale frames. Failures are
 * ImagingErrors. Async so that decoding can move off the event loop later without changing callers.
 */
export async function decodeImage(buffer: Uint8Array, limits?: DecodeLimits): Promise<DecodedImage> {
  const format = sniffFormat(buffer);
  switch (format) {
    case 'png':
      return { format, frames: [decodePng(buffer, maxPixelsOf(limits))], calibration: { source: 'none' } };
    case 'jpeg':
      return { format, frames: [decodeJpeg(buffer, maxPixelsOf(limits))], calibration: { source: 'none' } };
    case 'dicom': {
      // The DICOM reader applies its own defaults, and bounds the decompressed bytes of all frames.
      const dicom = await readDicom(buffer, { maxPixels: limits?.maxPixels, maxFrames: limits?.maxFrames });
      return { format, frames: dicom.frames, calibration: dicom.calibration, dicom };
    }
    case null:
      throw new ImagingError('UNSUPPORTED_FILE_TYPE', 'Only DICOM, PNG and JPEG images are accepted');
  }
}
