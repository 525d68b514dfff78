import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { returningRows } from '../database/returning-rows.js';
import { DomainEvents } from '../events/domain-events.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { ImageFrames } from '../imaging/decode/image-frames.service.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import { InferenceEngine } from './inference-engine.service.js';
import { InputCheck, type Refusal } from './inference/input-check.js';
import { type Findings, toFindings } from './inference/postprocess.js';
import { Lesion } from './lesion.entity.js';
import { gateOf } from './model-gate.js';
import { ModelVersion } from './model-version.entity.js';
import { MalignancyCall, PreRead, PreReadStatus } from './pre-read.entity.js';

/** A claimed job: the row as it was claimed, including which attempt this is. */
export interface ClaimedJob {
  id: string;
  attempts: number;
  image_id: string;
  model_version_id: string;
}

/** What is stored: the findings, or for an experimental model the same without a call (and the score only on opt-in). */
type Outcome = Omit<Findings, 'call' | 'malignancyProbability'> & { call: Findings['call'] | null; malignancyProbability: number | null };

interface Analysed {
  job: ClaimedJob;
  /** The input check's refusal (no call at all), or what the model found. */
  findings: Outcome | Refusal;
}

export interface JobFailure {
  job: ClaimedJob;
  error: unknown;
}

/**
 * Runs claimed pre-reads: the model inputs kept at upload (integrity-checked blobs) → input check →
 * batched inference → findings → one transaction for the whole batch, in which each row completes only if its attempt still
 * owns it, so a slow attempt that lost its claim to a retry cannot write a second result. Database work is
 * done per batch, not per image: on the embedded database every statement waits its turn.
 */
@Injectable()
export class PreReadProcessor implements OnApplicationShutdown {
  private readonly versions = new Map<string, ModelVersion>();
  private inputCheck?: Promise<InputCheck | null>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly engine: InferenceEngine,
    private readonly frames: ImageFrames,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** Processes the jobs; returns those that failed, for the queue to retry or give up on. */
  async process(jobs: ClaimedJob[]): Promise<JobFailure[]> {
    const images = new Map((await this.dataSource.getRepository(StudyImage).findBy({ id: In(jobs.map((j) => j.image_id)) })).map((i) => [i.id, i]));
    const outcomes = await this.analyse(jobs, images);
    const done = outcomes.filter((o): o is Analysed => 'findings' in o);
    const completed = done.length > 0 ? await this.persist(done, images) : [];
    if (completed.length > 0) await this.announce(completed);
    return outcomes.filter((o): o is JobFailure => 'error' in o);
  }

  /** Announces a row's current state (after a failure was recorded). */
  async publish(id: string): Promise<void> {
    const preRead = await this.dataSource.getRepository(PreRead).findOneByOrFail({ id });
    await this.pubSub.publish(Topics.preReadUpdated, { preReadUpdated: preRead });
  }

  /**
   * Announces the rows as stored (ids, timestamps, lesions): one read of the batch's rows with their lesions,
   * and one of their model versions, not the eager join, which would repeat a model's whole card (~20 kB of
   * JSON, parsed on the event loop) on every lesion row.
   */
  private async announce(ids: string[]): Promise<void> {
    const preReads = await this.dataSource.getRepository(PreRead).find({ where: { id: In(ids) }, relations: { lesions: true }, loadEagerRelations: false });
    const versionIds = [...new Set(preReads.flatMap((p) => (p.modelVersionId ? [p.modelVersionId] : [])))];
    const versions = new Map((await this.dataSource.getRepository(ModelVersion).findBy({ id: In(versionIds) })).map((v) => [v.id, v]));
    for (const preRead of preReads) {
      preRead.modelVersion = preRead.modelVersionId ? (versions.get(preRead.modelVersionId) ?? null) : null;
      await this.pubSub.publish(Topics.preReadUpdated, { preReadUpdated: preRead });
    }
  }

  /**
   * Kept model inputs (no decoding or resizing on the event loop) → the input check, one run for the batch →
   * each image that passes through the model's batcher → findings. A failure fails only its own job.
   */
  private async analyse(jobs: ClaimedJob[], images: Map<string, StudyImage>): Promise<Array<Analysed | JobFailure>> {
    const checker = await this.checker();
    const prepared = await Promise.all(
      jobs.map(async (job) => {
        try {
          const image = images.get(job.image_id);
          if (!image) throw new AppError(ErrorCode.NOT_FOUND, 'The image of this pre-read no longer exists');
          const version = await this.version(job.model_version_id);
          const model = await this.engine.modelFor(version);
          const planes = await this.frames.modelInput(image, checker ? [model.inputSize, checker.size] : [model.inputSize]);
          return { job, image, version, model, planes };
        } catch (error) {
          return { job, error };
        }
      }),
    );
    const ready = prepared.filter((p): p is Exclude<typeof p, { error: unknown }> => !('error' in p));
    let refusals: Array<Refusal | null>;
    try {
      refusals = checker ? await checker.checkAll(ready.map((p) => ({ plane: p.planes.get(checker.size)!, colourFraction: p.image.colourFraction ?? 0, region: p.model.card.region }))) : ready.map(() => null);
    } catch (error) {
      return jobs.map((job) => ({ job, error }));
    }
    const analysed = await Promise.all(
      ready.map(async ({ job, image, version, model, planes }, i): Promise<Analysed | JobFailure> => {
        const refusal = refusals[i];
        if (refusal) return { job, findings: refusal };
        try {
          const { outputs } = await this.engine.predict(version, planes.get(model.inputSize)!);
          // The model saw the frame squashed to its input: boxes are placed on the image as stored.
          const findings = toFindings(outputs, { card: model.card, frameWidth: image.width, frameHeight: image.height, calibration: image.calibration, region: model.card.region });
          return { job, findings: gateOf(version).passed ? findings : this.experimental(findings) };
        } catch (error) {
          return { job, error };
        }
      }),
    );
    return [...analysed, ...prepared.filter((p): p is JobFailure => 'error' in p)];
  }

