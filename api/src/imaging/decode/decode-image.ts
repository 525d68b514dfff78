import type { Calibration } from '../calibration.js';
import type { DicomImage } from '../dicom/dicom-image.js';
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

type ReadDicom = (buffer: Uint8Array, limits?: { maxPixels?: number; maxFrames?: number }) => DicomImage;

// The DICOM reader is written in parallel; a computed specifier keeps this module compiling without it.
// TODO(integration): replace with `import { readDicom } from '../dicom/read-dicom.js'` once it exists.
const READ_DICOM_MODULE = '../dicom/read-dicom.js';

async function loadReadDicom(): Promise<ReadDicom> {
  const module = (await import(READ_DICOM_MODULE)) as { readDicom: ReadDicom };
  return module.readDicom;
}

/** Decodes an uploaded file by its content (never its name) into 8-bit grayscale frames. */
export async function decodeImage(buffer: Uint8Array, limits?: DecodeLimits): Promise<DecodedImage> {
  const format = sniffFormat(buffer);
  const maxPixels = maxPixelsOf(limits);
  switch (format) {
    case 'png':
      return { format, frames: [decodePng(buffer, maxPixels)], calibration: { source: 'none' } };
    case 'jpeg':
      return { format, frames: [decodeJpeg(buffer, maxPixels)], calibration: { source: 'none' } };
    case 'dicom': {
      const readDicom = await loadReadDicom();
      const dicom = readDicom(buffer, { maxPixels, maxFrames: limits?.maxFrames });
      return { format, frames: dicom.frames, calibration: dicom.calibration, dicom };
    }
    case null:
      throw new ImagingError('UNSUPPORTED_FILE_TYPE', 'Only DICOM, PNG and JPEG images are accepted');
  }
}
