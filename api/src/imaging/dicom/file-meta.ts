import { ImagingError } from '../imaging-error.js';

export interface FileMeta {
  transferSyntaxUid: string;
  /** Media Storage SOP Class and Instance UIDs (0002,0002) and (0002,0003), when present. */
  sopClassUid: string | null;
  sopInstanceUid: string | null;
  /** Offset of the first dataset element, right after the (0002,xxxx) group. */
  datasetStart: number;
  /** Where the (0002,0000) value sits, when there is one, so a wrong one can be corrected for the parser. */
  groupLengthValueAt: number | null;
  /** Quirks accepted (as pydicom and DCMTK accept them), for the log. */
  warnings: string[];
}

const META_START = 132; // 128-byte preamble + "DICM"
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Walks the file meta group (always explicit VR little endian) for the transfer syntax and where the dataset starts. */
export function readFileMeta(bytes: Uint8Array): FileMeta {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = META_START;
  let transferSyntaxUid: string | null = null;
  let sopClassUid: string | null = null;
  let sopInstanceUid: string | null = null;
  let groupLength: number | null = null;
  let groupLengthValueAt: number | null = null;
  const seen = new Set<number>();
  const warnings: string[] = [];
  while (pos + 8 <= bytes.length && view.getUint16(pos, true) === 0x0002) {
    const element = view.getUint16(pos + 2, true);
    const vr = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!);
    const long = LONG_VRS.has(vr);
    if (long && pos + 12 > bytes.length) break;
    const length = long ? view.getUint32(pos + 8, true) : view.getUint16(pos + 6, true);
    const valueStart = pos + (long ? 12 : 8);
    if (valueStart + length > bytes.length) fail('the file meta header is cut off');
    if (seen.has(element)) warnings.push(`file meta element (0002,${hex4(element)}) appears twice; the last is used, as the parser does`);
    if (element === 0x0000 && length === 4 && !seen.has(element)) {
      groupLength = view.getUint32(valueStart, true);
      groupLengthValueAt = valueStart;
    }
    const text = () => new TextDecoder('latin1').decode(bytes.subarray(valueStart, valueStart + length)).replace(/[\0 ]+$/, '');
    if (element === 0x0010) transferSyntaxUid = text();
    if (element === 0x0002) sopClassUid = text() || null;
    if (element === 0x0003) sopInstanceUid = text() || null;
    seen.add(element);
    pos = valueStart + length;
  }
  if (!transferSyntaxUid) fail('the file meta header has no transfer syntax');
  // Scanners get (0002,0000) wrong (ATL, Philips) or add an element past it (GE): the walked elements are trusted.
  if (groupLength !== null && META_START + 12 + groupLength !== pos) {
    warnings.push(`file meta group length (0002,0000) says ${groupLength} bytes, the elements take ${pos - META_START - 12}`);
  }
  return { transferSyntaxUid, sopClassUid, sopInstanceUid, datasetStart: pos, groupLengthValueAt, warnings };
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}

function fail(why: string): never {
  throw new ImagingError('DICOM_CORRUPT', `The DICOM file is corrupt or truncated: ${why}`);
}
