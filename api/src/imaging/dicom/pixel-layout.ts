import type { NaturalizedDataset } from 'dcmjs';
import { ImagingError } from '../imaging-error.js';
import { numberOf, stringOf } from './dataset-values.js';

/** The Image Pixel module attributes that say how to turn stored samples into gray levels. */
export interface PixelLayout {
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  signed: boolean;
  photometric: string;
  /** PlanarConfiguration 1: all R, then all G, then all B. */
  planar: boolean;
  rescaleSlope: number;
  rescaleIntercept: number;
  window: { center: number; width: number } | null;
}

export function pixelLayoutOf(ds: NaturalizedDataset): PixelLayout {
  const rows = numberOf(ds.Rows) ?? 0;
  const columns = numberOf(ds.Columns) ?? 0;
  const bitsAllocated = numberOf(ds.BitsAllocated) ?? 0;
  const samplesPerPixel = numberOf(ds.SamplesPerPixel) ?? 1;
  if (!isPositiveInt(rows) || !isPositiveInt(columns) || !isPositiveInt(samplesPerPixel)) {
    throw new ImagingError('DICOM_CORRUPT', 'The DICOM image has no valid Rows, Columns or SamplesPerPixel', { rows, columns });
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16) {
    throw new ImagingError('DICOM_UNSUPPORTED_PIXELS', `BitsAllocated ${bitsAllocated} is not supported (8 or 16 only)`, {
      bitsAllocated,
    });
  }
  const bitsStored = clampInt(numberOf(ds.BitsStored) ?? bitsAllocated, 1, bitsAllocated);
  const highBit = clampInt(numberOf(ds.HighBit) ?? bitsStored - 1, bitsStored - 1, bitsAllocated - 1);
  const slope = numberOf(ds.RescaleSlope);
  const center = numberOf(ds.WindowCenter);
  const width = numberOf(ds.WindowWidth);
  return {
    rows,
    columns,
    frames: Math.max(1, Math.trunc(numberOf(ds.NumberOfFrames) ?? 1)),
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    signed: numberOf(ds.PixelRepresentation) === 1,
    photometric: (stringOf(ds.PhotometricInterpretation) ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).toUpperCase(),
    planar: numberOf(ds.PlanarConfiguration) === 1,
    // A zero slope would flatten the image; treat it as absent.
    rescaleSlope: slope && slope !== 0 ? slope : 1,
    rescaleIntercept: numberOf(ds.RescaleIntercept) ?? 0,
    window: center !== null && width !== null && width >= 1 ? { center, width } : null,
  };
}

/** Bytes one native (uncompressed) frame occupies. YBR_FULL_422 stores 2 samples per pixel (Y Y Cb Cr per pair). */
export function nativeFrameBytes(layout: PixelLayout): number {
  const samples = layout.photometric === 'YBR_FULL_422' ? 2 : layout.samplesPerPixel;
  return layout.rows * layout.columns * samples * (layout.bitsAllocated / 8);
}

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

function clampInt(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.trunc(n)));
}
