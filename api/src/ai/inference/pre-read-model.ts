import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { inputSizeOf, type ModelCard, readModelCard } from './model-card.js';
import { type ImageOutputs, splitBatchOutputs } from './model-outputs.js';
import { batchTensorData } from './preprocess.js';

/** Images per `session.run`: bounds memory (16 × 256 KiB input) while keeping the CPU busy. */
export const BATCH_SIZE = 16;

export interface LoadOptions {
  /** onnxruntime intra-op threads; default: onnxruntime's own choice. */
  threads?: number;
}

/** One region's ONNX model with its card (models/<region>/<version>/{model.onnx, model-card.json}). */
export class PreReadModel {
  private constructor(
    readonly card: ModelCard,
    readonly inputSize: number,
    private readonly session: ort.InferenceSession,
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
    const failures: string[] = [];
    for (const provider of providers) {
      try {
        const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
        });
        return { model: new PreReadModel(card, inputSizeOf(card), session), provider };
      } catch (error) {
        failures.push(`${provider}: ${(error as Error).message}`);
      }
    }
    throw new Error(`No execution provider could open ${join(dir, 'model.onnx')}: ${failures.join('; ') || 'none given'}`);
  }

  /** Runs input planes (from toModelInput) through the model in batches of BATCH_SIZE, in order. */
  async predict(inputs: Float32Array[]): Promise<ImageOutputs[]> {
    const plane = this.inputSize * this.inputSize;
    const results: ImageOutputs[] = [];
    for (let start = 0; start < inputs.length; start += BATCH_SIZE) {
      const batch = inputs.slice(start, start + BATCH_SIZE);
      if (batch.some((input) => input.length !== plane)) throw new Error(`Model inputs must be ${this.inputSize}×${this.inputSize} planes`);
      const tensor = new ort.Tensor('float32', batchTensorData(batch), [batch.length, 1, this.inputSize, this.inputSize]);
      results.push(...splitBatchOutputs(await this.session.run({ image: tensor }), batch.length));
    }
    return results;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