  /** A model that fails its release gate makes no benign/malignant call and no category; its score only on the admin's opt-in. */
  private experimental(findings: Findings): Outcome {
    return { ...findings, call: null, category: null, malignancyProbability: this.config.experimentalScores ? findings.malignancyProbability : null };
  }

  async onApplicationShutdown() {
    await (await this.inputCheck?.catch(() => null))?.release();
  }

  /** The input check is optional (an installation without models/input-check refuses nothing by it). */
  private checker(): Promise<InputCheck | null> {
    this.inputCheck ??= this.config.inputCheck ? InputCheck.loadLatest(this.config.modelsDir, { thread: true }) : Promise.resolve(null);
    return this.inputCheck;
  }

  /** Model versions never change once registered but for their status, which does not matter here. */
  private async version(id: string): Promise<ModelVersion> {
    let version = this.versions.get(id);
    if (!version) {
      version = await this.dataSource.getRepository(ModelVersion).findOneByOrFail({ id });
      this.versions.set(id, version);
    }
    return version;
  }

  /**
   * Completes the rows this batch still owns, in two statements whatever the batch size: one UPDATE over
   * the results as a JSON recordset (each row only if its claiming attempt still holds it), then one
   * multi-row INSERT of the lesions of the rows that were completed. Returns the completed ids. Those of
   * validated models are announced (`pre-reads.completed`) in the same transaction, so what they open
   * (follow-up cases) commits with them.
   */
  private persist(done: Analysed[], images: Map<string, StudyImage>): Promise<string[]> {
    const rows = done.map(({ job, findings }) => {
      if ('code' in findings) return { id: job.id, attempts: job.attempts, status: PreReadStatus.REFUSED, error_code: findings.code, error_message: findings.message };
      return {
        id: job.id,
        attempts: job.attempts,
        status: PreReadStatus.DONE,
        malignancy_probability: findings.malignancyProbability,
        lesion_probability: findings.lesionProbability,
        call: findings.call === null ? null : findings.call === 'MALIGNANT' ? MalignancyCall.MALIGNANT : MalignancyCall.BENIGN,
        category_system: findings.category?.system ?? null,
        category_value: findings.category?.value ?? null,
        category_label: findings.category?.label ?? null,
      };
    });
    return this.audit.transaction(async (tx) => {
      const { manager } = tx;
      const updated: unknown = await manager.query(
        `UPDATE pre_read AS p
            SET status = v.status, malignancy_probability = v.malignancy_probability, lesion_probability = v.lesion_probability,
                call = v.call, category_system = v.category_system, category_value = v.category_value,
                category_label = v.category_label, error_code = v.error_code, error_message = v.error_message, completed_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, attempts int, status varchar, malignancy_probability real, lesion_probability real,
                call varchar, category_system varchar, category_value varchar, category_label varchar, error_code varchar, error_message varchar)
          WHERE p.id = v.id AND p.status = $2 AND p.attempts = v.attempts
      RETURNING p.id`,
        [JSON.stringify(rows), PreReadStatus.RUNNING],
      );
      const completed = new Set(returningRows<{ id: string }>(updated).map((r) => r.id));
      const lesions = done.flatMap(({ job, findings }) =>
        'code' in findings || !completed.has(job.id)
          ? []
          : findings.lesions.map((lesion, index) => ({
              // Chosen here so the announcement below can name them without reading them back.
              id: randomUUID(),
              preReadId: job.id,
              index,
              ...lesion.box,
              widthMm: lesion.sizeMm?.width ?? null,
              heightMm: lesion.sizeMm?.height ?? null,
              maxDiameterMm: lesion.sizeMm?.maxDiameter ?? null,
              calibrationSource: lesion.calibrationSource,
              probability: lesion.probability,
            })),
      );
      if (lesions.length > 0) await manager.createQueryBuilder().insert().into(Lesion).values(lesions).updateEntity(false).execute();
      const preReads = done.flatMap(({ job, findings }) =>
        completed.has(job.id) && !('code' in findings) && gateOf(this.versions.get(job.model_version_id)!).passed
          ? [
              {
                preReadId: job.id,
                studyId: images.get(job.image_id)!.studyId,
                modelVersionId: job.model_version_id,
                categorySystem: findings.category?.system ?? null,
                categoryValue: findings.category?.value ?? null,
                lesions: lesions.filter((l) => l.preReadId === job.id).map((l) => ({ lesionId: l.id, imageId: job.image_id, modelVersionId: job.model_version_id, category: null, added: false })),
              },
            ]
          : [],
      );
      if (preReads.length > 0) await this.events.emit('pre-reads.completed', { preReads }, tx);
      return [...completed];
    });
  }
}
