import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { decodeImage } from '../imaging/decode/decode-image.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { InferenceEngine } from './inference-engine.service.js';
import { toFindings } from './inference/postprocess.js';
import { toModelInput } from './inference/preprocess.js';
import { Lesion } from './lesion.entity.js';
import { ModelVersion } from './model-version.entity.js';
import { MalignancyCall, PreRead, PreReadStatus } from './pre-read.entity.js';

/** A claimed job: the row as it was claimed, including which attempt this is. */
export interface ClaimedJob {
  id: string;
  attempts: number;
}

/**
 * Runs one claimed pre-read: the stored file (integrity-checked) → decode → preprocess → batched inference
 * → findings → one transaction that completes the row only if this attempt still owns it. A slow attempt
 * that lost its claim to a retry therefore cannot write a second result.
 */
@Injectable()
export class PreReadProcessor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly engine: InferenceEngine,
  ) {}

  async process(job: ClaimedJob): Promise<boolean> {
    const preRead = await this.dataSource.getRepository(PreRead).findOneByOrFail({ id: job.id });
    const image = await this.dataSource.getRepository(StudyImage).findOneByOrFail({ id: preRead.imageId });
    const version = await this.dataSource.getRepository(ModelVersion).findOneByOrFail({ id: preRead.modelVersionId! });
    const decoded = await decodeImage(await this.blobs.get(image.blobSha256));
    const frame = decoded.frames[image.frameIndex];
    const model = await this.engine.modelFor(version);
    const { outputs } = await this.engine.predict(version, toModelInput(frame, model.inputSize));
    const findings = toFindings(outputs, {
      card: model.card,
      frameWidth: frame.width,
      frameHeight: frame.height,
      calibration: image.calibration,
      region: model.card.region,
    });
    const completed = await this.dataSource.transaction(async (manager) => {
      const owned = await manager.update(
        PreRead,
        { id: job.id, status: PreReadStatus.RUNNING, attempts: job.attempts },
        {
          status: PreReadStatus.DONE,
          malignancyProbability: findings.malignancyProbability,
          lesionProbability: findings.lesionProbability,
          call: findings.call === 'MALIGNANT' ? MalignancyCall.MALIGNANT : MalignancyCall.BENIGN,
          categorySystem: findings.category?.system ?? null,
          categoryValue: findings.category?.value ?? null,
          categoryLabel: findings.category?.label ?? null,
          errorCode: null,
          errorMessage: null,
          completedAt: new Date(),
        },
      );
      if (owned.affected !== 1) return false;
      await manager.insert(
        Lesion,
        findings.lesions.map((lesion, index) => ({
          preReadId: job.id,
          index,
          x: lesion.box.x,
          y: lesion.box.y,
          width: lesion.box.width,
          height: lesion.box.height,
          widthMm: lesion.sizeMm?.width ?? null,
          heightMm: lesion.sizeMm?.height ?? null,
          maxDiameterMm: lesion.sizeMm?.maxDiameter ?? null,
          calibrationSource: lesion.calibrationSource,
          probability: lesion.probability,
        })),
      );
      return true;
    });
    if (completed) await this.publish(job.id);
    return completed;
  }

  async publish(id: string): Promise<void> {
    const preRead = await this.dataSource.getRepository(PreRead).findOneByOrFail({ id });
    await this.pubSub.publish(Topics.preReadUpdated, { preReadUpdated: preRead });
  }
}
