import { forwardRef, Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ConnectionOptions, Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { returningRows } from '../database/returning-rows.js';
import { ImagingError } from '../imaging/imaging-error.js';
import { PreReadStatus } from './pre-read.entity.js';
import { type ClaimedJob, PreReadProcessor } from './pre-read-processor.service.js';

const QUEUE_NAME = 'oasis-pre-read';
const POLL_MS = 2000;
/** Batches in flight: while one runs on the model, the others are read, decoded or written. */
const LANES = 3;
/** Failures that another attempt cannot fix: the file or the model is bad, not the moment. */
const PERMANENT = new Set<string>([ErrorCode.INTEGRITY_ERROR, ErrorCode.MODEL_LOAD_FAILED, ErrorCode.NOT_FOUND]);

/**
 * The pre-read job queue. The pre_read rows are the queue's truth (they survive restarts and power cuts):
 * a job is claimed by setting it RUNNING with one more attempt, and a RUNNING job whose worker died is put
 * back after OASIS_INFERENCE_JOB_TIMEOUT_MS, up to OASIS_INFERENCE_MAX_ATTEMPTS.
 *
 * Embedded default: this process claims and runs jobs itself. With REDIS_URL and
 * OASIS_INFERENCE_MODE=workers, the API only enqueues BullMQ jobs (one per pre-read, deduplicated by id) and
 * separate worker processes (`npm run worker`, e.g. on GPU hosts) consume them.
 */
@Injectable()
export class PreReadQueue implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PreReadQueue.name);
  private bull: Queue | null = null;
  private worker: Worker | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(forwardRef(() => PreReadProcessor)) private readonly processor: PreReadProcessor,
  ) {}

  private get local(): boolean {
    return this.config.inferenceMode === 'in-process';
  }

  private get consumer(): boolean {
    return this.config.inferenceMode === 'worker';
  }

  async onApplicationBootstrap() {
    if (!(await this.dataSource.query(`SELECT to_regclass('pre_read') AS t`))[0]?.t) return;
    if (!this.local) {
      const connection = { url: this.config.redisUrl, maxRetriesPerRequest: null } as ConnectionOptions;
      this.bull = new Queue(QUEUE_NAME, { connection, prefix: this.config.queuePrefix });
      if (this.consumer) {
        this.worker = new Worker(QUEUE_NAME, (job) => this.runOne(job.data.preReadId as string), {
          connection,
          prefix: this.config.queuePrefix,
          concurrency: this.config.inferenceMaxBatch * 2,
        });
      }
    }
    if (this.local || this.consumer) this.tick();
    else this.wake();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.worker?.close();
    await this.bull?.close();
    await this.draining;
  }

  /** New work was committed: run it here, or hand it to the workers. */
  wake(): void {
    if (this.stopped) return;
    if (this.local) {
      this.drain();
      return;
    }
    this.enqueueQueued().catch((error) => this.logger.error({ msg: 'could not enqueue pre-reads', error: (error as Error).message }));
  }

  /** Queued rows the whole system still has to run (for health and the benchmark). */
  async depth(): Promise<number> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM pre_read WHERE status IN ('QUEUED','RUNNING')`);
    return count;
  }

  /**
   * Waits until nothing is queued or running (tests, benchmark). In-process it waits for the drain that runs
   * the jobs rather than asking the database every few ms: on the embedded database each such query would hold
   * the one connection the pipeline needs, and the benchmark would measure its own polling. It also waits for a
   * drain still finishing its last batch, whose lanes would otherwise claim whatever is queued next.
   */
  async idle(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.depth()) > 0 || (this.local && this.draining)) {
      if (Date.now() > deadline) throw new Error('pre-read queue did not empty in time');
      let timer: NodeJS.Timeout | undefined;
      const pause = new Promise((resolve) => (timer = setTimeout(resolve, this.local && this.draining ? deadline - Date.now() : 25)));
      await Promise.race([pause, ...(this.local && this.draining ? [this.draining] : [])]);
      clearTimeout(timer);
    }
  }

  private tick() {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      await this.reap().catch((error) => this.logger.error({ msg: 'reaper failed', error: (error as Error).message }));
      // Workers also re-enqueue what is QUEUED: covers a notification lost while Redis was away.
      if (this.local) this.drain();
      else await this.enqueueQueued().catch(() => undefined);
      this.tick();
    }, POLL_MS);
    this.timer.unref();
  }

  /**
   * LANES lanes each claim a batch and run it, so one lane's database and decoding work overlaps another's
   * inference and the dynamic batcher always has the next batch waiting.
   */
  private drain(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    const lane = async () => {
      let jobs: ClaimedJob[];
      while (!this.stopped && (jobs = await this.claim(this.config.inferenceMaxBatch)).length > 0) await this.run(jobs);
    };
    this.draining = (async () => {
      do {
        this.again = false;
        await Promise.all(Array.from({ length: LANES }, lane));
      } while (this.again && !this.stopped);
    })()
      .catch((error) => this.logger.error({ msg: 'pre-read drain failed', error: (error as Error).message }))
      .finally(() => {
        this.draining = null;
      });
  }

  private async enqueueQueued() {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM pre_read WHERE status = 'QUEUED' ORDER BY queued_at LIMIT 1000`);
    if (rows.length === 0 || !this.bull) return;
    await this.bull.addBulk(rows.map((r) => ({ name: 'pre-read', data: { preReadId: r.id }, opts: { jobId: r.id, removeOnComplete: true, removeOnFail: true } })));
  }

  private async runOne(id: string) {
    const jobs = await this.claimById(id);
    if (jobs.length > 0) await this.run(jobs);
  }

  private claim(limit: number): Promise<ClaimedJob[]> {
    return this.claimWhere(`id IN (SELECT id FROM pre_read WHERE status = 'QUEUED' ORDER BY queued_at LIMIT $1 FOR UPDATE SKIP LOCKED)`, [limit]);
  }

  private claimById(id: string): Promise<ClaimedJob[]> {
    return this.claimWhere(`id = $1 AND status = 'QUEUED'`, [id]);
  }

  private async claimWhere(where: string, params: unknown[]): Promise<ClaimedJob[]> {
    const result = await this.dataSource.query(
      `UPDATE pre_read SET status = 'RUNNING', attempts = attempts + 1, started_at = now() WHERE ${where}
        RETURNING id, attempts, image_id, model_version_id`,
      params,
    );
    return returningRows<ClaimedJob>(result);
  }

  private async run(jobs: ClaimedJob[]): Promise<void> {
    let failures;
    try {
      failures = await this.processor.process(jobs);
    } catch (error) {
      failures = jobs.map((job) => ({ job, error }));
    }
    for (const { job, error } of failures) await this.recordFailure(job, error);
  }

  private async recordFailure(job: ClaimedJob, error: unknown): Promise<void> {
    const code = error instanceof ImagingError ? error.problem : error instanceof AppError ? error.code : 'INFERENCE_FAILED';
    const permanent = error instanceof ImagingError || PERMANENT.has(code) || job.attempts >= this.config.inferenceMaxAttempts;
    this.logger.warn({ msg: 'pre-read failed', preReadId: job.id, attempt: job.attempts, code, permanent, error: (error as Error).message });
    await this.dataSource.query(
      `UPDATE pre_read SET status = $3::varchar, error_code = $4, error_message = $5, completed_at = CASE WHEN $3::varchar = 'FAILED' THEN now() END
        WHERE id = $1 AND attempts = $2 AND status = 'RUNNING'`,
      [job.id, job.attempts, permanent ? PreReadStatus.FAILED : PreReadStatus.QUEUED, code, (error as Error).message.slice(0, 500)],
    );
    if (permanent) await this.processor.publish(job.id);
    else this.wake();
  }

  /** Puts back jobs whose worker stopped answering; gives up on those out of attempts. */
  private async reap() {
    await this.dataSource.query(
      `UPDATE pre_read
          SET status = CASE WHEN attempts >= $2 THEN 'FAILED' ELSE 'QUEUED' END,
              error_code = CASE WHEN attempts >= $2 THEN 'WORKER_LOST' ELSE error_code END,
              completed_at = CASE WHEN attempts >= $2 THEN now() END
        WHERE status = 'RUNNING' AND started_at < now() - make_interval(secs => $1::double precision / 1000)`,
      [this.config.inferenceJobTimeoutMs, this.config.inferenceMaxAttempts],
    );
  }
}
