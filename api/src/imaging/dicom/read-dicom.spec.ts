import { scaleFor } from '../calibration.js';
import { ImagingError, type ImagingProblem } from '../imaging-error.js';
import { parsePart10 } from './parse-part10.js';
import { readDicom } from './read-dicom.js';
import { makeDicom, makePixels, truncate, type MakeDicomOptions } from './testing/make-dicom.js';

function problemOf(run: () => unknown): ImagingProblem | 'no error' | 'not an ImagingError' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return error instanceof ImagingError ? error.problem : 'not an ImagingError';
  }
}

function errorOf(run: () => unknown): ImagingError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImagingError) return error;
    throw error;
  }
  throw new Error('expected an ImagingError');
}

/** Deterministic bytes, so a failure reproduces. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  for (let i = 0; i < length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
};

describe('readDicom: transfer syntaxes', () => {
  const shape: MakeDicomOptions = { rows: 48, cols: 64, frames: 2 };

  it.each(['explicit-le', 'implicit-le', 'big-endian', 'deflate', 'rle'])('%s round-trips 8-bit pixels exactly', (transferSyntax) => {
    const image = readDicom(makeDicom({ ...shape, transferSyntax }));
    const expected = makePixels(shape);
    expect(image.frames).toHaveLength(2);
    expect(image.frames[0]).toMatchObject({ width: 64, height: 48 });
    expect(Array.from(image.frames[0]!.data)).toEqual(expected[0]);
    expect(Array.from(image.frames[1]!.data)).toEqual(expected[1]);
  });

  it.each([
    ['explicit-le', '1.2.840.10008.1.2.1'],
    ['implicit-le', '1.2.840.10008.1.2'],
    ['big-endian', '1.2.840.10008.1.2.2'],
    ['deflate', '1.2.840.10008.1.2.1.99'],
    ['rle', '1.2.840.10008.1.2.5'],
  ])('%s round-trips 16-bit pixels exactly (byte order included)', (transferSyntax, uid) => {
    // Stored i * 256 + 1 (i = 0..255) spans 1..65281; min-max maps it back to exactly i. Swapped bytes would not.
    const image = readDicom(makeDicom({ rows: 16, cols: 16, bitsAllocated: 16, pixel: (x, y) => (y * 16 + x) * 256 + 1, transferSyntax }));
    expect(image.transferSyntaxUid).toBe(uid);
    expect(Array.from(image.frames[0]!.data)).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  it('JPEG Baseline frames decode close to the original', () => {
    const options: MakeDicomOptions = { rows: 96, cols: 128, frames: 3, transferSyntax: 'jpeg-baseline' };
    const image = readDicom(makeDicom(options));
    const expected = makePixels(options);
    expect(image.transferSyntaxUid).toBe('1.2.840.10008.1.2.4.50');
    expect(image.frames).toHaveLength(3);
    image.frames.forEach((frame, f) => {
      expect(frame).toMatchObject({ width: 128, height: 96 });
      expect(meanAbsDiff(frame.data, expected[f]!)).toBeLessThan(2);
    });
    // The lesion (value 20) sits at the centre, moving 2 px right per frame.
    expect(Math.abs(image.frames[2]!.data[53 * 128 + 68]! - 20)).toBeLessThanOrEqual(6);
  });

  it('JPEG Baseline colour (YBR_FULL_422, as scanners write it) becomes luma', () => {
    const red = readDicom(makeDicom({ rows: 32, cols: 32, photometric: 'RGB', transferSyntax: 'jpeg-baseline', pixel: (_x, _y, _f, s) => (s === 0 ? 200 : 40) }));
    // 0.299*200 + 0.587*40 + 0.114*40 = 87.8
    expect(Math.abs(red.frames[0]!.data[16 * 32 + 16]! - 88)).toBeLessThanOrEqual(3);
  });

  it('reads a file whose 128-byte preamble is missing, or that lacks the meta header', () => {
    const file = makeDicom({ rows: 8, cols: 8, fill: 77 });
    expect(readDicom(file.subarray(128)).frames[0]!.data[0]).toBe(77); // starts at "DICM"
    expect(readDicom(file.subarray(132)).frames[0]!.data[0]).toBe(77); // starts at (0002,0000)
    const metaEnd = 144 + new DataView(file.buffer, file.byteOffset).getUint32(140, true);
    const bare = readDicom(file.subarray(metaEnd)); // a bare explicit-VR dataset starting at (0008,0005)
    expect(bare.frames[0]!.data[63]).toBe(77);
    expect(bare.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    const implicit = makeDicom({ rows: 8, cols: 8, fill: 66, transferSyntax: 'implicit-le' });
    const implicitMetaEnd = 144 + new DataView(implicit.buffer, implicit.byteOffset).getUint32(140, true);
    const bareImplicit = readDicom(implicit.subarray(implicitMetaEnd));
    expect(bareImplicit.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(bareImplicit.frames[0]!.data[5]).toBe(66);
  });
});

describe('readDicom: pixel handling', () => {
  it('applies WindowCenter/WindowWidth to 16-bit data (PS3.3 linear VOI)', () => {
    const image = readDicom(makeDicom({ rows: 1, cols: 5, bitsAllocated: 16, windowCenter: 1000, windowWidth: 1001, pixel: (x) => [0, 500, 1000, 1200, 1600][x]! }));
    // c - 0.5 = 999.5, w - 1 = 1000: ((x - 999.5) / 1000 + 0.5) * 255 inside [499.5, 1499.5]
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 0, 128, 179, 255]);
  });

  it('applies RescaleSlope/Intercept and a signed PixelRepresentation before the window', () => {
    // CT-like: stored -1000 (air), 40 and 240 with a soft-tissue window 40/400.
    const signed = readDicom(makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, pixelRepresentation: 1, windowCenter: 40, windowWidth: 400, pixel: (x) => [-1000, 40, 240][x]! }));
    expect(Array.from(signed.frames[0]!.data)).toEqual([0, 128, 255]);
    // Unsigned stored 1024 + slope 1, intercept -1024 → 0 HU; 1064 → 40 HU.
    const rescaled = readDicom(
      makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: 40, windowWidth: 400, pixel: (x) => [0, 1064, 1264][x]! }),
    );
    expect(Array.from(rescaled.frames[0]!.data)).toEqual([0, 128, 255]);
  });

  it('scales 16-bit data over the frame min-max when there is no window', () => {
    const image = readDicom(makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, pixel: (x) => [100, 2100, 4100][x]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 128, 255]);
    const flat = readDicom(makeDicom({ rows: 2, cols: 2, bitsAllocated: 16, fill: 3000 }));
    expect(Array.from(flat.frames[0]!.data)).toEqual([0, 0, 0, 0]);
  });

  it('masks bits above BitsStored', () => {
    // 12 bits stored; garbage in the top nibble must be ignored.
    const image = readDicom(makeDicom({ rows: 1, cols: 2, bitsAllocated: 16, bitsStored: 12, windowCenter: 2048, windowWidth: 4096, pixel: (x) => [0xf000, 0xafff][x]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 255]);
  });

  it('inverts MONOCHROME1', () => {
    const eight = readDicom(makeDicom({ rows: 2, cols: 2, photometric: 'MONOCHROME1', pixel: (x, y) => [10, 200][x]! + y }));
    expect(Array.from(eight.frames[0]!.data)).toEqual([245, 55, 244, 54]);
    const sixteen = readDicom(makeDicom({ rows: 1, cols: 2, bitsAllocated: 16, photometric: 'MONOCHROME1', pixel: (x) => [0, 4000][x]! }));
    expect(Array.from(sixteen.frames[0]!.data)).toEqual([255, 0]);
    const jpeg = readDicom(makeDicom({ rows: 16, cols: 16, photometric: 'MONOCHROME1', transferSyntax: 'jpeg-baseline', fill: 30 }));
    expect(Math.abs(jpeg.frames[0]!.data[100]! - 225)).toBeLessThanOrEqual(2);
  });

  it.each([0, 1] as const)('converts RGB (PlanarConfiguration %d) to luma', (planarConfiguration) => {
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [90, 90, 90],
    ];
    const image = readDicom(makeDicom({ rows: 1, cols: 4, photometric: 'RGB', planarConfiguration, pixel: (x, _y, _f, s) => colours[x]![s]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([76, 150, 29, 90]);
  });

  it('converts RGB carried in RLE to luma', () => {
    const image = readDicom(makeDicom({ rows: 1, cols: 2, photometric: 'RGB', transferSyntax: 'rle', pixel: (x, _y, _f, s) => (x === 0 ? [255, 0, 0] : [10, 10, 10])[s]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([76, 10]);
  });

  it('takes Y from native YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair)', () => {
    const pixelData = new Uint8Array([10, 20, 128, 128, 30, 40, 128, 128]).buffer;
    const image = readDicom(
      makeDicom({ rows: 1, cols: 4, photometric: 'RGB', extra: { PhotometricInterpretation: 'YBR_FULL_422', PixelData: [pixelData] } }),
    );
    expect(Array.from(image.frames[0]!.data)).toEqual([10, 20, 30, 40]);
  });

  it('maps PALETTE COLOR through its lookup tables', () => {
    const table = (f: (i: number) => number) => new Uint16Array(Array.from({ length: 256 }, (_, i) => f(i) * 257)).buffer;
    const image = readDicom(
      makeDicom({
        rows: 1,
        cols: 3,
        pixel: (x) => [0, 100, 255][x]!,
        extra: {
          PhotometricInterpretation: 'PALETTE COLOR',
          RedPaletteColorLookupTableDescriptor: [256, 0, 16],
          GreenPaletteColorLookupTableDescriptor: [256, 0, 16],
          BluePaletteColorLookupTableDescriptor: [256, 0, 16],
          RedPaletteColorLookupTableData: table((i) => i),
          GreenPaletteColorLookupTableData: table((i) => i),
          BluePaletteColorLookupTableData: table((i) => 255 - i),
        },
      }),
    );
    // luma = 0.299 i + 0.587 i + 0.114 (255 - i)
    expect(Array.from(image.frames[0]!.data)).toEqual([29, 106, 226]);
  });

  it('refuses PALETTE COLOR without lookup tables', () => {
    const file = makeDicom({ rows: 2, cols: 2, extra: { PhotometricInterpretation: 'PALETTE COLOR' } });
    expect(problemOf(() => readDicom(file))).toBe('DICOM_UNSUPPORTED_TRANSFER_SYNTAX');
  });

  it('returns every frame of a multi-frame cine with its own content', () => {
    const image = readDicom(makeDicom({ rows: 10, cols: 12, frames: 5, pixel: (x, _y, f) => f * 40 + x }));
    expect(image.frames).toHaveLength(5);
    image.frames.forEach((frame, f) => {
      expect(frame.data).toHaveLength(120);
      expect(frame.data[0]).toBe(f * 40);
      expect(frame.data[11]).toBe(f * 40 + 11);
    });
    // The frames are independent copies: editing one leaves the others alone.
    image.frames[0]!.data[0] = 99;
    expect(image.frames[1]!.data[0]).toBe(40);
  });

  it('decodes an 800x600 8-bit frame in a few milliseconds', () => {
    const file = makeDicom({ rows: 600, cols: 800 });
    readDicom(file); // warm-up
    const start = performance.now();
    const runs = 10;
    for (let i = 0; i < runs; i++) readDicom(file);
    const perFrameMs = (performance.now() - start) / runs;
    expect(perFrameMs).toBeLessThan(25); // typically ~2 ms; generous for loaded CI machines
  });
});

describe('readDicom: calibration', () => {
  it('uses PixelSpacing (row spacing \\ column spacing)', () => {
    const image = readDicom(makeDicom({ rows: 8, cols: 8, pixelSpacing: [0.5, 0.25] }));
    expect(image.calibration).toEqual({ source: 'pixel-spacing', mmPerPixelX: 0.25, mmPerPixelY: 0.5 });
  });

  it('prefers PixelSpacing over ultrasound regions', () => {
    const image = readDicom(makeDicom({ rows: 8, cols: 8, pixelSpacing: [0.3, 0.3], ultrasoundRegions: [{ x0: 0, y0: 0, x1: 7, y1: 7, deltaXcm: 0.01, deltaYcm: 0.01 }] }));
    expect(image.calibration.source).toBe('pixel-spacing');
  });

  it('reads ultrasound regions in cm, skipping regions in other units or without deltas', () => {
    const image = readDicom(
      makeDicom({
        rows: 600,
        cols: 800,
        ultrasoundRegions: [
          { x0: 100, y0: 50, x1: 699, y1: 399, deltaXcm: 0.0125, deltaYcm: 0.0125 }, // B-mode
          { x0: 100, y0: 420, x1: 699, y1: 579, deltaXcm: 0.02, deltaYcm: 0.015 }, // Doppler strip, distance axes in cm
          { x0: 100, y0: 420, x1: 699, y1: 579, deltaXcm: 0.004, deltaYcm: 1.5, unitsX: 4, unitsY: 7 }, // seconds × cm/s
          { x0: 0, y0: 0, x1: 99, y1: 49, deltaXcm: 0, deltaYcm: 0.01 }, // zero delta
        ],
      }),
    );
    expect(image.calibration.source).toBe('ultrasound-regions');
    if (image.calibration.source !== 'ultrasound-regions') return;
    const [bMode, strip, ...rest] = image.calibration.regions;
    expect(rest).toEqual([]);
    expect(bMode).toMatchObject({ x0: 100, y0: 50, x1: 699, y1: 399 });
    expect(bMode!.mmPerPixelX).toBeCloseTo(0.125, 10);
    expect(bMode!.mmPerPixelY).toBeCloseTo(0.125, 10);
    expect(strip).toMatchObject({ x0: 100, y0: 420, x1: 699, y1: 579 });
    expect(strip!.mmPerPixelX).toBeCloseTo(0.2, 10);
    expect(strip!.mmPerPixelY).toBeCloseTo(0.15, 10);
    // A lesion box in the B-mode area gets the B-mode scale.
    expect(scaleFor(image.calibration, { x: 300, y: 200, width: 40, height: 30 })?.mmPerPixelX).toBeCloseTo(0.125, 10);
  });

  it('reports no calibration when neither is present, or only non-cm regions are', () => {
    expect(readDicom(makeDicom({ rows: 8, cols: 8 })).calibration).toEqual({ source: 'none' });
    const onlyDoppler = makeDicom({ rows: 8, cols: 8, ultrasoundRegions: [{ x0: 0, y0: 0, x1: 7, y1: 7, deltaXcm: 0.01, deltaYcm: 1, unitsX: 4, unitsY: 7 }] });
    expect(readDicom(onlyDoppler).calibration).toEqual({ source: 'none' });
  });
});

describe('readDicom: metadata', () => {
  it('reads identifiers and descriptive attributes', () => {
    const image = readDicom(
      makeDicom({
        rows: 4,
        cols: 4,
        sopInstanceUid: '1.2.826.0.1.3680043.10.1551.7',
        studyInstanceUid: '1.2.826.0.1.3680043.10.1551.8',
        seriesInstanceUid: '1.2.826.0.1.3680043.10.1551.9',
        studyDate: '20240315',
        studyDescription: 'Thyroid US',
        bodyPartExamined: 'THYROID',
        manufacturer: 'Mindray',
        manufacturerModelName: 'DC-70',
        patient: { name: 'Wang^Fang', id: 'XJ-000123', sex: 'F', birthDate: '19850704' },
      }),
    );
    expect(image).toMatchObject({
      sopInstanceUid: '1.2.826.0.1.3680043.10.1551.7',
      studyInstanceUid: '1.2.826.0.1.3680043.10.1551.8',
      seriesInstanceUid: '1.2.826.0.1.3680043.10.1551.9',
      modality: 'US',
      studyDate: '2024-03-15',
      studyDescription: 'Thyroid US',
      bodyPartExamined: 'THYROID',
      manufacturer: 'Mindray',
      manufacturerModelName: 'DC-70',
      patient: { name: 'Wang Fang', id: 'XJ-000123', sex: 'F', birthDate: '1985-07-04' },
    });
  });

  it('keeps Chinese and Uyghur names intact (ISO_IR 192, UTF-8)', () => {
    expect(readDicom(makeDicom({ rows: 2, cols: 2, patient: { name: '王^芳' } })).patient.name).toBe('王 芳');
    expect(readDicom(makeDicom({ rows: 2, cols: 2, patient: { name: 'تۇرسۇن^ئايگۈل' } })).patient.name).toBe('تۇرسۇن ئايگۈل');
    expect(readDicom(makeDicom({ rows: 2, cols: 2, transferSyntax: 'implicit-le', patient: { name: '艾力^买买提' } })).patient.name).toBe('艾力 买买提');
  });

  it('still reads a file whose SpecificCharacterSet uses ISO 2022 code extensions', () => {
    const file = makeDicom({ rows: 2, cols: 2, charset: 'ISO 2022 IR 6\\ISO 2022 IR 100', patient: { name: 'Wang^Fang', id: 'P7' } });
    expect(readDicom(file).patient).toMatchObject({ name: 'Wang Fang', id: 'P7' });
  });

  it('decodes a GB18030 name', () => {
    // 王^芳 in GB18030: CD F5, 5E, B7 BC
    const file = makeDicom({ rows: 2, cols: 2, charset: 'GB18030', patientNameBytes: new Uint8Array([0xcd, 0xf5, 0x5e, 0xb7, 0xbc]) });
    expect(readDicom(file).patient.name).toBe('王 芳');
  });

  it('normalises sex and birth date, null when missing or invalid', () => {
    const read = (patient: MakeDicomOptions['patient']) => readDicom(makeDicom({ rows: 2, cols: 2, patient })).patient;
    expect(read({ sex: 'M', birthDate: '20000229' })).toMatchObject({ sex: 'M', birthDate: '2000-02-29' });
    expect(read({ sex: 'O', birthDate: '19000229' })).toMatchObject({ sex: 'O', birthDate: null }); // 1900 is not a leap year
    expect(read({ sex: 'X', birthDate: '19851304' })).toMatchObject({ sex: null, birthDate: null });
    expect(read({ birthDate: '1985' })).toMatchObject({ birthDate: null });
    expect(read(undefined)).toEqual({ name: null, id: null, sex: null, birthDate: null });
  });
});

describe('readDicom: refusals', () => {
  it('reports random bytes, garbage after "DICM" and an empty file as DICOM_CORRUPT', () => {
    expect(problemOf(() => readDicom(pseudoRandomBytes(4096, 7)))).toBe('DICOM_CORRUPT');
    const garbage = new Uint8Array(2048);
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    garbage.set(pseudoRandomBytes(1916, 11), 132);
    expect(problemOf(() => readDicom(garbage))).toBe('DICOM_CORRUPT');
    expect(problemOf(() => readDicom(new Uint8Array(0)))).toBe('DICOM_CORRUPT');
    expect(problemOf(() => readDicom(new TextEncoder().encode('%PDF-1.7 not a dicom file')))).toBe('DICOM_CORRUPT');
  });

  it.each(['explicit-le', 'implicit-le', 'big-endian', 'deflate', 'jpeg-baseline', 'rle'])('reports a %s file truncated in the header or the pixel data as DICOM_CORRUPT', (transferSyntax) => {
    const file = makeDicom({ rows: 64, cols: 64, frames: 2, transferSyntax, patient: { name: 'Wang^Fang' } });
    for (const cut of [60, 131, 150, 200, file.length - 2000, file.length - 700, file.length - 1]) {
      expect([cut, problemOf(() => readDicom(truncate(file, cut)))]).toEqual([cut, 'DICOM_CORRUPT']);
    }
  });

  it('never crashes or hangs, whatever byte the file is cut at', () => {
    const file = makeDicom({ rows: 16, cols: 16, frames: 2, transferSyntax: 'jpeg-baseline', ultrasoundRegions: [{ x0: 0, y0: 0, x1: 15, y1: 15, deltaXcm: 0.01, deltaYcm: 0.01 }], patient: { name: '王^芳' } });
    const seen = new Set<string>();
    for (let cut = 0; cut < file.length; cut += 3) seen.add(problemOf(() => readDicom(truncate(file, cut))));
    // A cut exactly between two elements before PixelData is indistinguishable from a file without pixel data.
    expect([...seen].sort()).toEqual(['DICOM_CORRUPT', 'DICOM_NO_PIXEL_DATA']);
  });

  it('reports a garbled 4 GB element length as DICOM_CORRUPT without allocating it', () => {
    const file = makeDicom({ rows: 8, cols: 8 });
    // PixelData (64 bytes, OB) is last: its 4-byte length sits just before the pixel bytes.
    new DataView(file.buffer, file.byteOffset).setUint32(file.length - 64 - 4, 0xfffffff0, true);
    expect(problemOf(() => readDicom(file))).toBe('DICOM_CORRUPT');
  });

  it('refuses a deflated dataset that inflates past the bound', () => {
    const file = makeDicom({ rows: 64, cols: 64, transferSyntax: 'deflate' });
    expect(problemOf(() => parsePart10(file, 1000))).toBe('IMAGE_TOO_LARGE');
    expect(parsePart10(file, 1_000_000).transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
  });

  it('reports a file without (7FE0,0010) as DICOM_NO_PIXEL_DATA', () => {
    expect(problemOf(() => readDicom(makeDicom({ rows: 8, cols: 8, omitPixelData: true })))).toBe('DICOM_NO_PIXEL_DATA');
  });

  it.each(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.70'])('names an undecodable transfer syntax (%s)', (uid) => {
    const error = errorOf(() => readDicom(makeDicom({ rows: 8, cols: 8, transferSyntax: uid })));
    expect(error.problem).toBe('DICOM_UNSUPPORTED_TRANSFER_SYNTAX');
    expect(error.message).toContain(uid);
    expect(error.extensions).toMatchObject({ reason: 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX', transferSyntaxUid: uid });
  });

  it('refuses images over the pixel or frame limits before decoding', () => {
    const cine = makeDicom({ rows: 64, cols: 64, frames: 3 });
    expect(problemOf(() => readDicom(cine, { maxFrames: 2 }))).toBe('IMAGE_TOO_LARGE');
    expect(problemOf(() => readDicom(cine, { maxPixels: 64 * 64 * 3 - 1 }))).toBe('IMAGE_TOO_LARGE');
    expect(readDicom(cine, { maxPixels: 64 * 64 * 3, maxFrames: 3 }).frames).toHaveLength(3);
    // Default 50 MP: an 8000 x 8000 header is refused without reading (or needing) 64 MB of pixels.
    const huge = makeDicom({ rows: 8, cols: 8, extra: { Rows: 8000, Columns: 8000 } });
    const error = errorOf(() => readDicom(huge));
    expect(error.problem).toBe('IMAGE_TOO_LARGE');
    expect(error.extensions).toMatchObject({ rows: 8000, columns: 8000, frames: 1, maxPixels: 50_000_000 });
    // Default 500 frames, also when a caller passes the limit as undefined.
    const longCine = makeDicom({ rows: 1, cols: 1, extra: { NumberOfFrames: 501 } });
    expect(problemOf(() => readDicom(longCine))).toBe('IMAGE_TOO_LARGE');
    expect(problemOf(() => readDicom(longCine, { maxPixels: undefined, maxFrames: undefined }))).toBe('IMAGE_TOO_LARGE');
  });

  it('reports missing Rows/Columns as DICOM_CORRUPT', () => {
    expect(problemOf(() => readDicom(makeDicom({ rows: 4, cols: 4, extra: { Rows: 0 } })))).toBe('DICOM_CORRUPT');
  });
});
