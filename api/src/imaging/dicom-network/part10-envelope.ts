import { IMPLEMENTATION_CLASS_UID } from '../dicom/write-part10.js';

/**
 * A dataset received over DICOM (the bytes of the C-STORE data set, in the negotiated transfer syntax) as a
 * Part 10 file: preamble, "DICM", file meta group, then the bytes unchanged. The file is what is stored and
 * decoded, exactly like an uploaded one; the dataset itself is never re-encoded.
 */
export function part10Envelope(dataset: Uint8Array, ids: { sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string }): Buffer {
  const elements = [
    element(0x0001, 'OB', Buffer.from([0, 1])),
    element(0x0002, 'UI', uid(ids.sopClassUid)),
    element(0x0003, 'UI', uid(ids.sopInstanceUid)),
    element(0x0010, 'UI', uid(ids.transferSyntaxUid)),
    element(0x0012, 'UI', uid(IMPLEMENTATION_CLASS_UID)),
    element(0x0013, 'SH', Buffer.from('OASIS_SCP ', 'latin1')),
  ];
  const group = Buffer.concat(elements);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(group.length);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM', 'latin1'), element(0x0000, 'UL', length), group, dataset]);
}

/** UIDs are padded to even length with a NUL. */
const uid = (value: string): Buffer => Buffer.from(value.length % 2 ? `${value}\0` : value, 'latin1');

/** One explicit-VR little-endian element of group 0002. */
function element(tag: number, vr: 'OB' | 'UI' | 'UL' | 'SH', value: Buffer): Buffer {
  const long = vr === 'OB';
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(0x0002, 0);
  header.writeUInt16LE(tag, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}
