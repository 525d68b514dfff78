import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DataSource } from 'typeorm';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { loadConfig } from '../../config/config.js';
import { createApp } from '../../create-app.js';
import { migrate } from '../../database/migrate.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery } from '../../database/postgres-admin.js';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { decodeImage } from '../../imaging/decode/decode-image.js';
import { ImageFrames, type KeptFrameBlobs } from '../../imaging/decode/image-frames.service.js';
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
 * `npm run bench:preread`: pre-read throughput and latency through the whole pipeline (queue → kept model
 * input → input check → batched inference → one multi-row write per batch) on the embedded database
 * and on PostgreSQL, next to a bare onnxruntime `session.run` loop on the same model and batch size. A
 * measurement, not a test: it prints figures and fails only on errors. BENCH_DATABASES=pglite skips PostgreSQL;
 * BENCH_CPU_PROFILE=<path> writes a CPU profile of each burst.
 */
const THROUGHPUT_IMAGES = Number(process.env.BENCH_IMAGES ?? 160);
const LATENCY_SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const DATASET = resolve(process.env.OASIS_DATASETS_DIR ?? '../shared/datasets', 'busi/images');
const DATABASES = (process.env.BENCH_DATABASES ?? 'pglite,postgres').split(',');

interface PipelineFigures {
  database: string;
  model: string;
  throughputImagesPerSecond: number;
  /** CPU the API's event-loop thread spent per image during the burst: what competes with inference, whatever the machine's load. */
  mainThreadCpuMsPerImage: number | null;
  burstLatencyMs: { p50: number; p95: number };
  singleImageLatencyMs: { p50: number; p95: number };
}

/** BENCH_CPU_PROFILE=<path>: a V8 CPU profile of the event-loop thread during the burst only (open it in Chrome DevTools). */
async function startProfile(): Promise<{ stop(path: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    async stop(path) {
      const { profile } = (await post('Profiler.stop')) as { profile: object };
      await writeFile(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** CPU time of the calling thread (Linux /proc, 10 ms ticks), in ms; null elsewhere. */
function mainThreadCpuMs(): number | null {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'latin1').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** The pipeline on one database (`databaseUrl` unset: embedded PGlite in a temporary folder). */
async function pipeline(databaseUrl: string | undefined): Promise<PipelineFigures & { modelFile: string; batch: number; maxWaitMs: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'oasis-bench-'));
  // One role on the benchmark's own PostgreSQL database (it migrates and runs as the same user).
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...inherited } = process.env;
  const config = loadConfig({ ...inherited, NODE_ENV: 'test', OASIS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  await migrate(config);
  const app = await createApp({ config, schemaFile: false, logger: new JsonLogger('error') });
  const dataSource = app.get(DataSource);
  await seedDemo(dataSource);
  await app.init();
  const frames = app.get(ImageFrames);
  const queue = app.get(PreReadQueue);
  const model = await dataSource.getRepository(ModelVersion).findOneByOrFail({ region: AnatomicalRegion.BREAST, status: ModelStatus.ACTIVE });

  // Real breast images, stored and decoded once each with their kept frame, as uploads leave them.
  const files = (await readdir(DATASET)).filter((f) => f.endsWith('.png')).sort().slice(0, 40);
  const stored: Array<{ sha256: string; kept: KeptFrameBlobs; width: number; height: number; colourFraction: number | null }> = [];
  for (const file of files) {
    const bytes = await readFile(join(DATASET, file));
    const decoded = await frames.decode(bytes);
    const [kept] = await frames.keep(decoded);
    const sha256 = await app.get<BlobStore>(BLOB_STORE).put(bytes);
    const frame = decoded.frames[0]!;
    await dataSource.getRepository(StoredBlob).upsert(
      [
        { sha256, size: String(bytes.length), contentType: 'image/png' },
        { sha256: kept!.png, size: String(frame.png.length), contentType: 'image/png' },
        { sha256: kept!.modelInput, size: String(frame.modelInput.length), contentType: 'application/x-oasis-model-input' },
      ],
      ['sha256'],
    );
    stored.push({ sha256, kept: kept!, width: frame.width, height: frame.height, colourFraction: frame.colourFraction ?? null });
  }
  const doctor = await dataSource.getRepository(User).findOneByOrFail({ username: 'doctor' });
  const institutionId = (await dataSource.query(`SELECT institution_id FROM role_assignment WHERE user_id = $1`, [doctor.id]))[0].institution_id;
  const patient = await dataSource.getRepository(Patient).save({ institutionId, name: 'Benchmark', sex: Sex.F, createdBy: doctor.id });
  await dataSource.getRepository(Consent).save({ patientId: patient.id, purpose: ConsentPurpose.AI_PROCESSING, granted: true, method: 'written', recordedBy: doctor.id });
  /** Queues `count` pre-reads as one upload would, waits for them, returns per-job latencies (ms) and main-thread CPU. */
  async function run(count: number): Promise<{ seconds: number; latencies: number[]; mainThreadCpuMs: number | null }> {
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
          const s = stored[i % stored.length]!;
          return manager.create(StudyImage, {
            studyId: studies[Math.floor(i / stored.length)]!.id,
            blobSha256: s.sha256,
            framePngSha256: s.kept.png,
            modelInputSha256: s.kept.modelInput,
            colourFraction: s.colourFraction,
            frameIndex: 0,
            format: 'png',
            width: s.width,
            height: s.height,
            calibration: { source: 'none' },
          });
        }),
      );
      const rows = await manager.save(
        PreRead,
        images.map((image) => manager.create(PreRead, { imageId: image.id, studyId: image.studyId, modelVersionId: model.id, status: PreReadStatus.QUEUED })),
      );
      return rows.map((r) => r.id);
    });
    const started = performance.now();
    const cpuBefore = mainThreadCpuMs();
    queue.wake();
    await queue.idle(600_000);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = mainThreadCpuMs();
    const rows: Array<{ ms: number; status: string }> = await dataSource.query(
      `SELECT status, extract(epoch FROM (completed_at - queued_at)) * 1000 AS ms FROM pre_read WHERE id = ANY($1)`,
      [ids],
    );
    const failed = rows.filter((r) => r.status !== 'DONE');
    if (failed.length > 0) throw new Error(`${failed.length} pre-reads did not complete (${[...new Set(failed.map((r) => r.status))].join(', ')})`);
    return { seconds, latencies: rows.map((r) => Number(r.ms)), mainThreadCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
  }

  await run(8); // warm-up: loads the sessions, JIT-compiles the path
  const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : null;
  const burst = await run(THROUGHPUT_IMAGES);
  if (profile) await profile.stop(`${process.env.BENCH_CPU_PROFILE}-${databaseUrl ? 'postgres' : 'pglite'}.cpuprofile`);
  const single: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) single.push(...(await run(1)).latencies);
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  return {
    database: databaseUrl ? 'postgres' : 'pglite',
    model: `breast ${model.version}`,
    modelFile: join(config.modelsDir, 'breast', model.version, 'model.onnx'),
    batch: config.inferenceMaxBatch,
    maxWaitMs: config.inferenceMaxWaitMs,
    throughputImagesPerSecond: round(THROUGHPUT_IMAGES / burst.seconds),
    mainThreadCpuMsPerImage: burst.mainThreadCpuMs === null ? null : round(burst.mainThreadCpuMs / THROUGHPUT_IMAGES),
    burstLatencyMs: { p50: round(percentile(burst.latencies, 50)), p95: round(percentile(burst.latencies, 95)) },
    singleImageLatencyMs: { p50: round(percentile(single, 50)), p95: round(percentile(single, 95)) },
  };
}

