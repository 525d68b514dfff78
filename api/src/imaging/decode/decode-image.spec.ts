import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { DATASETS_DIR } from '../../testing/datasets.js';
import { ImagingError } from '../imaging-error.js';
import { buildPng } from './png-bytes.test-util.js';
import { decodeImage } from './decode-image.js';
import { makeDicom } from '../dicom/testing/make-dicom.js';

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImagingError);
    return (error as ImagingError).problem;
  }
  throw new Error('expected an ImagingError');
}

/** pngjs encoder: RGBA input, written as the given colour type. */
function encodePng(width: number, height: number, rgba: number[], colorType: 0 | 2 | 4 | 6): Uint8Array {
  const png = new pngjs.PNG({ width, height });
  png.data = Buffer.from(rgba);
  return new Uint8Array(pngjs.PNG.sync.write(png, { colorType }));
}

function encodeJpeg(width: number, height: number, rgba: number[], quality = 100): Uint8Array {
  return new Uint8Array(jpeg.encode({ width, height, data: Buffer.from(rgba) }, quality).data);
}

// Red, green, blue, a dark colour: luma 0.299R + 0.587G + 0.114B rounded.
const COLOURS = [
  [255, 0, 0],
  [0, 255, 0],
  [0, 0, 255],
  [10, 20, 30],
];
const COLOUR_LUMA = [76, 150, 29, 18];

describe('decodeImage: sniffing', () => {
  it('rejects a text file whatever its name', async () => {
    expect(await problemOf(decodeImage(new TextEncoder().encode('hello, I am not a PNG')))).toBe('UNSUPPORTED_FILE_TYPE');
    expect(await problemOf(decodeImage(new Uint8Array(0)))).toBe('UNSUPPORTED_FILE_TYPE');
  });
});

describe('decodeImage: PNG', () => {
  it('decodes 8-bit gray exactly, without calibration', async () => {
    const gray = [0, 1, 127, 128, 254, 255];
    const decoded = await decodeImage(encodePng(3, 2, gray.flatMap((g) => [g, g, g, 255]), 0));
    expect(decoded.format).toBe('png');
    expect(decoded.calibration).toEqual({ source: 'none' });
    expect(decoded.frames).toHaveLength(1);
    expect(decoded.frames[0]).toMatchObject({ width: 3, height: 2 });
    expect([...decoded.frames[0].data]).toEqual(gray);
  });

  it('turns RGB into rounded Rec. 601 luma', async () => {
    const decoded = await decodeImage(encodePng(2, 2, COLOURS.flatMap((c) => [...c, 255]), 2));
    expect([...decoded.frames[0].data]).toEqual(COLOUR_LUMA);
  });

  it('ignores alpha (a fully transparent pixel keeps its colour)', async () => {
    const decoded = await decodeImage(encodePng(2, 2, COLOURS.flatMap((c, i) => [...c, i * 80]), 6));
    expect([...decoded.frames[0].data]).toEqual(COLOUR_LUMA);
  });

  it('rescales 16-bit gray to 8 bits', async () => {
    const png = buildPng({ width: 3, height: 1, bitDepth: 16, colorType: 0, samples: [0, 32896, 65535] });
    expect([...(await decodeImage(png)).frames[0].data]).toEqual([0, 128, 255]);
  });

  it('looks up palette colours', async () => {
    const png = buildPng({ width: 4, height: 1, bitDepth: 8, colorType: 3, samples: [3, 2, 1, 0], palette: COLOURS as Array<[number, number, number]> });
    expect([...(await decodeImage(png)).frames[0].data]).toEqual([...COLOUR_LUMA].reverse());
  });

  it('reports a truncated file as corrupt', async () => {
    const png = encodePng(16, 16, new Array(16 * 16 * 4).fill(90), 0);
    expect(await problemOf(decodeImage(png.subarray(0, png.length - 30)))).toBe('IMAGE_CORRUPT');
    expect(await problemOf(decodeImage(png.subarray(0, 20)))).toBe('IMAGE_CORRUPT');
  });

  it('refuses oversized images from the header, before inflating', async () => {
    // A header claiming 10000×10000 with no pixel data: too large, not corrupt, so nothing was decoded.
    const header = buildPng({ width: 1, height: 1, bitDepth: 8, colorType: 0, samples: [0] }).slice(0, 33);
    new DataView(header.buffer).setUint32(16, 10_000);
    new DataView(header.buffer).setUint32(20, 10_000);
    expect(await problemOf(decodeImage(header))).toBe('IMAGE_TOO_LARGE');
    const small = encodePng(16, 16, new Array(16 * 16 * 4).fill(90), 0);
    expect(await problemOf(decodeImage(small, { maxPixels: 255 }))).toBe('IMAGE_TOO_LARGE');
    expect((await decodeImage(small, { maxPixels: 256 })).frames[0].width).toBe(16);
  });
});

