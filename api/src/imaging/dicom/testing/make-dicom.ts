import dcmjs from 'dcmjs';
import type { NaturalizedDataset } from 'dcmjs';
import jpeg from 'jpeg-js';
import { deflateRawSync } from 'node:zlib';
import { writePart10 } from '../write-part10.js';
import { TransferSyntax } from '../transfer-syntax.js';
import { encodeRleFrame } from './rle-encode.js';

/** Test helper: writes real DICOM Part 10 files (through dcmjs) so readers are tested on genuine bytes. */

export type TransferSyntaxOption = 'explicit-le' | 'implicit-le' | 'big-endian' | 'deflate' | 'jpeg-baseline' | 'rle' | (string & {});

export interface UltrasoundRegionOption {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** PhysicalDeltaX/Y in the region's units (cm per pixel when the units are 3). */
  deltaXcm: number;
  deltaYcm: number;
  /** PhysicalUnitsX/YDirection; default 3 (cm). */
  unitsX?: number;
  unitsY?: number;
  /** RegionSpatialFormat; default 1 (2D). Use 3 for a spectral Doppler strip. */
  spatialFormat?: number;
}

export interface MakeDicomOptions {
  rows?: number;
  cols?: number;
  frames?: number;
  bitsAllocated?: 8 | 16;
  /** Default bitsAllocated. */
  bitsStored?: number;
  /** 1 for signed (two's complement) samples. */
  pixelRepresentation?: 0 | 1;
  photometric?: 'MONOCHROME2' | 'MONOCHROME1' | 'RGB';
  /** RGB only: 0 interleaved (default), 1 planar. */
  planarConfiguration?: 0 | 1;
  /** Sample value at (x, y) of a frame; `sample` is 0..2 for RGB. Default: gradient with a dark elliptical lesion. */
  pixel?: (x: number, y: number, frame: number, sample: number) => number;
  /** Every sample gets this value (overrides `pixel`). */
  fill?: number;
  /** Default 'explicit-le'; any other string is written as that UID with the native bytes as one fragment per frame. */
  transferSyntax?: TransferSyntaxOption;
  /** jpeg-js quality, default 95. */
  jpegQuality?: number;
  windowCenter?: number;
  windowWidth?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  /** [row spacing, column spacing] in mm, as (0028,0030) stores it. */
  pixelSpacing?: [number, number];
  ultrasoundRegions?: UltrasoundRegionOption[];
  patient?: { name?: string; id?: string; sex?: string; birthDate?: string };
  /** PatientName already encoded in `charset` (dcmjs writes text as UTF-8 only); replaces `patient.name`. */
  patientNameBytes?: Uint8Array;
  /** SpecificCharacterSet; default 'ISO_IR 192' (UTF-8). */
  charset?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  modality?: string;
  studyDate?: string;
  studyDescription?: string;
  bodyPartExamined?: string;
  manufacturer?: string;
  manufacturerModelName?: string;
  omitPixelData?: boolean;
  /** More attributes in dcmjs naturalized form (keyword → value), applied last. */
  extra?: NaturalizedDataset;
}

const US_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.6.1';
const US_MULTIFRAME_STORAGE = '1.2.840.10008.5.1.4.1.1.3.1';

const SYNTAX_UIDS: Record<string, string> = {
  'explicit-le': TransferSyntax.explicitLittleEndian,
  'implicit-le': TransferSyntax.implicitLittleEndian,
  'big-endian': TransferSyntax.explicitBigEndian,
  deflate: TransferSyntax.deflatedExplicitLittleEndian,
  'jpeg-baseline': TransferSyntax.jpegBaseline,
  rle: TransferSyntax.rleLossless,
};

/**
 * The samples makeDicom writes for each frame (before any lossy encoding), pixel-interleaved for RGB,
 * so tests can compare what they read back.
 */
export function makePixels(options: MakeDicomOptions = {}): number[][] {
  const { rows = 64, cols = 64, frames = 1, bitsAllocated = 8, photometric = 'MONOCHROME2' } = options;
  const samples = photometric === 'RGB' ? 3 : 1;
  const pixel = options.fill !== undefined ? () => options.fill! : (options.pixel ?? defaultPixel(rows, cols, bitsAllocated));
  return Array.from({ length: frames }, (_, f) => {
    const out = new Array<number>(rows * cols * samples);
    for (let y = 0, i = 0; y < rows; y++) for (let x = 0; x < cols; x++) for (let s = 0; s < samples; s++) out[i++] = pixel(x, y, f, s);
    return out;
  });
}

