import { join } from 'node:path';
import { inputSizeOf, type ModelCard, readModelCard } from './model-card.js';
import { type ImageOutputs, splitBatchOutputs } from './model-outputs.js';
import { batchTensorData } from './preprocess.js';
import { InlineRunner, type SessionRunner, ThreadRunner } from './session-runner.js';

/** Images per `session.run`: bounds memory (16 × 256 KiB input) while keeping the CPU busy. */
export const BATCH_SIZE = 16;

export interface LoadOptions {
  /** onnxruntime intra-op threads; default: onnxruntime's own choice. */
  threads?: number;
  /** Run the session in a worker thread (the API), or on the calling thread (the evaluation command). */
  thread?: boolean;
}

/** One region's ONNX model with its card (models/<region>/<version>/{model.onnx, model-card.json}). */
export class PreReadModel {
  private constructor(
    readonly card: ModelCard,
    readonly inputSize: number,
    private readonly runner: SessionRunner,
  ) {}

  static async load(dir: string, options: LoadOptions = {}): Promise<PreReadModel> {
    return (await PreReadModel.loadWithProviders(dir, ['cpu'], options)).model;
  }

  /**
   * Opens the model with the first execution provider (e.g. ['cuda', 'cpu']) that onnxruntime can create a
   * session with; the error lists every provider's failure when none works.
   */
  static async loadWithProviders(dir: string, providers: string[], options: LoadOptions = {}): Promise<{ model: PreReadModel; provider: string }> {
    const card = await readModelCard(dir);
    const open = options.thread ? ThreadRunner.open : InlineRunner.open;
    const runner = await open(join(dir, 'model.onnx'), { providers, threads: options.threads });
    return { model: new PreReadModel(card, inputSizeOf(card), runner), provider: runner.provider };
  }

  /** Runs input planes (from toModelInput) through the model in batches of BATCH_SIZE, in order. */
  async predict(inputs: Uint8Array[]): Promise<ImageOutputs[]> {
    const plane = this.inputSize * this.inputSize;
    const results: ImageOutputs[] = [];
    for (let start = 0; start < inputs.length; start += BATCH_SIZE) {
      const batch = inputs.slice(start, start + BATCH_SIZE);
      if (batch.some((input) => input.length !== plane)) throw new Error(`Model inputs must be ${this.inputSize}×${this.inputSize} planes`);
      const tensors = await this.runner.run(batchTensorData(batch), [batch.length, 1, this.inputSize, this.inputSize]);
      results.push(...splitBatchOutputs(tensors, batch.length));
    }
    return results;
  }

  async release(): Promise<void> {
    await this.runner.release();
  }
}
