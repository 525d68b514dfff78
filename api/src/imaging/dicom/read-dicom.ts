import { ImagingError } from '../imaging-error.js';
import type { DicomImage } from './dicom-image.js';
import { readCalibration } from './dicom-calibration.js';
import { readMetadata } from './dicom-metadata.js';
import { decodeFrames } from './decode-frames.js';
import { parsePart10, type ParsedDicom } from './parse-part10.js';
import { pixelLayoutOf } from './pixel-layout.js';
import { decodingOf } from './transfer-syntax.js';

export interface DicomLimits {
  /** Rows × Columns × frames, all frames together. Default 50 megapixels. */
  maxPixels?: number;
  /** Default 500. */
  maxFrames?: number;
}

export const DEFAULT_DICOM_LIMITS: Required<DicomLimits> = { maxPixels: 50_000_000, maxFrames: 500 };

/**
 * Reads a DICOM Part 10 file into 8-bit gray frames, calibration and identifying metadata.
 * Every failure is an ImagingError (DICOM_CORRUPT, DICOM_NO_PIXEL_DATA, DICOM_UNSUPPORTED_TRANSFER_SYNTAX,
 * IMAGE_TOO_LARGE); limits are checked before any pixel is decoded.
 */
export function readDicom(buffer: Uint8Array, limits: DicomLimits = {}): DicomImage {
  return readDicomWithDataset(buffer, limits).image;
}

/** The same, with the parsed attributes too, for callers that copy some of them (de-identification). */
export function readDicomWithDataset(buffer: Uint8Array, limits: DicomLimits = {}): { image: DicomImage; dataset: ParsedDicom['dataset'] } {
  // `??`, not a spread: callers pass `{ maxFrames: undefined }` to mean the default.
  const maxPixels = limits.maxPixels ?? DEFAULT_DICOM_LIMITS.maxPixels;
  const maxFrames = limits.maxFrames ?? DEFAULT_DICOM_LIMITS.maxFrames;
  // Up to 3 samples of 2 bytes per pixel, plus room for the non-pixel attributes.
  const { transferSyntaxUid, dataset } = parsePart10(buffer, maxPixels * 6 + 16 * 1024 * 1024);
  if (dataset.PixelData === undefined || dataset.PixelData === null) {
    throw new ImagingError('DICOM_NO_PIXEL_DATA', 'The DICOM file has no pixel data (7FE0,0010)');
  }
  const encoding = decodingOf(transferSyntaxUid);
  if (!encoding) {
    throw new ImagingError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', `DICOM transfer syntax ${transferSyntaxUid} is not supported`, {
      transferSyntaxUid,
    });
  }
  const layout = pixelLayoutOf(dataset);
  const pixels = layout.rows * layout.columns * layout.frames;
  if (layout.frames > maxFrames || pixels > maxPixels) {
    throw new ImagingError('IMAGE_TOO_LARGE', `The DICOM image is too large (${layout.frames} frames, ${pixels} pixels)`, {
      rows: layout.rows,
      columns: layout.columns,
      frames: layout.frames,
      maxPixels,
      maxFrames,
    });
  }
  const image = {
    frames: decodeFrames(dataset, layout, encoding),
    calibration: readCalibration(dataset),
    transferSyntaxUid,
    ...readMetadata(dataset),
  };
  return { image, dataset };
}
