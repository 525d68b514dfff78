/** File formats Oasis accepts, recognised by content only (file names and MIME types are untrusted). */
export type ImageFormat = 'dicom' | 'png' | 'jpeg';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** DICOM Part 10: a 128-byte preamble, then the magic 'DICM'. */
const DICOM_MAGIC_OFFSET = 128;
const DICOM_MAGIC = [0x44, 0x49, 0x43, 0x4d];

function startsWith(buffer: Uint8Array, bytes: number[], offset = 0): boolean {
  if (buffer.length < offset + bytes.length) return false;
  return bytes.every((byte, i) => buffer[offset + i] === byte);
}

export function sniffFormat(buffer: Uint8Array): ImageFormat | null {
  if (startsWith(buffer, PNG_SIGNATURE)) return 'png';
  // SOI followed by the first marker's 0xFF.
  if (startsWith(buffer, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(buffer, DICOM_MAGIC, DICOM_MAGIC_OFFSET)) return 'dicom';
  return null;
}
