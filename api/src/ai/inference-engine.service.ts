import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DynamicBatcher } from '../common/dynamic-batcher.js';
import type { ImageOutputs } from './inference/model-outputs.js';
import { PreReadModel } from './inference/pre-read-model.js';
import { ModelRegistryService } from './model-registry.service.js';
import type { ModelVersion } from './model-version.entity.js';

interface Loaded {
  model: PreReadModel;
  batcher: DynamicBatcher<Uint8Array, ImageOutputs>;
  provider: string;
}

export interface EngineStatus {
  providers: string[];
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  loaded: Array<{ modelVersionId: string; provider: string; waiting: number; batches: number; items: number; largestBatch: number }>;
}

/**
 * One onnxruntime session per model version in use, each behind a dynamic batcher. Sessions load on first
 * use; a model that fails to load is marked on its registry row and its pre-reads fail with a code.
 */
@Injectable()
export class InferenceEngine implements OnApplicationShutdown {
  private readonly logger = new Logger(InferenceEngine.name);
  private readonly loaded = new Map<string, Promise<Loaded>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: ModelRegistryService,
  ) {}

  /** `input`: the image's plane at the model's input size (toModelInput). */
  async predict(version: ModelVersion, input: Uint8Array): Promise<{ outputs: ImageOutputs; model: PreReadModel }> {
    const loaded = await this.load(version);
    return { outputs: await loaded.batcher.submit(input), model: loaded.model };
  }

  async modelFor(version: ModelVersion): Promise<PreReadModel> {
    return (await this.load(version)).model;
  }

  status(): Promise<EngineStatus> {
    return Promise.allSettled([...this.loaded.entries()].map(async ([id, p]) => ({ id, loaded: await p }))).then((settled) => ({
      providers: this.config.inferenceProviders,
      maxBatch: this.config.inferenceMaxBatch,
      maxWaitMs: this.config.inferenceMaxWaitMs,
      maxQueue: this.config.inferenceMaxQueue,
      loaded: settled.flatMap((s) =>
        s.status === 'fulfilled'
          ? [{ modelVersionId: s.value.id, provider: s.value.loaded.provider, waiting: s.value.loaded.batcher.waiting, ...s.value.loaded.batcher.stats }]
          : [],
      ),
    }));
  }

  async onApplicationShutdown() {
    for (const loaded of this.loaded.values()) await loaded.then((l) => l.model.release()).catch(() => undefined);
    this.loaded.clear();
  }

  private load(version: ModelVersion): Promise<Loaded> {
    let loading = this.loaded.get(version.id);
    if (!loading) {
      loading = this.open(version);
      this.loaded.set(version.id, loading);
      loading.catch(() => this.loaded.delete(version.id));
    }
    return loading;
  }

  private async open(version: ModelVersion): Promise<Loaded> {
    const dir = this.registry.directoryOf(version);
    try {
      const { model, provider } = await PreReadModel.loadWithProviders(dir, this.config.inferenceProviders, { thread: true });
      this.logger.log({ msg: 'model loaded', region: version.region, version: version.version, provider });
      const batcher = new DynamicBatcher<Uint8Array, ImageOutputs>((inputs) => model.predict(inputs), {
        maxBatch: this.config.inferenceMaxBatch,
        maxWaitMs: this.config.inferenceMaxWaitMs,
        maxQueue: this.config.inferenceMaxQueue,
        name: 'Inference',
      });
      return { model, batcher, provider };
    } catch (error) {
      const message = (error as Error).message;
      this.logger.error({ msg: 'model failed to load', region: version.region, version: version.version, error: message });
      await this.registry.recordLoadError(version.id, message);
      throw new AppError(ErrorCode.MODEL_LOAD_FAILED, `The ${version.region.toLowerCase()} model ${version.version} could not be loaded`);
    }
  }
}
