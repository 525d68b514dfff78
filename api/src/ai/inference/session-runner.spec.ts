import { join } from 'node:path';
import { InlineRunner, type RunnerOptions, type SessionRunner, ThreadRunner } from './session-runner.js';

const MODEL = join(process.cwd(), 'models/breast/1.0.0/model.onnx');

describe.each([
  ['on the calling thread', (path: string, options: RunnerOptions): Promise<SessionRunner> => InlineRunner.open(path, options)],
  ['in a worker thread', (path: string, options: RunnerOptions): Promise<SessionRunner> => ThreadRunner.open(path, options)],
])('onnxruntime session %s', (_where, open) => {
  it('falls back from CUDA to the CPU where no GPU provider is installed, and says which it uses', async () => {
    const runner = await open(MODEL, { providers: ['cuda', 'cpu'] });
    try {
      expect(runner.provider).toBe('cpu');
      const outputs = await runner.run(new Float32Array(2 * 256 * 256).fill(90), [2, 1, 256, 256]);
      expect(outputs.malignancy.dims).toEqual([2, 1]);
      expect(outputs.box.dims).toEqual([2, 4]);
      expect(outputs.heatmap.dims).toEqual([2, 1, 64, 64]);
    } finally {
      await runner.release();
    }
  });

  it('names every provider that failed when none can open the model', async () => {
    await expect(open(MODEL, { providers: ['cuda'] })).rejects.toThrow(/No execution provider could open .*cuda:/);
  });
});
