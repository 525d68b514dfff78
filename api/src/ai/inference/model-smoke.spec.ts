import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { BATCH_SIZE, PreReadModel } from './pre-read-model.js';
import { DATASETS_DIR } from '../../testing/datasets.js';
import { decodeImage } from '../../imaging/decode/decode-image.js';
import { preRead } from './pre-read.js';
import { toModelInput } from './preprocess.js';

// Runs the real ONNX model through onnxruntime-node inside Jest: needs the onnx test environment
// (api/src/testing/onnx-environment.ts), without which onnxruntime rejects the test realm's Float32Array.
const IMAGE = join(DATASETS_DIR, 'busi/images/busi_malignant_047.png');

describe('breast model inside Jest', () => {
  let model: PreReadModel;
  beforeAll(async () => {
    model = await PreReadModel.load('models/breast/1.0.0');
  });
  afterAll(() => model.release());

  it('gives probabilities and a 4-number box for a plain 8-bit plane', async () => {
    const [outputs] = await model.predict([new Uint8Array(256 * 256).fill(80)]);
    expect(outputs.malignancy).toBeGreaterThanOrEqual(0);
    expect(outputs.malignancy).toBeLessThanOrEqual(1);
    expect(Object.values(outputs.box).every(Number.isFinite)).toBe(true);
    expect(outputs.heatmap).toMatchObject({ width: 64, height: 64 });
  });

  it('returns one result per input, in order, across batches', async () => {
    const inputs = Array.from({ length: BATCH_SIZE + 3 }, (_, i) => new Uint8Array(256 * 256).fill(i * 12));
    const batched = await model.predict(inputs);
    expect(batched).toHaveLength(inputs.length);
    const [single] = await model.predict([inputs[BATCH_SIZE + 1]]);
    expect(batched[BATCH_SIZE + 1].malignancy).toBeCloseTo(single.malignancy, 5);
  });

  it('pre-reads a real BUSI validation image', async () => {
    const decoded = await decodeImage(readFileSync(IMAGE));
    const [outputs] = await model.predict([toModelInput(decoded.frames[0])]);
    expect(outputs.malignancy).toBeGreaterThanOrEqual(0);
    expect(outputs.malignancy).toBeLessThanOrEqual(1);
    expect([outputs.box.x, outputs.box.y, outputs.box.width, outputs.box.height]).toHaveLength(4);
    const [findings] = await preRead(model, [{ frame: decoded.frames[0], calibration: decoded.calibration }]);
    expect(findings.malignancyProbability).toBeCloseTo(outputs.malignancy, 6);
    expect(findings.category?.system ?? 'BI-RADS').toBe('BI-RADS');
  });
});
