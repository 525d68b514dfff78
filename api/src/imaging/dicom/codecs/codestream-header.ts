/** Size and precision a compressed frame declares, read before decoding so a lying header allocates nothing. */
export interface CodestreamHeader {
  width: number;
  height: number;
  precision: number;
  components: number;
}

/** SOFn of a JPEG stream (baseline, extended, lossless) or SOF55 of JPEG-LS; null when there is none. */
export function jpegHeader(bytes: Uint8Array): CodestreamHeader | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte
      continue;
    }
    const length = (bytes[pos + 2]! << 8) | bytes[pos + 3]!;
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof) {
      if (pos + 10 > bytes.length) return null;
      return {
        precision: bytes[pos + 4]!,
        height: (bytes[pos + 5]! << 8) | bytes[pos + 6]!,
        width: (bytes[pos + 7]! << 8) | bytes[pos + 8]!,
        components: bytes[pos + 9]!,
      };
    }
    if (marker === 0xda) return null; // scan before any frame header
    pos += 2 + length;
  }
  return null;
}

/** SIZ of a JPEG 2000 codestream (FF4F FF51); null when there is none (e.g. a JP2 box wrapper). */
export function j2kHeader(bytes: Uint8Array): CodestreamHeader | null {
  if (bytes.length < 42 || bytes[0] !== 0xff || bytes[1] !== 0x4f || bytes[2] !== 0xff || bytes[3] !== 0x51) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const components = view.getUint16(40);
  return {
    width: view.getUint32(8) - view.getUint32(16),
    height: view.getUint32(12) - view.getUint32(20),
    components,
    precision: bytes.length > 42 ? (bytes[42]! & 0x7f) + 1 : 0,
  };
}