/** A gradient left to right with a dark ellipse ("lesion") that moves 2 px right per frame. */
function defaultPixel(rows: number, cols: number, bitsAllocated: number) {
  const scale = bitsAllocated === 16 ? 16 : 1;
  return (x: number, y: number, frame: number) => {
    const dx = (x - cols * 0.5 - 2 * frame) / (cols * 0.18);
    const dy = (y - rows * 0.55) / (rows * 0.12);
    const base = dx * dx + dy * dy <= 1 ? 20 : 40 + Math.round((160 * x) / Math.max(1, cols - 1));
    return base * scale;
  };
}

export function makeDicom(options: MakeDicomOptions = {}): Uint8Array {
  const { rows = 64, cols = 64, frames = 1, bitsAllocated = 8, photometric = 'MONOCHROME2' } = options;
  const syntaxOption = options.transferSyntax ?? 'explicit-le';
  const transferSyntaxUid = SYNTAX_UIDS[syntaxOption] ?? syntaxOption;
  const jpegBaseline = transferSyntaxUid === TransferSyntax.jpegBaseline;
  const sopInstanceUid = options.sopInstanceUid ?? dcmjs.data.DicomMetaDictionary.uid();
  const sopClassUid = frames > 1 ? US_MULTIFRAME_STORAGE : US_IMAGE_STORAGE;
  const nameBytes = options.patientNameBytes && evenLength(options.patientNameBytes);
  // A same-length ASCII stand-in that is swapped for the pre-encoded bytes after writing.
  const namePlaceholder = nameBytes ? '\u007e'.repeat(nameBytes.length) : undefined;

  const dataset: NaturalizedDataset = {
    SpecificCharacterSet: options.charset ?? 'ISO_IR 192',
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: options.studyInstanceUid ?? dcmjs.data.DicomMetaDictionary.uid(),
    SeriesInstanceUID: options.seriesInstanceUid ?? dcmjs.data.DicomMetaDictionary.uid(),
    Modality: options.modality ?? 'US',
    StudyDate: options.studyDate ?? '20240315',
    Rows: rows,
    Columns: cols,
    BitsAllocated: bitsAllocated,
    BitsStored: options.bitsStored ?? bitsAllocated,
    HighBit: (options.bitsStored ?? bitsAllocated) - 1,
    PixelRepresentation: options.pixelRepresentation ?? 0,
    _vrMap: {} as Record<string, string>,
  };
  if (jpegBaseline && photometric === 'RGB') {
    // What ultrasound scanners write: JPEG in YCbCr, 4:2:2 declared.
    Object.assign(dataset, { SamplesPerPixel: 3, PhotometricInterpretation: 'YBR_FULL_422', PlanarConfiguration: 0 });
  } else if (photometric === 'RGB') {
    Object.assign(dataset, { SamplesPerPixel: 3, PhotometricInterpretation: 'RGB', PlanarConfiguration: options.planarConfiguration ?? 0 });
  } else {
    // jpeg-js cannot write a one-component JPEG; grey frames are stored as 3 equal components.
    Object.assign(dataset, { SamplesPerPixel: 1, PhotometricInterpretation: photometric });
  }
  if (frames > 1) dataset.NumberOfFrames = frames;
  const optional: NaturalizedDataset = {
    StudyDescription: options.studyDescription,
    BodyPartExamined: options.bodyPartExamined,
    Manufacturer: options.manufacturer,
    ManufacturerModelName: options.manufacturerModelName,
    WindowCenter: options.windowCenter,
    WindowWidth: options.windowWidth,
    RescaleSlope: options.rescaleSlope,
    RescaleIntercept: options.rescaleIntercept,
    PixelSpacing: options.pixelSpacing,
    PatientName: namePlaceholder ?? options.patient?.name,
    PatientID: options.patient?.id,
    PatientSex: options.patient?.sex,
    PatientBirthDate: options.patient?.birthDate,
    SequenceOfUltrasoundRegions: options.ultrasoundRegions?.map(regionItem),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) dataset[key] = value;
  if (typeof dataset.PatientName === 'string') dataset.PatientName = [{ Alphabetic: dataset.PatientName }];
  if (!options.omitPixelData) {
    const framesBytes = encodeFrames(makePixels(options), options, transferSyntaxUid);
    dataset.PixelData = framesBytes;
    (dataset._vrMap as Record<string, string>).PixelData = bitsAllocated === 16 && framesBytes.length === 1 && !isEncapsulated(transferSyntaxUid) ? 'OW' : 'OB';
  }
  Object.assign(dataset, options.extra);

  const deflate = transferSyntaxUid === TransferSyntax.deflatedExplicitLittleEndian;
  let file = writePart10(dataset, { sopClassUid, sopInstanceUid, transferSyntaxUid, implementationVersion: 'OASIS_TEST' });
  if (nameBytes && namePlaceholder) file = replaceBytes(file, new TextEncoder().encode(namePlaceholder), nameBytes);
  return deflate ? deflateDataset(file) : file;
}