describe('decodeImage: JPEG', () => {
  const width = 16;
  const height = 16;
  // Flat 8×8 blocks of one colour each survive quality-100 JPEG almost exactly.
  const rgba = Array.from({ length: width * height }, (_, i) => {
    const block = (Math.floor(i / width / 8) * 2 + Math.floor((i % width) / 8)) % COLOURS.length;
    return [...COLOURS[block], 255];
  }).flat();

  it('decodes to luma', async () => {
    const decoded = await decodeImage(encodeJpeg(width, height, rgba));
    expect(decoded.format).toBe('jpeg');
    expect(decoded.calibration).toEqual({ source: 'none' });
    const frame = decoded.frames[0];
    expect(frame).toMatchObject({ width, height });
    // Centre pixel of each block, within JPEG's rounding.
    [
      [4, 4, 0],
      [12, 4, 1],
      [4, 12, 2],
      [12, 12, 3],
    ].forEach(([x, y, colour]) => expect(Math.abs(frame.data[y * width + x] - COLOUR_LUMA[colour])).toBeLessThanOrEqual(3));
  });

  it('reports truncated data as corrupt', async () => {
    const bytes = encodeJpeg(width, height, rgba);
    expect(await problemOf(decodeImage(bytes.subarray(0, bytes.length - 40)))).toBe('IMAGE_CORRUPT');
    expect(await problemOf(decodeImage(bytes.subarray(0, 30)))).toBe('IMAGE_CORRUPT');
  });

  it('refuses oversized images from the frame header', async () => {
    const bytes = encodeJpeg(width, height, rgba).slice();
    const sof = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0xc0);
    new DataView(bytes.buffer).setUint16(sof + 5, 60_000); // height
    new DataView(bytes.buffer).setUint16(sof + 7, 60_000); // width
    expect(await problemOf(decodeImage(bytes))).toBe('IMAGE_TOO_LARGE');
  });
});

const BUSI = join(DATASETS_DIR, 'busi');
// The shared datasets live beside the repository (../shared/datasets), in CI too.
describe('decodeImage: a real dataset image', () => {
  it('decodes a BUSI validation PNG to the same pixels as PIL', async () => {
    const decoded = await decodeImage(readFileSync(`${BUSI}/images/busi_benign_011.png`));
    const frame = decoded.frames[0];
    expect(frame).toMatchObject({ width: 256, height: 256 });
    // Reference values from PIL: Image.open(...).convert('L').
    expect(frame.data.reduce((sum, v) => sum + v, 0)).toBe(8731857);
    expect(frame.data[100 * 256 + 100]).toBe(127);
    expect([...frame.data.subarray(0, 5)]).toEqual([55, 71, 46, 97, 123]);
  });
});

describe('decodeImage: DICOM', () => {
  it('hands DICOM Part 10 files to readDicom, with their frames and calibration', async () => {
    const bytes = makeDicom({ rows: 32, cols: 48, frames: 2, pixelSpacing: [0.2, 0.1] });
    const decoded = await decodeImage(bytes);
    expect(decoded.format).toBe('dicom');
    expect(decoded.frames).toHaveLength(2);
    expect(decoded.frames[0]).toMatchObject({ width: 48, height: 32 });
    expect(decoded.calibration).toEqual({ source: 'pixel-spacing', mmPerPixelX: 0.1, mmPerPixelY: 0.2 });
    expect(decoded.dicom?.frames).toBe(decoded.frames);
  });

  it('passes the limits on', async () => {
    const bytes = makeDicom({ rows: 32, cols: 48, frames: 2 });
    // Pixels count per frame, as for PNG and JPEG; frames are limited by their number.
    expect(await problemOf(decodeImage(bytes, { maxPixels: 48 * 32 - 1 }))).toBe('IMAGE_TOO_LARGE');
    expect(await problemOf(decodeImage(bytes, { maxFrames: 1 }))).toBe('IMAGE_TOO_LARGE');
    expect((await decodeImage(bytes, { maxPixels: 48 * 32, maxFrames: 2 })).frames).toHaveLength(2);
  });
});
