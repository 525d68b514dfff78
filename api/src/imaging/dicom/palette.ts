import type { NaturalizedDataset } from 'dcmjs';
import { ImagingError } from '../imaging-error.js';
import { numbersOf } from './dataset-values.js';
import type { PixelLayout } from './pixel-layout.js';

/** PALETTE COLOR frame to gray: each stored index maps through the R/G/B lookup tables to a luma level. */
export function paletteToGray(bytes: Uint8Array, layout: PixelLayout, ds: NaturalizedDataset, littleEndian: boolean): Uint8Array {
  const red = channel(ds, 'Red', littleEndian);
  const green = channel(ds, 'Green', littleEndian);
  const blue = channel(ds, 'Blue', littleEndian);
  const size = Math.min(red.values.length, green.values.length, blue.values.length);
  const gray = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    gray[i] = Math.round(0.299 * red.values[i]! + 0.587 * green.values[i]! + 0.114 * blue.values[i]!);
  }
  const pixels = layout.rows * layout.columns;
  const out = new Uint8Array(pixels);
  const wide = layout.bitsAllocated === 16;
  for (let i = 0; i < pixels; i++) {
    const index = !wide ? bytes[i]! : littleEndian ? bytes[2 * i]! | (bytes[2 * i + 1]! << 8) : (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
    // Indices below the first mapped value use the first entry, above the table the last (PS3.3 C.7.6.3.1.5).
    out[i] = gray[Math.min(size - 1, Math.max(0, index - red.first))]!;
  }
  return out;
}

function channel(ds: NaturalizedDataset, color: 'Red' | 'Green' | 'Blue', littleEndian: boolean) {
  const descriptor = numbersOf(ds[`${color}PaletteColorLookupTableDescriptor`]);
  const data = bytesOf(ds[`${color}PaletteColorLookupTableData`]);
  if (!descriptor || descriptor.length < 3 || !data) {
    throw new ImagingError('DICOM_UNSUPPORTED_TRANSFER_SYNTAX', 'PALETTE COLOR without a usable lookup table is not supported', {
      photometricInterpretation: 'PALETTE COLOR',
    });
  }
  const entries = descriptor[0] === 0 ? 65536 : descriptor[0]!;
  const values = new Uint8Array(entries);
  // 8-bit tables may be packed one entry per byte or one per 16-bit word; 16-bit entries keep their high byte.
  const oneBytePerEntry = descriptor[2] === 8 && data.length === entries;
  const shift = descriptor[2] === 8 ? 0 : 8;
  for (let i = 0; i < entries; i++) {
    if (oneBytePerEntry) values[i] = data[i]!;
    else {
      const word = littleEndian ? (data[2 * i] ?? 0) | ((data[2 * i + 1] ?? 0) << 8) : ((data[2 * i] ?? 0) << 8) | (data[2 * i + 1] ?? 0);
      values[i] = (word >> shift) & 0xff;
    }
  }
  return { first: descriptor[1]!, values };
}

function bytesOf(value: unknown): Uint8Array | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return null;
}