/** The first `bytes` bytes of a file, as a cut-off upload would leave it. */
export function truncate(buffer: Uint8Array, bytes: number): Uint8Array {
  return buffer.slice(0, Math.max(0, bytes));
}

function regionItem(r: UltrasoundRegionOption): NaturalizedDataset {
  return {
    RegionSpatialFormat: r.spatialFormat ?? 1,
    RegionDataType: r.spatialFormat === 3 ? 3 : 1,
    RegionFlags: 0,
    RegionLocationMinX0: r.x0,
    RegionLocationMinY0: r.y0,
    RegionLocationMaxX1: r.x1,
    RegionLocationMaxY1: r.y1,
    PhysicalUnitsXDirection: r.unitsX ?? 3,
    PhysicalUnitsYDirection: r.unitsY ?? 3,
    PhysicalDeltaX: r.deltaXcm,
    PhysicalDeltaY: r.deltaYcm,
  };
}

function isEncapsulated(uid: string): boolean {
  return ![
    TransferSyntax.explicitLittleEndian,
    TransferSyntax.implicitLittleEndian,
    TransferSyntax.explicitBigEndian,
    TransferSyntax.deflatedExplicitLittleEndian,
  ].includes(uid as never);
}

/** Native PixelData is one buffer holding every frame; encapsulated PixelData is one buffer per frame. */
function encodeFrames(frames: number[][], options: MakeDicomOptions, uid: string): ArrayBuffer[] {
  const { rows = 64, cols = 64, bitsAllocated = 8, photometric = 'MONOCHROME2' } = options;
  const samples = photometric === 'RGB' ? 3 : 1;
  const planar = samples === 3 && options.planarConfiguration === 1;
  if (uid === TransferSyntax.jpegBaseline) {
    return frames.map((frame) => {
      const rgba = new Uint8Array(rows * cols * 4);
      for (let i = 0; i < rows * cols; i++) {
        for (let c = 0; c < 3; c++) rgba[4 * i + c] = frame[i * samples + (samples === 3 ? c : 0)]!;
        rgba[4 * i + 3] = 255;
      }
      return toArrayBuffer(jpeg.encode({ width: cols, height: rows, data: rgba }, options.jpegQuality ?? 95).data);
    });
  }
  if (uid === TransferSyntax.rleLossless) {
    return frames.map((frame) => {
      const planes = Array.from({ length: samples }, (_, s) => frame.filter((_, i) => i % samples === s).map((v) => v & 0xffff));
      return toArrayBuffer(encodeRleFrame(planes, bitsAllocated === 16 ? 2 : 1));
    });
  }
  const littleEndian = uid !== TransferSyntax.explicitBigEndian;
  const encoded = frames.map((frame) => nativeBytes(planar ? toPlanar(frame, samples) : frame, bitsAllocated, littleEndian));
  if (isEncapsulated(uid)) return encoded.map(toArrayBuffer);
  const all = new Uint8Array(evenSize(encoded.reduce((n, f) => n + f.length, 0)));
  encoded.forEach((f, i) => all.set(f, i * f.length));
  return [all.buffer];
}

function nativeBytes(samples: number[], bitsAllocated: number, littleEndian: boolean): Uint8Array {
  if (bitsAllocated === 8) return Uint8Array.from(samples, (v) => v & 0xff);
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  samples.forEach((v, i) => view.setUint16(2 * i, v & 0xffff, littleEndian));
  return out;
}

function toPlanar(interleaved: number[], samples: number): number[] {
  const pixels = interleaved.length / samples;
  const out = new Array<number>(interleaved.length);
  for (let i = 0; i < pixels; i++) for (let s = 0; s < samples; s++) out[s * pixels + i] = interleaved[i * samples + s]!;
  return out;
}

/** Re-encodes the dataset after the meta group with raw deflate, as (1.2.840.10008.1.2.1.99) requires. */
function deflateDataset(file: Uint8Array): Uint8Array {
  // Preamble (128) + "DICM" (4) + (0002,0000) UL header (8) + its 4-byte value = 144, then the rest of the meta group.
  const metaEnd = 144 + new DataView(file.buffer, file.byteOffset).getUint32(140, true);
  const deflated = deflateRawSync(file.subarray(metaEnd));
  const out = new Uint8Array(metaEnd + deflated.length);
  out.set(file.subarray(0, metaEnd));
  out.set(deflated, metaEnd);
  return out;
}

function replaceBytes(file: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const at = Buffer.from(file).indexOf(Buffer.from(from));
  if (at < 0) throw new Error('makeDicom: placeholder for patientNameBytes not found');
  const out = file.slice();
  out.set(to, at);
  return out;
}

function evenLength(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = 0x20; // PN pads with a space
  return out;
}

function evenSize(n: number): number {
  return n + (n % 2);
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}
