import { ImagingError } from '../imaging-error.js';

/**
 * Walks the element headers of a dataset and throws DICOM_CORRUPT when any length runs past the data or a
 * sequence is never closed. dcmjs does not check this itself: it zero-pads a value that runs past the end,
 * so a truncated file would read as complete and a garbled 4 GB length would be allocated.
 */
export function checkStructure(bytes: Uint8Array, start: number, explicitVr: boolean, littleEndian: boolean): StructureCheck {
  const walker = new Walker(bytes, littleEndian);
  const end = walker.dataset(start, bytes.length, explicitVr, false);
  return { end, warnings: walker.warnings };
}

export interface StructureCheck {
  /** Where the dataset ends: the end of the data, or a stray delimiter after which nothing is read. */
  end: number;
  warnings: string[];
}

const UNDEFINED = 0xffffffff;
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;
const PIXEL_DATA = 0x7fe00010;
// Real files nest sequences a few levels deep; a bound keeps a hostile file from exhausting the stack.
const MAX_DEPTH = 32;
// Explicit VRs with a 2-byte reserved field and a 4-byte length (PS3.5 7.1.2).
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

class Walker {
  private readonly view: DataView;
  private depth = 0;
  private afterPixelData = false;
  readonly warnings: string[] = [];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Elements from `pos` to `end`; inside an undefined-length item, stops after the item delimiter. Returns the end. */
  dataset(pos: number, end: number, explicitVr: boolean, inUndefinedItem: boolean): number {
    if (++this.depth > MAX_DEPTH) fail('sequences are nested too deeply', pos);
    try {
      return this.elements(pos, end, explicitVr, inUndefinedItem);
    } finally {
      this.depth--;
    }
  }

  private elements(pos: number, end: number, explicitVr: boolean, inUndefinedItem: boolean): number {
    while (pos < end) {
      const tag = this.tag(pos, end);
      if (tag === ITEM_END) {
        if (!inUndefinedItem) fail('unexpected item delimiter', pos);
        return pos + 8;
      }
      if (tag === SEQUENCE_END && this.depth === 1 && this.afterPixelData) {
        // Acuson writes a sequence delimiter after its pixel data; DCMTK and pydicom stop reading there.
        this.warnings.push(`a stray sequence delimiter at byte ${pos} after the pixel data; the rest of the file is ignored`);
        return pos;
      }
      let vr = '';
      let length: number;
      let valueStart: number;
      if (explicitVr && tag >>> 16 !== 0xfffe) {
        this.need(pos, 8, end);
        vr = String.fromCharCode(this.bytes[pos + 4]!, this.bytes[pos + 5]!);
        if (LONG_VRS.has(vr)) {
          this.need(pos, 12, end);
          length = this.view.getUint32(pos + 8, this.littleEndian);
          valueStart = pos + 12;
        } else {
          length = this.view.getUint16(pos + 6, this.littleEndian);
          valueStart = pos + 8;
        }
      } else {
        this.need(pos, 8, end);
        length = this.view.getUint32(pos + 4, this.littleEndian);
        valueStart = pos + 8;
      }
      if (tag === PIXEL_DATA && this.depth === 1) this.afterPixelData = true;
      if (length === UNDEFINED) {
        // Undefined length: a sequence (UN means its content is implicit VR), or encapsulated pixel data.
        pos = this.items(valueStart, end, vr === 'UN' ? false : explicitVr, tag === PIXEL_DATA);
      } else {
        if (valueStart + length > end) fail(`element (${hex(tag)}) runs past the end of the data`, pos);
        if (vr === 'SQ' || (vr === '' && tag !== PIXEL_DATA && this.startsWithItem(valueStart, length))) {
          this.items(valueStart, valueStart + length, explicitVr, false, true);
        }
        pos = valueStart + length;
      }
    }
    if (inUndefinedItem) fail('an item is not closed', pos);
    return pos;
  }

  /** Items of a sequence (or pixel fragments) until the sequence delimiter, or until `end` for a defined length. */
  private items(pos: number, end: number, explicitVr: boolean, fragments: boolean, definedLength = false): number {
    while (pos < end) {
      const tag = this.tag(pos, end);
      this.need(pos, 8, end);
      const length = this.view.getUint32(pos + 4, this.littleEndian);
      if (tag === SEQUENCE_END) return pos + 8;
      if (tag !== ITEM) fail(`expected an item, found (${hex(tag)})`, pos);
      pos += 8;
      if (length === UNDEFINED && !fragments) {
        pos = this.dataset(pos, end, explicitVr, true);
      } else {
        if (length === UNDEFINED || pos + length > end) fail('an item runs past the end of the data', pos - 8);
        if (!fragments) this.dataset(pos, pos + length, explicitVr, false);
        pos += length;
      }
    }
    if (!definedLength) fail('a sequence is not closed', pos);
    return pos;
  }

  private startsWithItem(pos: number, length: number): boolean {
    return length >= 8 && this.view.getUint16(pos, this.littleEndian) === 0xfffe && this.view.getUint16(pos + 2, this.littleEndian) === 0xe000;
  }

  private tag(pos: number, end: number): number {
    this.need(pos, 4, end);
    return ((this.view.getUint16(pos, this.littleEndian) << 16) | this.view.getUint16(pos + 2, this.littleEndian)) >>> 0;
  }

  private need(pos: number, count: number, end: number): void {
    if (pos + count > end) fail('an element header is cut off', pos);
  }
}

function hex(tag: number): string {
  const s = tag.toString(16).toUpperCase().padStart(8, '0');
  return `${s.slice(0, 4)},${s.slice(4)}`;
}

/** `offset` is the byte offset in the dataset (in the inflated dataset for a deflated file). */
function fail(why: string, offset: number): never {
  throw new ImagingError('DICOM_CORRUPT', `The DICOM file is corrupt or truncated at byte ${offset}: ${why}`, { offset });
}
