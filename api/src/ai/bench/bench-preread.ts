import 'reflect-metadata';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../../common/json-logger.js';
import { loadConfig } from '../../config/config.js';
import { createApp } from '../../create-app.js';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { decodeImage } from '../../imaging/decode/decode-image.js';
import { Study } from '../../imaging/study.entity.js';
import { StudyImage } from '../../imaging/study-image.entity.js';
import { Consent, ConsentPurpose } from '../../patients/consent.entity.js';
import { Patient, Sex } from '../../patients/patient.entity.js';
import { seedDemo } from '../../seed/seed-demo.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { StoredBlob } from '../../storage/stored-blob.entity.js';
import { User } from '../../identity/user.entity.js';
import { toModelInput, batchTensorData } from '../inference/preprocess.js';
import { ModelStatus, ModelVersion } from '../model-version.entity.js';
import { PreRead, PreReadStatus } from '../pre-read.entity.js';
import { PreReadQueue } from '../pre-read-queue.service.js';
import { percentile, round } from '../../common/percentiles.js';

/**
 * `npm run bench:preread`: pre-read throughput and latency through the whole pipeline (stored file →
 * decode → preprocess → queue → batched inference → persist) next to a bare onnxruntime `session.run` loop
 * on the same model and batch size. A measurement, not a test: it prints figures and fails only on errors.
 */
const THROUGHPUT_IMAGES = Number(process.env.BENCH_IMAGES ?? 160);
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const DATASET = resolve(process.env.OASIS_DATASETS_DIR ?? '../shared/datasets', 'busi/images');


