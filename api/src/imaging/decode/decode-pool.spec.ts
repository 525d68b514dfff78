import pngjs from 'pngjs';
import { readFileMeta } from '../dicom/file-meta.js';
import { readDicom } from '../dicom/read-dicom.js';
import { makeDicom } from '../dicom/testing/make-dicom.js';
import { ImagingError } from '../imaging-error.js';
import { DecodePool } from './decode-pool.js';

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof ImagingError ? error.problem : `not an ImagingError: ${String(error)}`),
  );

describe('DecodePool: decoding in worker threads', () => {
  const pools: DecodePool[] = [];
  const pool = (options: Partial<ConstructorParameters<typeof DecodePool>[0]> = {}) => {
    const created = new DecodePool({ size: 1, memoryMb: 256, timeoutMs: 60_000, ...options });
    pools.push(created);
    return created;
  };
  afterAll(() => Promise.all(pools.map((p) => p.close())));

  it('keeps every frame of a cine as the grayscale PNG of the frame the reader decodes', async () => {
    const file = makeDicom({ rows: 30, cols: 40, frames: 3, pixelSpacing: [0.2, 0.1], pixel: (x, y, f) => (x * 5 + y + f * 60) & 0xff });
    const kept = await pool().keep(file);
    const direct = await readDicom(file);
    expect(kept).toMatchObject({ format: 'dicom', calibration: { source: 'pixel-spacing', mmPerPixelX: 0.1, mmPerPixelY: 0.2 } });
    expect(kept.dicom).toMatchObject({ transferSyntaxUid: direct.transferSyntaxUid, sopInstanceUid: direct.sopInstanceUid });
    expect(kept.frames).toHaveLength(3);
    kept.frames.forEach((frame, f) => {
      const png = pngjs.PNG.sync.read(Buffer.from(frame.png), { skipRescale: true });
      expect([png.width, png.height, frame.width, frame.height]).toEqual([40, 30, 40, 30]);
      const gray = Array.from({ length: 40 * 30 }, (_, i) => png.data[i * 4]!);
      expect(gray).toEqual(Array.from(direct.frames[f]!.data));
    });
  });

  it('hands back the decoder refusal with its code and details', async () => {
    const error = await pool()
      .keep(makeDicom({ rows: 8, cols: 8, transferSyntax: '1.2.840.10008.1.2.4.100' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagingError);
    expect((error as ImagingError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX', transferSyntaxUid: '1.2.840.10008.1.2.4.100' });
  });

  it('fails only the job whose worker runs out of memory (IMAGE_DECODE_FAILED), then decodes the next file', async () => {
    const small = pool({ memoryMb: 16 });
    // 300,000 sequence items: the parser's objects need far more than a 16 MB heap, allocated a little at a time.
    const file = makeDicom({ rows: 8, cols: 8, transferSyntax: 'implicit-le' });
    const { datasetStart } = readFileMeta(file);
    const item = Buffer.from([0xfe, 0xff, 0x00, 0xe0, 12, 0, 0, 0, 0x08, 0x00, 0x55, 0x11, 4, 0, 0, 0, 0x31, 0x2e, 0x32, 0]);
    const sequence = Buffer.concat([
      Buffer.from([0x08, 0x00, 0x40, 0x11, 0xff, 0xff, 0xff, 0xff]), // (0008,1140) ReferencedImageSequence, undefined length
      Buffer.concat(Array.from({ length: 300_000 }, () => item)),
      Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]),
    ]);
    const hostile = Buffer.concat([file.subarray(0, datasetStart), sequence, file.subarray(datasetStart)]);
    expect(await problemOf(small.keep(hostile))).toBe('IMAGE_DECODE_FAILED');
    expect((await small.keep(makeDicom({ rows: 8, cols: 8 }))).frames).toHaveLength(1);
  });

  it('stops a job that runs past the timeout', async () => {
    expect(await problemOf(pool({ timeoutMs: 1 }).keep(makeDicom({ rows: 512, cols: 512, frames: 4 })))).toBe('IMAGE_DECODE_FAILED');
  });

  it('decodes one frame for images stored before frames were kept', async () => {
    const file = makeDicom({ rows: 10, cols: 10, frames: 2, pixel: (_x, _y, f) => 100 + f });
    const png = pngjs.PNG.sync.read(Buffer.from(await pool().frame(file, 1)));
    expect(png.data[0]).toBe(101);
  });
});