/** The same model and batch size, bare: preprocessed tensors straight into session.run. */
async function bare(modelFile: string, batch: number) {
  const files = (await readdir(DATASET)).filter((f) => f.endsWith('.png')).sort().slice(0, 40);
  const planes = await Promise.all(files.map(async (f) => toModelInput((await decodeImage(await readFile(join(DATASET, f)))).frames[0]!)));
  const session = await ort.InferenceSession.create(modelFile, { graphOptimizationLevel: 'all' });
  const runBatch = (size: number, offset: number) =>
    session.run({ image: new ort.Tensor('float32', batchTensorData(Array.from({ length: size }, (_, i) => planes[(offset + i) % planes.length]!)), [size, 1, 256, 256]) });
  await runBatch(batch, 0);
  const started = performance.now();
  for (let done = 0; done < THROUGHPUT_IMAGES; done += batch) await runBatch(Math.min(batch, THROUGHPUT_IMAGES - done), done);
  const seconds = (performance.now() - started) / 1000;
  const single: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const t0 = performance.now();
    await runBatch(1, i);
    single.push(performance.now() - t0);
  }
  await session.release();
  return { throughputImagesPerSecond: round(THROUGHPUT_IMAGES / seconds), singleImageLatencyMs: { p50: round(percentile(single, 50)), p95: round(percentile(single, 95)) } };
}

/** A PostgreSQL database of its own for the run, dropped afterwards. */
async function withPostgres<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `oasis_bench_${randomBytes(5).toString('hex')}`;
  await postgresAdminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await postgresAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function main() {
  const runs: Array<Awaited<ReturnType<typeof pipeline>>> = [];
  for (const database of DATABASES) runs.push(database === 'postgres' ? await withPostgres((url) => pipeline(url)) : await pipeline(undefined));
  const reference = await bare(runs[0]!.modelFile, runs[0]!.batch);
  const figures = {
    model: runs[0]!.model,
    images: THROUGHPUT_IMAGES,
    batchSize: runs[0]!.batch,
    maxWaitMs: runs[0]!.maxWaitMs,
    cpus: cpus().length,
    pipelines: runs.map(({ modelFile: _file, batch: _batch, maxWaitMs: _wait, ...run }) => ({ ...run, throughputRatio: round(run.throughputImagesPerSecond / reference.throughputImagesPerSecond, 3) })),
    bare: reference,
  };
  console.log(`Pre-read benchmark (${figures.model}, CPU, batch ${figures.batchSize}, ${THROUGHPUT_IMAGES} images)`);
  for (const run of figures.pipelines) {
    console.log(
      `  ${run.database.padEnd(8)}  ${run.throughputImagesPerSecond} images/s = ${run.throughputRatio} of bare   single-image p50 ${run.singleImageLatencyMs.p50} ms, p95 ${run.singleImageLatencyMs.p95} ms   main thread ${run.mainThreadCpuMsPerImage ?? '?'} ms CPU/image`,
    );
  }
  console.log(`  bare run  ${reference.throughputImagesPerSecond} images/s   single-image p50 ${reference.singleImageLatencyMs.p50} ms, p95 ${reference.singleImageLatencyMs.p95} ms`);
  console.log(JSON.stringify(figures));
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
