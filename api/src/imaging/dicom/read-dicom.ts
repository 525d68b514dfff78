import { ImagingError } from '../imaging-error.js';
import type { DicomImage } from './dicom-image.js';
import { readCalibration } from './dicom-calibration.js';
import { readMetadata } from './dicom-metadata.js';
import { decodeFrames } from './decode-frames.js';
import { parsePart10, type ParsedDicom } from './parse-part10.js';
import { nativeFrameBytes, pixelLayoutOf } from './pixel-layout.js';
import { decodingOf } from './transfer-syntax.js';

export interface DicomLimits {
  /** Rows × Columns of one frame. Default 40 megapixels (as for PNG and JPEG). */
  maxPixels?: number;
  /** Default 1000: a cine loop is counted frame by frame, not refused for its length. */
  maxFrames?: number;
  /** Decompressed pixel bytes of all frames together (and the bound on an inflated dataset). Default 512 MiB. */
  maxDecodedBytes?: number;
}

export const DEFAULT_DICOM_LIMITS: Required<DicomLimits> = { maxPixels: 40_000_000, maxFrames: 1000, maxDecodedBytes: 512 * 1_048_576 };

/**
 * Reads a DICOM Part 10 file into 8-bit gray frames, calibration and identifying metadata.
 * Every failure is an ImagingError (DICOM_CORRUPT, DICOM_NO_PIXEL_DATA, DICOM_UNSUPPORTED_TRANSFER_SYNTAX,
 * DICOM_UNSUPPORTED_PIXELS, IMAGE_TOO_LARGE); limits are checked before any pixel is decoded.
 */
export async function readDicom(buffer: Uint8Array, limits: DicomLimits = {}): Promise<DicomImage> {
  return (await readDicomWithDataset(buffer, limits)).image;
}

/** The same, with the parsed attributes too, for callers that copy some of them (de-identification). */
export async function readDicomWithDataset(buffer: Uint8Array, limits: DicomLimits = {}): Promise<{ image: DicomImage; dataset: ParsedDicom['dataset'] }> {
  // `??`, not a spread: callers pass `{ maxFrames: undefined }` to mean the default.
  const maxPixels = limits.maxPixels ?? DEFAULT_DICOM_LIMITS.maxPixels;
  const maxFrames = limits.maxFrames ?? DEFAULT_DICOM_LIMITS.maxFrames;
  const maxDecodedBytes = limits.maxDecodedBytes ?? DEFAULT_DICOM_LIMITS.maxDecodedBytes;
  // Room for the non-pixel attributes beside the pixels.
  const { transferSyntaxUid, dataset, warnings } = parsePart10(buffer, maxDecodedBytes + 16 * 1_048_576);
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
  const pixels = layout.rows * layout.columns;
  const decodedBytes = nativeFrameBytes(layout) * layout.frames;
  if (layout.frames > maxFrames || pixels > maxPixels || decodedBytes > maxDecodedBytes) {
    throw new ImagingError('IMAGE_TOO_LARGE', `The DICOM image is too large (${layout.frames} frames of ${layout.columns}×${layout.rows})`, {
      rows: layout.rows,
      columns: layout.columns,
      frames: layout.frames,
      maxPixels,
      maxFrames,
      maxDecodedBytes,
    });
  }
  const image: DicomImage = {
    frames: await decodeFrames(dataset, layout, encoding),
    calibration: readCalibration(dataset),
    transferSyntaxUid,
    photometric: layout.photometric,
    warnings,
    ...readMetadata(dataset),
  };
  return { image, dataset };
}
