import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { BatchTensors } from './model-outputs.js';

/** Runs one batch through an onnxruntime session: input `image` of `dims`, all outputs back. */
export interface SessionRunner {
  readonly provider: string;
  run(data: Float32Array, dims: number[]): Promise<BatchTensors>;
  release(): Promise<void>;
}

export interface RunnerOptions {
  /** Execution providers to try in order, e.g. ['cuda', 'cpu']. */
  providers: string[];
  /** onnxruntime intra-op threads; default: onnxruntime's own choice (all cores). */
  threads?: number;
}

const sessionOptions = (provider: string, threads?: number): ort.InferenceSession.SessionOptions => ({
  executionProviders: [provider],
  graphOptimizationLevel: 'all',
  ...(threads ? { intraOpNumThreads: threads } : {}),
});

/**
 * onnxruntime-node's `run` is synchronous underneath: on the main thread it stalls everything else for
 * the whole batch. For the evaluation command that is fine (nothing else runs).
 */
export class InlineRunner implements SessionRunner {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: string,
  ) {}

  static async open(modelPath: string, options: RunnerOptions): Promise<InlineRunner> {
    const failures: string[] = [];
    for (const provider of options.providers) {
      try {
        return new InlineRunner(await ort.InferenceSession.create(modelPath, sessionOptions(provider, options.threads)), provider);
      } catch (error) {
        failures.push(`${provider}: ${(error as Error).message}`);
      }
    }
    throw new Error(`No execution provider could open ${modelPath}: ${failures.join('; ') || 'none given'}`);
  }

  async run(data: Float32Array, dims: number[]): Promise<BatchTensors> {
    return this.session.run({ image: new ort.Tensor('float32', data, dims) });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

// Plain CommonJS so the same worker runs under the built app and under Jest (which cannot load .ts workers).
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
(async () => {
  let session, provider;
  const failures = [];
  for (const candidate of workerData.providers) {
    try {
      session = await ort.InferenceSession.create(workerData.modelPath, {
        executionProviders: [candidate], graphOptimizationLevel: 'all',
        ...(workerData.threads ? { intraOpNumThreads: workerData.threads } : {}),
      });
      provider = candidate;
      break;
    } catch (error) { failures.push(candidate + ': ' + error.message); }
  }
  if (!session) return parentPort.postMessage({ type: 'failed', error: failures.join('; ') || 'none given' });
  parentPort.postMessage({ type: 'ready', provider });
  parentPort.on('message', async ({ id, data, dims }) => {
    try {
      const outputs = await session.run({ image: new ort.Tensor('float32', data, dims) });
      const result = {}, transfer = [];
      for (const [name, tensor] of Object.entries(outputs)) {
        const copy = new Float32Array(tensor.data);
        result[name] = { data: copy, dims: tensor.dims };
        transfer.push(copy.buffer);
      }
      parentPort.postMessage({ type: 'result', id, result }, transfer);
    } catch (error) { parentPort.postMessage({ type: 'error', id, error: error.message }); }
  });
})();
`;

type Pending = { resolve: (tensors: BatchTensors) => void; reject: (error: Error) => void };

/**
 * The session lives in a worker thread, so the event loop keeps decoding, querying and answering requests
 * while a batch runs. Inputs and outputs move between threads without copies (transferred buffers).
 */
export class ThreadRunner implements SessionRunner {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly provider: string,
  ) {
    worker.on('message', (message: { type: string; id: number; result?: BatchTensors; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.type === 'result') pending.resolve(message.result!);
      else pending.reject(new Error(message.error));
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`inference thread exited (${code})`)));
  }

  static open(modelPath: string, options: RunnerOptions): Promise<ThreadRunner> {
    const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
    const worker = new Worker(THREAD_SOURCE, { eval: true, workerData: { modelPath, ortPath, ...options } });
    return new Promise((resolve, reject) => {
      const onStartup = (message: { type: string; provider?: string; error?: string }) => {
        worker.off('message', onStartup);
        if (message.type === 'ready') resolve(new ThreadRunner(worker, message.provider!));
        else {
          void worker.terminate();
          reject(new Error(`No execution provider could open ${modelPath}: ${message.error}`));
        }
      };
      worker.on('message', onStartup);
      worker.once('error', reject);
    });
  }

  run(data: Float32Array, dims: number[]): Promise<BatchTensors> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, data, dims }, [data.buffer as ArrayBuffer]);
    });
  }

  async release(): Promise<void> {
    await this.worker.terminate();
  }
}
