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
  const plain = bytesOf(ds[`${color}PaletteColorLookupTableData`]);
  const segmented = bytesOf(ds[`Segmented${color}PaletteColorLookupTableData`]);
  if (!descriptor || descriptor.length < 3 || (!plain && !segmented)) {
    throw new ImagingError('DICOM_UNSUPPORTED_PIXELS', 'PALETTE COLOR without a usable lookup table is not supported', {
      photometricInterpretation: 'PALETTE COLOR',
    });
  }
  const entries = descriptor[0] === 0 ? 65536 : descriptor[0]!;
  const bits = descriptor[2] === 8 ? 8 : 16;
  // 16-bit entries keep their high byte; 8-bit ones (one per word) their low byte.
  const shift = bits === 8 ? 0 : 8;
  const values = new Uint8Array(entries);
  if (plain) {
    // 8-bit tables may be packed one entry per byte or one per 16-bit word.
    const oneBytePerEntry = bits === 8 && plain.length === entries;
    for (let i = 0; i < entries; i++) values[i] = oneBytePerEntry ? plain[i]! : (wordAt(plain, i, littleEndian) >> shift) & 0xff;
  } else {
    const expanded = expandSegmented(words(segmented!, littleEndian), entries);
    for (let i = 0; i < entries; i++) values[i] = ((expanded[i] ?? expanded[expanded.length - 1] ?? 0) >> shift) & 0xff;
  }
  return { first: descriptor[1]!, values };
}

function wordAt(bytes: Uint8Array, i: number, littleEndian: boolean): number {
  const a = bytes[2 * i] ?? 0;
  const b = bytes[2 * i + 1] ?? 0;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

function words(bytes: Uint8Array, littleEndian: boolean): Uint16Array {
  const out = new Uint16Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = wordAt(bytes, i, littleEndian);
  return out;
}

/**
 * A segmented palette (PS3.3 C.7.9.2): discrete segments (opcode 0) list values, linear ones (1) ramp from
 * the last value, indirect ones (2) repeat earlier segments. Bounded by `entries`, so a hostile table cannot
 * grow without end.
 */
function expandSegmented(data: Uint16Array, entries: number, depth = 0): number[] {
  const out: number[] = [];
  let i = 0;
  while (i + 1 < data.length && out.length < entries) {
    const opcode = data[i]!;
    const length = data[i + 1]!;
    if (opcode === 0) {
      for (let k = 0; k < length && i + 2 + k < data.length; k++) out.push(data[i + 2 + k]!);
      i += 2 + length;
    } else if (opcode === 1) {
      if (out.length === 0 || i + 2 >= data.length) throw corruptPalette('a linear segment has no start value');
      const y0 = out[out.length - 1]!;
      const y1 = data[i + 2]!;
      for (let k = 1; k <= length; k++) out.push(Math.round(y0 + ((y1 - y0) * k) / length));
      i += 3;
    } else if (opcode === 2) {
      if (depth > 0 || i + 3 >= data.length) throw corruptPalette('an indirect segment is nested or cut off');
      const offset = data[i + 2]! | (data[i + 3]! << 16);
      if (offset >= i) throw corruptPalette('an indirect segment points forward');
      const copied = expandSegmented(data.subarray(offset, i), entries - out.length, depth + 1);
      out.push(...copied.slice(0, segmentsLength(data.subarray(offset, i), length, copied.length)));
      i += 4;
    } else {
      throw corruptPalette(`unknown segment type ${opcode}`);
    }
  }
  return out;
}

/** How many values the first `count` segments at the start of `data` expand to (for an indirect segment). */
function segmentsLength(data: Uint16Array, count: number, available: number): number {
  let i = 0;
  let values = 0;
  for (let s = 0; s < count && i + 1 < data.length; s++) {
    const [opcode, length] = [data[i]!, data[i + 1]!];
    values += length;
    i += opcode === 0 ? 2 + length : opcode === 1 ? 3 : 4;
  }
  return Math.min(values, available);
}

function corruptPalette(why: string): ImagingError {
  return new ImagingError('DICOM_CORRUPT', `The segmented palette is corrupt: ${why}`);
}

function bytesOf(value: unknown): Uint8Array | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return null;
}
