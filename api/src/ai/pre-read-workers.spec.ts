import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '../config/config.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { subscribe } from '../testing/subscribe.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { uploadFile } from '../testing/upload-client.js';
import { WorkerModule } from '../worker.module.js';
import { PreRead } from './pre-read.entity.js';

/**
 * At scale the API only enqueues (BullMQ on Redis) and separate worker processes run the model; results and
 * live notifications still reach the uploader through PostgreSQL and Redis.
 */
describe('pre-reads through Redis and a separate inference worker', () => {
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let dataDir: string;
  const shared = { REDIS_URL: 'redis://127.0.0.1:6379', OASIS_QUEUE_PREFIX: `oasis-test-${randomBytes(4).toString('hex')}` };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'oasis-workers-'));
    api = await createTestApp('postgres', { ...shared, OASIS_DATA_DIR: dataDir, OASIS_INFERENCE_MODE: 'workers' });
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('queues in the API, runs in the worker, and notifies the API’s subscriber', async () => {
    const doctor = await api.signIn('doctor');
    const institutionId = (await api.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const patientId = (
      await api.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Queue Patient', sex: 'F' } }, doctor)
    ).data!.registerPatient.id;
    await api.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'verbal' } }, doctor);
    const studyId = (await api.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'THYROID' } }, doctor)).data!.createStudy.id;

    const live = subscribe<{ preReadUpdated: { status: string } }>(api.url, doctor, `subscription { preReadUpdated(studyId: "${studyId}") { status } }`);
    await live.ready;
    const image = await readFile(join(DATASETS_DIR, 'ddti/images/ddti_benign_002-1.png'));
    expect((await uploadFile(api.url, doctor, studyId, image)).body.complete).toBe(true);

    // Nothing runs without a worker: the job waits, durable, in the database and in Redis.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await api.dataSource.getRepository(PreRead).findOneByOrFail({ studyId })).status).toBe('QUEUED');

    const config = loadConfig({ NODE_ENV: 'test', ...shared, DATABASE_URL: api.config.databaseUrl!, OASIS_DATA_DIR: dataDir, OASIS_INFERENCE_MODE: 'worker' });
    worker = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: false });
    await worker.init();

    await live.waitFor((events) => events.some((e) => e.preReadUpdated.status === 'DONE'), 30_000);
    await live.close();
    const done = await api.dataSource.getRepository(PreRead).findOneByOrFail({ studyId });
    // The shipped thyroid model fails its release gate: the worker stores the result without a call or category.
    expect(done).toMatchObject({ status: 'DONE', attempts: 1, call: null, categorySystem: null });
  });
});