async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), 'oasis-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', OASIS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error' });
  const app = await createApp({ config, schemaFile: false, logger: new JsonLogger('error') });
  const dataSource = app.get(DataSource);
  await dataSource.runMigrations();
  await seedDemo(dataSource);
  await app.init();
  const blobs = app.get<BlobStore>(BLOB_STORE);
  const queue = app.get(PreReadQueue);
  const model = await dataSource.getRepository(ModelVersion).findOneByOrFail({ region: AnatomicalRegion.BREAST, status: ModelStatus.ACTIVE });

  // Real breast images, stored once each, as uploads leave them.
  const files = (await readdir(DATASET)).filter((f) => f.endsWith('.png')).sort().slice(0, 40);
  const stored: Array<{ sha256: string; width: number; height: number; bytes: Buffer }> = [];
  for (const file of files) {
    const bytes = await readFile(join(DATASET, file));
    const sha256 = await blobs.put(bytes);
    await dataSource.getRepository(StoredBlob).upsert({ sha256, size: String(bytes.length), contentType: 'image/png' }, ['sha256']);
    const frame = (await decodeImage(bytes)).frames[0];
    stored.push({ sha256, width: frame.width, height: frame.height, bytes });
  }
  const doctor = await dataSource.getRepository(User).findOneByOrFail({ username: 'doctor' });
  const institutionId = (await dataSource.query(`SELECT institution_id FROM role_assignment WHERE user_id = $1`, [doctor.id]))[0].institution_id;
  const patient = await dataSource.getRepository(Patient).save({ institutionId, name: 'Benchmark', sex: Sex.F, createdBy: doctor.id });
  await dataSource.getRepository(Consent).save({ patientId: patient.id, purpose: ConsentPurpose.AI_PROCESSING, granted: true, method: 'written', recordedBy: doctor.id });
  /** Queues `count` pre-reads as one upload would, waits for them, returns per-job latencies (ms). */
  async function run(count: number): Promise<{ seconds: number; latencies: number[] }> {
    // A study per run: one file appears once per study, so a run of N images uses N/40 studies' worth of files.
    const ids = await dataSource.transaction(async (manager) => {
      const studies = await manager.save(
        Study,
        Array.from({ length: Math.ceil(count / stored.length) }, () =>
          manager.create(Study, { patientId: patient.id, institutionId, region: AnatomicalRegion.BREAST, createdBy: doctor.id }),
        ),
      );
      const images = await manager.save(
        StudyImage,
        Array.from({ length: count }, (_, i) => {
          const s = stored[i % stored.length];
          return manager.create(StudyImage, { studyId: studies[Math.floor(i / stored.length)].id, blobSha256: s.sha256, frameIndex: 0, format: 'png', width: s.width, height: s.height, calibration: { source: 'none' } });
        }),
      );
      const rows = await manager.save(
        PreRead,
        images.map((image) => manager.create(PreRead, { imageId: image.id, studyId: image.studyId, modelVersionId: model.id, status: PreReadStatus.QUEUED })),
      );
      return rows.map((r) => r.id);
    });
    const started = performance.now();
    queue.wake();
    await queue.idle(600_000);
    const seconds = (performance.now() - started) / 1000;
    const rows: Array<{ ms: number; status: string }> = await dataSource.query(
      `SELECT status, extract(epoch FROM (completed_at - queued_at)) * 1000 AS ms FROM pre_read WHERE id = ANY($1)`,
      [ids],
    );
    const failed = rows.filter((r) => r.status !== 'DONE');
    if (failed.length > 0) throw new Error(`${failed.length} pre-reads did not complete`);
    return { seconds, latencies: rows.map((r) => Number(r.ms)) };
  }

  await run(8); // warm-up: loads the session, JIT-compiles the path
  const burst = await run(THROUGHPUT_IMAGES);
  const single: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) single.push(...(await run(1)).latencies);

  // The same model and batch size, bare: preprocessed tensors straight into session.run.
  const session = await ort.InferenceSession.create(join(config.modelsDir, 'breast', model.version, 'model.onnx'), { graphOptimizationLevel: 'all' });
  const planes = await Promise.all(stored.map(async (s) => toModelInput((await decodeImage(s.bytes)).frames[0])));
  const batch = config.inferenceMaxBatch;
  const runBatch = (size: number, offset: number) =>
    session.run({ image: new ort.Tensor('float32', batchTensorData(Array.from({ length: size }, (_, i) => planes[(offset + i) % planes.length])), [size, 1, 256, 256]) });
  await runBatch(batch, 0);
  const bareStarted = performance.now();
  for (let done = 0; done < THROUGHPUT_IMAGES; done += batch) await runBatch(Math.min(batch, THROUGHPUT_IMAGES - done), done);
  const bareSeconds = (performance.now() - bareStarted) / 1000;
  const bareSingle: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await runBatch(1, i);
    bareSingle.push(performance.now() - t0);
  }
  await session.release();
  await app.close();
  await rm(dataDir, { recursive: true, force: true });

  const pipelineThroughput = THROUGHPUT_IMAGES / burst.seconds;
  const bareThroughput = THROUGHPUT_IMAGES / bareSeconds;
  const figures = {
    model: `breast ${model.version}`,
    images: THROUGHPUT_IMAGES,
    batchSize: batch,
    maxWaitMs: config.inferenceMaxWaitMs,
    cpus: (await import('node:os')).cpus().length,
    pipeline: {
      throughputImagesPerSecond: round(pipelineThroughput),
      burstLatencyMs: { p50: round(percentile(burst.latencies, 50)), p95: round(percentile(burst.latencies, 95)) },
      singleImageLatencyMs: { p50: round(percentile(single, 50)), p95: round(percentile(single, 95)) },
    },
    bare: {
      throughputImagesPerSecond: round(bareThroughput),
      singleImageLatencyMs: { p50: round(percentile(bareSingle, 50)), p95: round(percentile(bareSingle, 95)) },
    },
    throughputRatio: round(pipelineThroughput / bareThroughput, 3),
  };
  console.log('Pre-read benchmark (breast model, CPU)');
  console.log(`  pipeline  ${figures.pipeline.throughputImagesPerSecond} images/s   single-image p50 ${figures.pipeline.singleImageLatencyMs.p50} ms, p95 ${figures.pipeline.singleImageLatencyMs.p95} ms`);
  console.log(`  bare run  ${figures.bare.throughputImagesPerSecond} images/s   single-image p50 ${figures.bare.singleImageLatencyMs.p50} ms, p95 ${figures.bare.singleImageLatencyMs.p95} ms`);
  console.log(`  ratio     ${figures.throughputRatio} of bare throughput (batch ${batch}, ${THROUGHPUT_IMAGES} images)`);
  console.log(JSON.stringify(figures));
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
