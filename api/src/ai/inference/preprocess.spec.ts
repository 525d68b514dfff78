import { batchTensorData, toModelInput } from './preprocess.js';
import { resizeBilinear } from './resize-bilinear.js';

const image = (width: number, height: number, values: number[]) => ({ width, height, data: Uint8Array.from(values) });

describe('resizeBilinear (Pillow Image.BILINEAR, reference values from Pillow 9.4)', () => {
  it('upscales 2×2 → 4×4', () => {
    expect([...resizeBilinear(image(2, 2, [0, 100, 200, 255]), 4, 4).data]).toEqual([
      0, 25, 75, 100, 50, 72, 117, 139, 150, 167, 200, 216, 200, 214, 241, 255,
    ]);
  });

  it('downscales 4×4 → 2×2 with the widened (antialiasing) filter', () => {
    const ramp = Array.from({ length: 16 }, (_, i) => i * 10);
    expect([...resizeBilinear(image(4, 4, ramp), 2, 2).data]).toEqual([36, 52, 98, 114]);
  });

  it('resamples one axis only when the other keeps its size', () => {
    expect([...resizeBilinear(image(4, 1, [0, 30, 90, 255]), 3, 1).data]).toEqual([9, 60, 206]);
  });
});

describe('toModelInput', () => {
  it('copies a 256×256 frame exactly, into a buffer of its own', () => {
    const data = Uint8Array.from({ length: 256 * 256 }, (_, i) => (i * 7919) % 256);
    const input = toModelInput({ width: 256, height: 256, data });
    expect(input).toEqual(data);
    expect(input.buffer).not.toBe(data.buffer);
  });

  it('squashes any frame to size×size with raw 0..255 values', () => {
    const input = toModelInput(image(2, 2, [0, 100, 200, 255]), 4);
    expect([...input]).toEqual([0, 25, 75, 100, 50, 72, 117, 139, 150, 167, 200, 216, 200, 214, 241, 255]);
    const wide = toModelInput({ width: 640, height: 480, data: new Uint8Array(640 * 480).fill(200) });
    expect(wide).toHaveLength(256 * 256);
    expect(wide.every((v) => v === 200)).toBe(true);
  });
});

describe('batchTensorData', () => {
  it('concatenates planes in order, as float32', () => {
    const batch = batchTensorData([Uint8Array.of(1, 2), Uint8Array.of(3), Uint8Array.of(4, 255)]);
    expect(batch).toBeInstanceOf(Float32Array);
    expect([...batch]).toEqual([1, 2, 3, 4, 255]);
    expect(batchTensorData([])).toHaveLength(0);
  });
});
