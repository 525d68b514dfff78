import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The part of the cornerstone codec decoders (OpenJPEG, CharLS, libjpeg-turbo) Oasis uses; all three share it. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getInterleaveMode?(): number;
  delete(): void;
}

type Factory = () => Promise<Record<string, new () => WasmDecoder>>;

interface JxlImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

// The ES2023 lib Oasis compiles against has no WebAssembly types; this is the one call we make.
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<object> } }).WebAssembly;

/** Each codec is compiled once per thread, on first use (about 50 ms each), and kept. */
const loaded = new Map<string, Promise<unknown>>();

function once<T>(name: string, load: () => Promise<T>): Promise<T> {
  let promise = loaded.get(name) as Promise<T> | undefined;
  if (!promise) {
    promise = load();
    loaded.set(name, promise);
  }
  return promise;
}

function cornerstone(pkg: string, decoderName: string): () => Promise<WasmDecoder> {
  return async () => {
    const module = await once(pkg, () => (require(`${pkg}/decodewasmjs`) as Factory)());
    return new module[decoderName]!();
  };
}

/** OpenJPEG (JPEG 2000), CharLS (JPEG-LS) and libjpeg-turbo (JPEG baseline/extended, 8 bit), from cornerstone. */
export const openJpegDecoder = cornerstone('@cornerstonejs/codec-openjpeg', 'J2KDecoder');
export const charLsDecoder = cornerstone('@cornerstonejs/codec-charls', 'JpegLSDecoder');
export const libJpegTurboDecoder = cornerstone('@cornerstonejs/codec-libjpeg-turbo-8bit', 'JPEGDecoder');

/** libjxl through @jsquash/jxl; its wasm is compiled from the package file (Node has no fetch for file URLs). */
export async function jxlDecode(bytes: Uint8Array): Promise<JxlImage> {
  const decode = await once('jxl', async () => {
    const jxl = (await import('@jsquash/jxl/decode.js')) as unknown as {
      init(module: object): Promise<unknown>;
      default(buffer: ArrayBuffer): Promise<JxlImage>;
    };
    await jxl.init(await wasm.compile(await readFile(require.resolve('@jsquash/jxl/codec/dec/jxl_dec.wasm'))));
    return jxl.default;
  });
  return decode(bytes.slice().buffer);
}

/** Runs a cornerstone decoder on one frame's bytes; the result is copied out of the wasm heap. */
export function runWasmDecoder(decoder: WasmDecoder, bytes: Uint8Array) {
  try {
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    return { info, interleaveMode: decoder.getInterleaveMode?.() ?? 1, data: decoder.getDecodedBuffer().slice() };
  } finally {
    decoder.delete();
  }
}
