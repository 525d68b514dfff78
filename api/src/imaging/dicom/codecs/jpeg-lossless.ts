import { Decoder } from 'jpeg-lossless-decoder-js';

/** JPEG lossless (process 14, any predictor) with jpeg-lossless-decoder-js; samples come back little-endian. */
export function jpegLosslessDecode(bytes: Uint8Array, bytesPerSample: 1 | 2): Uint8Array {
  const copy = bytes.slice();
  const samples = new Decoder().decode(copy.buffer, 0, copy.length, bytesPerSample) as Uint8Array | Uint16Array;
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
