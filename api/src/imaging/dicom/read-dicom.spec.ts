import { scaleFor } from '../calibration.js';
import { ImagingError, type ImagingProblem } from '../imaging-error.js';
import { readFileMeta } from './file-meta.js';
import { parsePart10 } from './parse-part10.js';
import { readDicom } from './read-dicom.js';
import { makeDicom, makePixels, truncate, type MakeDicomOptions } from './testing/make-dicom.js';

async function problemOf(run: () => unknown): Promise<ImagingProblem | 'no error' | 'not an ImagingError'> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return error instanceof ImagingError ? error.problem : 'not an ImagingError';
  }
}

async function errorOf(run: () => unknown): Promise<ImagingError> {
  try {
    await run();
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

  it.each(['explicit-le', 'implicit-le', 'big-endian', 'deflate', 'rle'])('%s round-trips 8-bit pixels exactly', async (transferSyntax) => {
    const image = await readDicom(makeDicom({ ...shape, transferSyntax }));
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
  ])('%s round-trips 16-bit pixels exactly (byte order included)', async (transferSyntax, uid) => {
    // Stored i * 256 + 1 (i = 0..255) spans 1..65281; min-max maps it back to exactly i. Swapped bytes would not.
    const image = await readDicom(makeDicom({ rows: 16, cols: 16, bitsAllocated: 16, pixel: (x, y) => (y * 16 + x) * 256 + 1, transferSyntax }));
    expect(image.transferSyntaxUid).toBe(uid);
    expect(Array.from(image.frames[0]!.data)).toEqual(Array.from({ length: 256 }, (_, i) => i));
  });

  it('JPEG Baseline frames decode close to the original', async () => {
    const options: MakeDicomOptions = { rows: 96, cols: 128, frames: 3, transferSyntax: 'jpeg-baseline' };
    const image = await readDicom(makeDicom(options));
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

  it('JPEG Baseline colour (YBR_FULL_422, as scanners write it) becomes luma', async () => {
    const red = await readDicom(makeDicom({ rows: 32, cols: 32, photometric: 'RGB', transferSyntax: 'jpeg-baseline', pixel: (_x, _y, _f, s) => (s === 0 ? 200 : 40) }));
    // 0.299*200 + 0.587*40 + 0.114*40 = 87.8
    expect(Math.abs(red.frames[0]!.data[16 * 32 + 16]! - 88)).toBeLessThanOrEqual(3);
  });

  it('reads a file whose 128-byte preamble is missing, or that lacks the meta header', async () => {
    const file = makeDicom({ rows: 8, cols: 8, fill: 77 });
    expect((await readDicom(file.subarray(128))).frames[0]!.data[0]).toBe(77); // starts at "DICM"
    expect((await readDicom(file.subarray(132))).frames[0]!.data[0]).toBe(77); // starts at (0002,0000)
    const metaEnd = 144 + new DataView(file.buffer, file.byteOffset).getUint32(140, true);
    const bare = await readDicom(file.subarray(metaEnd)); // a bare explicit-VR dataset starting at (0008,0005)
    expect(bare.frames[0]!.data[63]).toBe(77);
    expect(bare.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    const implicit = makeDicom({ rows: 8, cols: 8, fill: 66, transferSyntax: 'implicit-le' });
    const implicitMetaEnd = 144 + new DataView(implicit.buffer, implicit.byteOffset).getUint32(140, true);
    const bareImplicit = await readDicom(implicit.subarray(implicitMetaEnd));
    expect(bareImplicit.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(bareImplicit.frames[0]!.data[5]).toBe(66);
  });
});

describe('readDicom: pixel handling', () => {
  it('applies WindowCenter/WindowWidth to 16-bit data (PS3.3 linear VOI)', async () => {
    const image = await readDicom(makeDicom({ rows: 1, cols: 5, bitsAllocated: 16, windowCenter: 1000, windowWidth: 1001, pixel: (x) => [0, 500, 1000, 1200, 1600][x]! }));
    // c - 0.5 = 999.5, w - 1 = 1000: ((x - 999.5) / 1000 + 0.5) * 255 inside [499.5, 1499.5]
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 0, 128, 179, 255]);
  });

  it('applies RescaleSlope/Intercept and a signed PixelRepresentation before the window', async () => {
    // CT-like: stored -1000 (air), 40 and 240 with a soft-tissue window 40/400.
    const signed = await readDicom(makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, pixelRepresentation: 1, windowCenter: 40, windowWidth: 400, pixel: (x) => [-1000, 40, 240][x]! }));
    expect(Array.from(signed.frames[0]!.data)).toEqual([0, 128, 255]);
    // Unsigned stored 1024 + slope 1, intercept -1024 → 0 HU; 1064 → 40 HU.
    const rescaled = await readDicom(
      makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, rescaleSlope: 1, rescaleIntercept: -1024, windowCenter: 40, windowWidth: 400, pixel: (x) => [0, 1064, 1264][x]! }),
    );
    expect(Array.from(rescaled.frames[0]!.data)).toEqual([0, 128, 255]);
  });

  it('scales 16-bit data over the frame min-max when there is no window', async () => {
    const image = await readDicom(makeDicom({ rows: 1, cols: 3, bitsAllocated: 16, pixel: (x) => [100, 2100, 4100][x]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 128, 255]);
    const flat = await readDicom(makeDicom({ rows: 2, cols: 2, bitsAllocated: 16, fill: 3000 }));
    expect(Array.from(flat.frames[0]!.data)).toEqual([0, 0, 0, 0]);
  });

  it('masks bits above BitsStored', async () => {
    // 12 bits stored; garbage in the top nibble must be ignored.
    const image = await readDicom(makeDicom({ rows: 1, cols: 2, bitsAllocated: 16, bitsStored: 12, windowCenter: 2048, windowWidth: 4096, pixel: (x) => [0xf000, 0xafff][x]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([0, 255]);
  });

  it('inverts MONOCHROME1', async () => {
    const eight = await readDicom(makeDicom({ rows: 2, cols: 2, photometric: 'MONOCHROME1', pixel: (x, y) => [10, 200][x]! + y }));
    expect(Array.from(eight.frames[0]!.data)).toEqual([245, 55, 244, 54]);
    const sixteen = await readDicom(makeDicom({ rows: 1, cols: 2, bitsAllocated: 16, photometric: 'MONOCHROME1', pixel: (x) => [0, 4000][x]! }));
    expect(Array.from(sixteen.frames[0]!.data)).toEqual([255, 0]);
    const jpeg = await readDicom(makeDicom({ rows: 16, cols: 16, photometric: 'MONOCHROME1', transferSyntax: 'jpeg-baseline', fill: 30 }));
    expect(Math.abs(jpeg.frames[0]!.data[100]! - 225)).toBeLessThanOrEqual(2);
  });

  it.each([0, 1] as const)('converts RGB (PlanarConfiguration %d) to luma', async (planarConfiguration) => {
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [90, 90, 90],
    ];
    const image = await readDicom(makeDicom({ rows: 1, cols: 4, photometric: 'RGB', planarConfiguration, pixel: (x, _y, _f, s) => colours[x]![s]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([76, 150, 29, 90]);
  });

  it('converts RGB carried in RLE to luma', async () => {
    const image = await readDicom(makeDicom({ rows: 1, cols: 2, photometric: 'RGB', transferSyntax: 'rle', pixel: (x, _y, _f, s) => (x === 0 ? [255, 0, 0] : [10, 10, 10])[s]! }));
    expect(Array.from(image.frames[0]!.data)).toEqual([76, 10]);
  });

  it('takes Y from native YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair)', async () => {
    const pixelData = new Uint8Array([10, 20, 128, 128, 30, 40, 128, 128]).buffer;
    const image = await readDicom(
      makeDicom({ rows: 1, cols: 4, photometric: 'RGB', extra: { PhotometricInterpretation: 'YBR_FULL_422', PixelData: [pixelData] } }),
    );
    expect(Array.from(image.frames[0]!.data)).toEqual([10, 20, 30, 40]);
  });

  it('maps PALETTE COLOR through its lookup tables', async () => {
    const table = (f: (i: number) => number) => new Uint16Array(Array.from({ length: 256 }, (_, i) => f(i) * 257)).buffer;
    const image = await readDicom(
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

  it('refuses PALETTE COLOR without lookup tables', async () => {
    const file = makeDicom({ rows: 2, cols: 2, extra: { PhotometricInterpretation: 'PALETTE COLOR' } });
    expect(await problemOf(() => readDicom(file))).toBe('DICOM_UNSUPPORTED_PIXELS');
  });

  it('returns every frame of a multi-frame cine with its own content', async () => {
    const image = await readDicom(makeDicom({ rows: 10, cols: 12, frames: 5, pixel: (x, _y, f) => f * 40 + x }));
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

  // Speed is measured by the benchmarks (bench:cine, imaging:inspect), not asserted: a loaded machine is slower.
  it('decodes an 800x600 8-bit frame whole', async () => {
    const image = await readDicom(makeDicom({ rows: 600, cols: 800 }));
    expect(image.frames).toHaveLength(1);
    expect(image.frames[0]).toMatchObject({ width: 800, height: 600 });
    expect(image.frames[0]!.data).toHaveLength(800 * 600);
  });
});

describe('readDicom: calibration', () => {
  it('uses PixelSpacing (row spacing \\ column spacing)', async () => {
    const image = await readDicom(makeDicom({ rows: 8, cols: 8, pixelSpacing: [0.5, 0.25] }));
    expect(image.calibration).toEqual({ source: 'pixel-spacing', mmPerPixelX: 0.25, mmPerPixelY: 0.5 });
  });

  it('prefers PixelSpacing over ultrasound regions', async () => {
    const image = await readDicom(makeDicom({ rows: 8, cols: 8, pixelSpacing: [0.3, 0.3], ultrasoundRegions: [{ x0: 0, y0: 0, x1: 7, y1: 7, deltaXcm: 0.01, deltaYcm: 0.01 }] }));
    expect(image.calibration.source).toBe('pixel-spacing');
  });

  it('reads ultrasound regions in cm, skipping regions in other units or without deltas', async () => {
    const image = await readDicom(
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

  it('reports no calibration when neither is present, or only non-cm regions are', async () => {
    expect((await readDicom(makeDicom({ rows: 8, cols: 8 }))).calibration).toEqual({ source: 'none' });
    const onlyDoppler = makeDicom({ rows: 8, cols: 8, ultrasoundRegions: [{ x0: 0, y0: 0, x1: 7, y1: 7, deltaXcm: 0.01, deltaYcm: 1, unitsX: 4, unitsY: 7 }] });
    expect((await readDicom(onlyDoppler)).calibration).toEqual({ source: 'none' });
  });
});

describe('readDicom: metadata', () => {
  it('reads identifiers and descriptive attributes', async () => {
    const image = await readDicom(
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

  it('keeps Chinese and Uyghur names intact (ISO_IR 192, UTF-8)', async () => {
    expect((await readDicom(makeDicom({ rows: 2, cols: 2, patient: { name: '王^芳' } }))).patient.name).toBe('王 芳');
    expect((await readDicom(makeDicom({ rows: 2, cols: 2, patient: { name: 'تۇرسۇن^ئايگۈل' } }))).patient.name).toBe('تۇرسۇن ئايگۈل');
    expect((await readDicom(makeDicom({ rows: 2, cols: 2, transferSyntax: 'implicit-le', patient: { name: '艾力^买买提' } }))).patient.name).toBe('艾力 买买提');
  });

  it('still reads a file whose SpecificCharacterSet uses ISO 2022 code extensions', async () => {
    const file = makeDicom({ rows: 2, cols: 2, charset: 'ISO 2022 IR 6\\ISO 2022 IR 100', patient: { name: 'Wang^Fang', id: 'P7' } });
    expect((await readDicom(file)).patient).toMatchObject({ name: 'Wang Fang', id: 'P7' });
  });

  it('decodes a GB18030 name', async () => {
    // 王^芳 in GB18030: CD F5, 5E, B7 BC
    const file = makeDicom({ rows: 2, cols: 2, charset: 'GB18030', patientNameBytes: new Uint8Array([0xcd, 0xf5, 0x5e, 0xb7, 0xbc]) });
    expect((await readDicom(file)).patient.name).toBe('王 芳');
  });

  it('normalises sex and birth date, null when missing or invalid', async () => {
    const read = async (patient: MakeDicomOptions['patient']) => (await readDicom(makeDicom({ rows: 2, cols: 2, patient }))).patient;
    expect(await read({ sex: 'M', birthDate: '20000229' })).toMatchObject({ sex: 'M', birthDate: '2000-02-29' });
    expect(await read({ sex: 'O', birthDate: '19000229' })).toMatchObject({ sex: 'O', birthDate: null }); // 1900 is not a leap year
    expect(await read({ sex: 'X', birthDate: '19851304' })).toMatchObject({ sex: null, birthDate: null });
    expect(await read({ birthDate: '1985' })).toMatchObject({ birthDate: null });
    expect(await read(undefined)).toEqual({ name: null, id: null, sex: null, birthDate: null });
  });
});

describe('readDicom: container quirks real scanners write', () => {
  const concat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  const GROUP_LENGTH_VALUE = 140; // preamble, "DICM", (0002,0000) UL 4

  it('trusts the walked elements over a wrong (0002,0000), and says so', async () => {
    for (const delta of [-12, 10]) {
      const file = makeDicom({ rows: 4, cols: 4, fill: 9 });
      const view = new DataView(file.buffer, file.byteOffset);
      view.setUint32(GROUP_LENGTH_VALUE, view.getUint32(GROUP_LENGTH_VALUE, true) + delta, true);
      const image = await readDicom(file);
      expect(image.frames[0]!.data[0]).toBe(9);
      expect(image.warnings).toEqual([expect.stringContaining('group length')]);
    }
  });

  it('accepts a duplicate meta element after the declared end of the group', async () => {
    const file = makeDicom({ rows: 4, cols: 4, fill: 9 });
    const { datasetStart } = readFileMeta(file);
    // (0002,0013) ImplementationVersionName twice, the second outside the declared group length (GE V830).
    const element = new Uint8Array([0x02, 0x00, 0x13, 0x00, 0x53, 0x48, 0x06, 0x00, ...new TextEncoder().encode('OASIS ')]);
    const image = await readDicom(concat(file.subarray(0, datasetStart), element, element, file.subarray(datasetStart)));
    expect(image.frames[0]!.data[0]).toBe(9);
    expect(image.warnings).toEqual(expect.arrayContaining([expect.stringContaining('(0002,0013) appears twice')]));
  });

  it('stops at a stray sequence delimiter after the pixel data, and stays strict before it', async () => {
    const file = makeDicom({ rows: 4, cols: 4, frames: 2, transferSyntax: 'jpeg-baseline', fill: 90 });
    const stray = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
    const image = await readDicom(concat(file, stray));
    expect(image.frames).toHaveLength(2);
    expect(image.warnings).toEqual([expect.stringContaining('stray sequence delimiter')]);
    expect(await problemOf(() => readDicom(concat(truncate(file, file.length - 20), stray)))).toBe('DICOM_CORRUPT');
  });
});

describe('readDicom: refusals', () => {
  it('reports random bytes, garbage after "DICM" and an empty file as DICOM_CORRUPT', async () => {
    expect(await problemOf(() => readDicom(pseudoRandomBytes(4096, 7)))).toBe('DICOM_CORRUPT');
    const garbage = new Uint8Array(2048);
    garbage.set([0x44, 0x49, 0x43, 0x4d], 128);
    garbage.set(pseudoRandomBytes(1916, 11), 132);
    expect(await problemOf(() => readDicom(garbage))).toBe('DICOM_CORRUPT');
    expect(await problemOf(() => readDicom(new Uint8Array(0)))).toBe('DICOM_CORRUPT');
    expect(await problemOf(() => readDicom(new TextEncoder().encode('%PDF-1.7 not a dicom file')))).toBe('DICOM_CORRUPT');
  });

  it.each(['explicit-le', 'implicit-le', 'big-endian', 'deflate', 'jpeg-baseline', 'rle'])('reports a %s file truncated in the header or the pixel data as DICOM_CORRUPT', async (transferSyntax) => {
    const file = makeDicom({ rows: 64, cols: 64, frames: 2, transferSyntax, patient: { name: 'Wang^Fang' } });
    for (const cut of [60, 131, 150, 200, file.length - 2000, file.length - 700, file.length - 1]) {
      expect([cut, await problemOf(() => readDicom(truncate(file, cut)))]).toEqual([cut, 'DICOM_CORRUPT']);
    }
  });

  it('never crashes or hangs, whatever byte the file is cut at', async () => {
    const file = makeDicom({ rows: 16, cols: 16, frames: 2, transferSyntax: 'jpeg-baseline', ultrasoundRegions: [{ x0: 0, y0: 0, x1: 15, y1: 15, deltaXcm: 0.01, deltaYcm: 0.01 }], patient: { name: '王^芳' } });
    const seen = new Set<string>();
    for (let cut = 0; cut < file.length; cut += 3) seen.add(await problemOf(() => readDicom(truncate(file, cut))));
    // A cut exactly between two elements before PixelData is indistinguishable from a file without pixel data.
    expect([...seen].sort()).toEqual(['DICOM_CORRUPT', 'DICOM_NO_PIXEL_DATA']);
  });

  it('reports a garbled 4 GB element length as DICOM_CORRUPT without allocating it', async () => {
    const file = makeDicom({ rows: 8, cols: 8 });
    // PixelData (64 bytes, OB) is last: its 4-byte length sits just before the pixel bytes.
    new DataView(file.buffer, file.byteOffset).setUint32(file.length - 64 - 4, 0xfffffff0, true);
    expect(await problemOf(() => readDicom(file))).toBe('DICOM_CORRUPT');
  });

  it('refuses a deflated dataset that inflates past the bound', async () => {
    const file = makeDicom({ rows: 64, cols: 64, transferSyntax: 'deflate' });
    expect(await problemOf(() => parsePart10(file, 1000))).toBe('IMAGE_TOO_LARGE');
    expect(parsePart10(file, 1_000_000).transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
  });

  it('reports a file without (7FE0,0010) as DICOM_NO_PIXEL_DATA', async () => {
    expect(await problemOf(() => readDicom(makeDicom({ rows: 8, cols: 8, omitPixelData: true })))).toBe('DICOM_NO_PIXEL_DATA');
  });

  it('names an undecodable transfer syntax, and only a syntax, as DICOM_UNSUPPORTED_TRANSFER_SYNTAX', async () => {
    const uid = '1.2.840.10008.1.2.4.100'; // MPEG-2: a video, not frames we decode
    const error = await errorOf(() => readDicom(makeDicom({ rows: 8, cols: 8, transferSyntax: uid })));
    expect(error.problem).toBe('DICOM_UNSUPPORTED_TRANSFER_SYNTAX');
    expect(error.message).toContain(uid);
    expect(error.extensions).toMatchObject({ reason: 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX', transferSyntaxUid: uid });
  });

  it('names a pixel format it cannot turn into gray as DICOM_UNSUPPORTED_PIXELS', async () => {
    const twoSamples = await errorOf(() => readDicom(makeDicom({ rows: 4, cols: 4, extra: { SamplesPerPixel: 2, PhotometricInterpretation: 'MONOCHROME2' } })));
    expect(twoSamples.problem).toBe('DICOM_UNSUPPORTED_PIXELS');
    expect(twoSamples.extensions).toMatchObject({ samplesPerPixel: 2 });
    expect(await problemOf(() => readDicom(makeDicom({ rows: 4, cols: 4, extra: { BitsAllocated: 32 } })))).toBe('DICOM_UNSUPPORTED_PIXELS');
    expect(await problemOf(() => readDicom(makeDicom({ rows: 4, cols: 4, extra: { PhotometricInterpretation: 'HSV' } })))).toBe('DICOM_UNSUPPORTED_PIXELS');
  });

  it('counts a cine loop frame by frame: a 180-frame 1024×768 loop passes the limits, a huge frame or too many bytes do not', async () => {
    const cine = makeDicom({ rows: 64, cols: 64, frames: 3 });
    expect(await problemOf(() => readDicom(cine, { maxFrames: 2 }))).toBe('IMAGE_TOO_LARGE');
    expect(await problemOf(() => readDicom(cine, { maxPixels: 64 * 64 - 1 }))).toBe('IMAGE_TOO_LARGE');
    expect(await problemOf(() => readDicom(cine, { maxDecodedBytes: 64 * 64 * 3 - 1 }))).toBe('IMAGE_TOO_LARGE');
    expect((await readDicom(cine, { maxPixels: 64 * 64, maxFrames: 3, maxDecodedBytes: 64 * 64 * 3 })).frames).toHaveLength(3);
    // The header of a 180-frame 1024×768 RGB echo loop is within the defaults: what is refused is its missing pixels.
    const echo = makeDicom({ rows: 8, cols: 8, extra: { Rows: 768, Columns: 1024, NumberOfFrames: 180, SamplesPerPixel: 3, PhotometricInterpretation: 'RGB' } });
    expect(await problemOf(() => readDicom(echo))).toBe('DICOM_CORRUPT');
    // Default 40 MP per frame: an 8000 x 8000 header is refused without reading (or needing) 64 MB of pixels.
    const error = await errorOf(() => readDicom(makeDicom({ rows: 8, cols: 8, extra: { Rows: 8000, Columns: 8000 } })));
    expect(error.problem).toBe('IMAGE_TOO_LARGE');
    expect(error.extensions).toMatchObject({ rows: 8000, columns: 8000, frames: 1, maxPixels: 40_000_000 });
    // Default 512 MiB decompressed: 1000 frames of 1024×768 RGB (2.4 GB) are refused, also when limits are passed as undefined.
    const long = makeDicom({ rows: 1, cols: 1, extra: { Rows: 768, Columns: 1024, NumberOfFrames: 1000, SamplesPerPixel: 3, PhotometricInterpretation: 'RGB' } });
    expect(await problemOf(() => readDicom(long, { maxPixels: undefined, maxFrames: undefined }))).toBe('IMAGE_TOO_LARGE');
    expect(await problemOf(() => readDicom(makeDicom({ rows: 1, cols: 1, extra: { NumberOfFrames: 1001 } })))).toBe('IMAGE_TOO_LARGE');
  });

  it('gives the byte offset of a structural fault', async () => {
    const file = makeDicom({ rows: 8, cols: 8 });
    new DataView(file.buffer, file.byteOffset).setUint32(file.length - 64 - 4, 0xfffffff0, true);
    const error = await errorOf(() => readDicom(file));
    expect(error.problem).toBe('DICOM_CORRUPT');
    expect(error.extensions!.offset).toEqual(expect.any(Number));
    expect(error.message).toContain(`byte ${String(error.extensions!.offset)}`);
  });

  it('reports missing Rows/Columns as DICOM_CORRUPT', async () => {
    expect(await problemOf(() => readDicom(makeDicom({ rows: 4, cols: 4, extra: { Rows: 0 } })))).toBe('DICOM_CORRUPT');
  });
});
