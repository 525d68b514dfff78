import dcmjs from 'dcmjs';
import type { NaturalizedDataset } from 'dcmjs';
import { inflateRawSync } from 'node:zlib';
import { ImagingError } from '../imaging-error.js';
import { checkStructure } from './check-structure.js';
import { quietly } from './dcmjs-quietly.js';
import { readFileMeta, type FileMeta } from './file-meta.js';
import { TransferSyntax } from './transfer-syntax.js';

export interface ParsedDicom {
  transferSyntaxUid: string;
  /** Container quirks accepted on the way (wrong group length, duplicate meta element, stray delimiter). */
  warnings: string[];
  /** Keyed by DICOM keyword; dcmjs has already decoded text with the SpecificCharacterSet. */
  dataset: NaturalizedDataset;
}

const PREAMBLE = 128;
const DICM = [0x44, 0x49, 0x43, 0x4d];

/**
 * Parses a Part 10 file (or a bare dataset that is clearly DICOM); garbled or truncated input becomes
 * DICOM_CORRUPT. `maxInflatedBytes` bounds a deflated dataset, so a deflate bomb is refused as IMAGE_TOO_LARGE.
 */
export function parsePart10(input: Uint8Array, maxInflatedBytes: number): ParsedDicom {
  const part10 = withPreamble(input);
  const meta = readFileMeta(new Uint8Array(part10));
  correctGroupLength(part10, meta);
  const structure = checkDataset(new Uint8Array(part10), meta, maxInflatedBytes);
  const warnings = [...meta.warnings, ...structure.warnings];
  // After a stray trailing delimiter nothing is read (a deflated dataset is checked, never cut: end is null).
  const readable = structure.end !== null && structure.end < part10.byteLength ? part10.slice(0, structure.end) : part10;
  let file;
  try {
    file = readFile(readable, false);
  } catch (error) {
    // dcmjs refuses character sets it cannot map (e.g. ISO 2022 code extensions); the rest is still readable.
    if (!/character set/i.test(messageOf(error))) throw corrupt(error);
    file = readFileOrCorrupt(readable, true);
  }
  try {
    const dataset = quietly(() => dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict));
    return { transferSyntaxUid: meta.transferSyntaxUid, dataset, warnings };
  } catch (error) {
    throw corrupt(error);
  }
}

/** dcmjs trusts (0002,0000) to find the dataset; in our copy of the file it is set to what the elements take. */
function correctGroupLength(part10: ArrayBuffer, meta: FileMeta): void {
  if (meta.groupLengthValueAt === null) return;
  new DataView(part10).setUint32(meta.groupLengthValueAt, meta.datasetStart - meta.groupLengthValueAt - 4, true);
}

/** The structure check dcmjs lacks (see check-structure.ts), in the byte order and VR mode of the syntax. */
function checkDataset(bytes: Uint8Array, meta: FileMeta, maxInflatedBytes: number): { end: number | null; warnings: string[] } {
  switch (meta.transferSyntaxUid) {
    case TransferSyntax.implicitLittleEndian:
      return checkStructure(bytes, meta.datasetStart, false, true);
    case TransferSyntax.explicitBigEndian:
      return checkStructure(bytes, meta.datasetStart, true, false);
    case TransferSyntax.deflatedExplicitLittleEndian:
      return { ...checkStructure(inflate(bytes.subarray(meta.datasetStart), maxInflatedBytes), 0, true, true), end: null };
    default:
      return checkStructure(bytes, meta.datasetStart, true, true);
  }
}

function inflate(deflated: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return inflateRawSync(deflated, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImagingError('IMAGE_TOO_LARGE', 'The deflated DICOM dataset inflates beyond the size limit', { maxBytes });
    }
    throw corrupt(error);
  }
}

function readFileOrCorrupt(part10: ArrayBuffer, ignoreErrors: boolean) {
  try {
    return readFile(part10, ignoreErrors);
  } catch (error) {
    throw corrupt(error);
  }
}

function readFile(part10: ArrayBuffer, ignoreErrors: boolean) {
  return quietly(() =>
    dcmjs.data.DicomMessage.readFile(part10, { ignoreErrors, untilTag: null, includeUntilTagValue: false, noCopy: false, forceStoreRaw: false }),
  );
}

/**
 * A standalone ArrayBuffer with preamble and "DICM". Some archives store files without the preamble (or
 * without any meta header); we accept those only when the first element is a plausible DICOM tag.
 */
function withPreamble(input: Uint8Array): ArrayBuffer {
  if (hasMagic(input, PREAMBLE)) return copy(input);
  if (hasMagic(input, 0)) return concat(new Uint8Array(PREAMBLE), input);
  if (input.length >= 8) {
    const group = input[0]! | (input[1]! << 8);
    const element = input[2]! | (input[3]! << 8);
    if (group === 0x0002 && element <= 0x0010 && isVr(input[4]!, input[5]!)) {
      return concat(new Uint8Array(PREAMBLE), Uint8Array.from(DICM), input);
    }
    // A bare dataset (no meta header) starting in the identifying group (0008,00xx).
    if (group === 0x0008 && element < 0x0100) {
      const syntax = isVr(input[4]!, input[5]!) ? TransferSyntax.explicitLittleEndian : TransferSyntax.implicitLittleEndian;
      return concat(new Uint8Array(PREAMBLE), Uint8Array.from(DICM), metaHeader(syntax), input);
    }
  }
  throw new ImagingError('DICOM_CORRUPT', 'The file is not DICOM (no "DICM" marker)');
}

function hasMagic(input: Uint8Array, at: number): boolean {
  return input.length >= at + 4 && DICM.every((byte, i) => input[at + i] === byte);
}

function isVr(a: number, b: number): boolean {
  return a >= 0x41 && a <= 0x5a && b >= 0x41 && b <= 0x5a;
}

/** A minimal file meta group: group length + transfer syntax, explicit VR little endian. */
function metaHeader(transferSyntaxUid: string): Uint8Array {
  const uid = new TextEncoder().encode(transferSyntaxUid.length % 2 ? `${transferSyntaxUid}\0` : transferSyntaxUid);
  const out = new Uint8Array(12 + 8 + uid.length);
  const view = new DataView(out.buffer);
  out.set([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 0x04, 0x00]); // (0002,0000) UL, length 4
  view.setUint32(8, 8 + uid.length, true);
  out.set([0x02, 0x00, 0x10, 0x00, 0x55, 0x49], 12); // (0002,0010) UI
  view.setUint16(18, uid.length, true);
  out.set(uid, 20);
  return out;
}

function copy(input: Uint8Array): ArrayBuffer {
  return input.buffer.slice(input.byteOffset, input.byteOffset + input.byteLength) as ArrayBuffer;
}

function concat(...parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out.buffer;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// dcmjs (and pako inside it) throw Errors, RangeErrors from DataView, or plain strings on bad input.
function corrupt(error: unknown): ImagingError {
  return new ImagingError('DICOM_CORRUPT', 'The DICOM file is corrupt or truncated', { cause: messageOf(error).slice(0, 200) });
}
