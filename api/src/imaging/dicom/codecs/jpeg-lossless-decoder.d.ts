// jpeg-lossless-decoder-js names a declaration file it does not ship; this describes the part Oasis uses.
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decodes a JPEG lossless stream; `numBytes` is the bytes per output sample (1 or 2). */
    decode(buffer: ArrayBuffer, offset: number, length: number, numBytes: number): Uint8Array | Uint16Array;
  }
}
