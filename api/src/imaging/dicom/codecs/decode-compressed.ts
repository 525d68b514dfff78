import { ImagingError } from '../../imaging-error.js';
import { interleavedRgbToGray } from '../color.js';
import type { PixelLayout } from '../pixel-layout.js';
import type { PixelEncoding } from '../transfer-syntax.js';
import { type CodestreamHeader, j2kHeader, jpegHeader } from './codestream-header.js';
import { jpegLosslessDecode } from './jpeg-lossless.js';
import { charLsDecoder, jxlDecode, libJpegTurboDecoder, openJpegDecoder, runWasmDecoder, type WasmDecoder } from './wasm-codecs.js';

export type CompressedEncoding = Exclude<PixelEncoding, { kind: 'native' } | { kind: 'rle' }>;

/** A decompressed frame in native form (little-endian samples) and the layout that describes it. */
export interface NativeFrame {
  bytes: Uint8Array;
  layout: PixelLayout;
}

/**
 * One compressed frame to native samples with a maintained codec: libjpeg-turbo (JPEG baseline/extended),
 * jpeg-lossless-decoder-js (JPEG lossless), CharLS (JPEG-LS), OpenJPEG (JPEG 2000), libjxl (JPEG-XL).
 * Codecs that undo a colour transform (JPEG YCbCr, JPEG 2000 ICT/RCT, JPEG-XL) hand back RGB.
 */
export async function decodeCompressedFrame(bytes: Uint8Array, layout: PixelLayout, encoding: CompressedEncoding): Promise<NativeFrame> {
  try {
    switch (encoding.kind) {
      case 'jpeg':
        checkHeader(jpegHeader(bytes), layout, 8, 'JPEG');
        return fromWasm(await libJpegTurboDecoder(), bytes, layout, true);
      case 'jpeg-lossless': {
        const header = checkHeader(jpegHeader(bytes), layout, 16, 'JPEG lossless');
        const data = jpegLosslessDecode(bytes, header.precision > 8 ? 2 : 1);
        return { bytes: data, layout: { ...layout, bitsAllocated: header.precision > 8 ? 16 : 8, planar: false } };
      }
      case 'jpeg-ls':
        checkHeader(jpegHeader(bytes), layout, 16, 'JPEG-LS');
        return fromWasm(await charLsDecoder(), bytes, layout, false);
      case 'jpeg2000':
        checkHeader(j2kHeader(bytes), layout, 16, 'JPEG 2000', false);
        return fromWasm(await openJpegDecoder(), bytes, layout, true);
      case 'jpeg-xl':
        return fromJxl(await jxlDecode(bytes), layout);
    }
  } catch (error) {
    if (error instanceof ImagingError) throw error;
    throw new ImagingError('DICOM_CORRUPT', 'A compressed frame in the DICOM file cannot be decoded', { cause: describe(error) });
  }
}

function checkHeader(header: CodestreamHeader | null, layout: PixelLayout, maxPrecision: number, name: string, required = true): CodestreamHeader {
  if (!header) {
    if (required) throw new ImagingError('DICOM_CORRUPT', `A ${name} frame in the DICOM file has no frame header`);
    return { width: layout.columns, height: layout.rows, precision: layout.bitsStored, components: layout.samplesPerPixel };
  }
  if (header.width !== layout.columns || header.height !== layout.rows) {
    throw new ImagingError('DICOM_CORRUPT', `A ${name} frame does not match the DICOM Rows and Columns`, {
      rows: layout.rows,
      columns: layout.columns,
      frameWidth: header.width,
      frameHeight: header.height,
    });
  }
  if (header.precision > maxPrecision) {
    throw new ImagingError('DICOM_UNSUPPORTED_PIXELS', `${name} frames of ${header.precision}-bit precision are not supported (up to ${maxPrecision})`, {
      precision: header.precision,
    });
  }
  return header;
}

function fromWasm(decoder: WasmDecoder, bytes: Uint8Array, layout: PixelLayout, convertsColour: boolean): NativeFrame {
  const { info, interleaveMode, data } = runWasmDecoder(decoder, bytes);
  if (info.width !== layout.columns || info.height !== layout.rows) {
    throw new ImagingError('DICOM_CORRUPT', 'A compressed frame does not match the DICOM Rows and Columns', { rows: layout.rows, columns: layout.columns });
  }
  const colour = info.componentCount === 3;
  if (colour && layout.samplesPerPixel === 1 && info.bitsPerSample <= 8) {
    // Some encoders write a gray image as a 3-component JPEG; the DICOM header (one sample) is what counts.
    return { bytes: interleavedRgbToGray(data, info.width * info.height), layout: { ...layout, bitsAllocated: 8, planar: false } };
  }
  return {
    bytes: data,
    layout: {
      ...layout,
      samplesPerPixel: info.componentCount,
      bitsAllocated: info.bitsPerSample > 8 ? 16 : 8,
      signed: info.isSigned,
      // CharLS keeps a non-interleaved (plane by plane) scan planar.
      planar: colour && !convertsColour && interleaveMode === 0,
      photometric: colour && convertsColour ? 'RGB' : layout.photometric,
    },
  };
}

/** @jsquash/jxl always hands back 8-bit RGBA: RGB for colour, the first channel for a single-sample image. */
function fromJxl(image: { width: number; height: number; data: Uint8ClampedArray }, layout: PixelLayout): NativeFrame {
  if (image.width !== layout.columns || image.height !== layout.rows) {
    throw new ImagingError('DICOM_CORRUPT', 'A JPEG-XL frame does not match the DICOM Rows and Columns', { rows: layout.rows, columns: layout.columns });
  }
  const pixels = image.width * image.height;
  const samples = layout.samplesPerPixel === 1 ? 1 : 3;
  const out = new Uint8Array(pixels * samples);
  for (let i = 0, j = 0; i < pixels; i++, j += 4) {
    out[i * samples] = image.data[j]!;
    if (samples === 3) {
      out[i * 3 + 1] = image.data[j + 1]!;
      out[i * 3 + 2] = image.data[j + 2]!;
    }
  }
  return {
    bytes: out,
    layout: { ...layout, bitsAllocated: 8, bitsStored: 8, highBit: 7, planar: false, photometric: samples === 3 ? 'RGB' : layout.photometric },
  };
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : typeof error === 'number' ? `codec error ${error}` : String(error)).slice(0, 200);
}
