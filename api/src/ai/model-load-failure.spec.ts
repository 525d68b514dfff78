import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DATASETS_DIR } from '../testing/datasets.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { uploadFile } from '../testing/upload-client.js';
import { PreReadQueue } from './pre-read-queue.service.js';

/**
 * A malformed model file is refused when the folder is registered, naming the file; one that breaks after
 * registration (a bad copy, a disk fault) fails its pre-reads with a code while other regions keep being served.
 */
describe('an ONNX file that is malformed or fails to load', () => {
  let t: TestApp;
  let modelsDir: string;
  const logged: string[] = [];

  beforeAll(async () => {
    modelsDir = await mkdtemp(join(tmpdir(), 'oasis-models-'));
    await cp(join(process.cwd(), 'models/breast'), join(modelsDir, 'breast'), { recursive: true });
    await cp(join(process.cwd(), 'models/thyroid/1.0.0'), join(modelsDir, 'thyroid/1.0.0'), { recursive: true });
    await mkdir(join(modelsDir, 'thyroid/2.0.0'), { recursive: true });
    await cp(join(process.cwd(), 'models/thyroid/2.0.0/model-card.json'), join(modelsDir, 'thyroid/2.0.0/model-card.json'));
    await writeFile(join(modelsDir, 'thyroid/2.0.0/model.onnx'), 'not an onnx graph');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void logged.push(JSON.stringify(message)));
    t = await createTestApp('pglite', { OASIS_MODELS_DIR: modelsDir });
    warn.mockRestore();
    // Broken after it was registered: only loading it finds out.
    await writeFile(join(modelsDir, 'thyroid/1.0.0/model.onnx'), 'not an onnx graph either');
  });
  afterAll(async () => {
    await t?.close();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('refuses a malformed model file at registration, naming the file', async () => {
    const admin = await t.signIn('admin');
    const thyroid = (await t.gql('{ modelVersions { region version } }', {}, admin)).data!.modelVersions.filter((m: { region: string }) => m.region === 'THYROID');
    expect(thyroid.map((m: { version: string }) => m.version)).toEqual(['1.0.0']);
    expect(logged.find((line) => line.includes('model folder skipped'))).toContain(join(modelsDir, 'thyroid/2.0.0/model.onnx'));
    expect(logged.find((line) => line.includes('model folder skipped'))).toContain('not a loadable ONNX graph');
  });

  it('fails the thyroid pre-read with MODEL_LOAD_FAILED, records why, and still serves breast', async () => {
    const doctor = await t.signIn('doctor');
    const institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Two Regions', sex: 'F' } }, doctor))
      .data!.registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
    const image = await readFile(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
    const statusOf = async (region: string) => {
      const studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region } }, doctor)).data!.createStudy.id;
      await uploadFile(t.url, doctor, studyId, image);
      await t.app.get(PreReadQueue).idle();
      return (await t.gql('query($id: ID!) { study(id: $id) { images { preRead { status errorCode } } } }', { id: studyId }, doctor)).data!.study.images[0].preRead;
    };
    expect(await statusOf('THYROID')).toEqual({ status: 'FAILED', errorCode: 'MODEL_LOAD_FAILED' });
    expect(await statusOf('BREAST')).toMatchObject({ status: 'DONE', errorCode: null });

    const admin = await t.signIn('admin');
    const thyroid = (await t.gql('{ modelVersions { id region loadError } }', {}, admin)).data!.modelVersions.find((m: { region: string }) => m.region === 'THYROID');
    expect(thyroid.loadError).toMatch(/No execution provider could open/);
    const activate = await t.gql('mutation($id: ID!) { activateModelVersion(id: $id) { id } }', { id: thyroid.id }, admin);
    expect(activate.errors?.[0].extensions?.code).toBe('MODEL_LOAD_FAILED');
  });
});
