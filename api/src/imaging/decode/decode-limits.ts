import { ImagingError } from '../imaging-error.js';

/** Limits applied to untrusted uploads before any pixel buffer is allocated. */
export interface DecodeLimits {
  /** Width × height of one frame (PNG, JPEG and each DICOM frame), default 40 megapixels. */
  maxPixels?: number;
  /** Frames per DICOM object (readDicom's default: 1000; its decompressed bytes are bounded too). */
  maxFrames?: number;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;

export function maxPixelsOf(limits: DecodeLimits | undefined): number {
  return limits?.maxPixels ?? DEFAULT_MAX_PIXELS;
}

/** Throws IMAGE_TOO_LARGE when the header's dimensions exceed the limit (checked before decoding). */
export function assertWithinPixelLimit(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    throw new ImagingError('IMAGE_TOO_LARGE', `The image is ${width}×${height} pixels; at most ${maxPixels} pixels are accepted`, {
      width,
      height,
      maxPixels,
    });
  }
}
