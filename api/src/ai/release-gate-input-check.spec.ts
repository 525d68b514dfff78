import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { DATASETS_DIR } from '../testing/datasets.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { uploadFile } from '../testing/upload-client.js';
import { PreReadQueue } from './pre-read-queue.service.js';

const BUSI = join(DATASETS_DIR, 'busi/images/busi_malignant_047.png');
const DDTI = join(DATASETS_DIR, 'ddti/images/ddti_benign_247-1-1.png');

/** A card that passes its gate on the figures it carries (the real model, declared validated for the test). */
const passing = (card: Record<string, unknown>) => ({
  ...card,
  releaseGate: { metric: 'auc.ci95.low', minimum: 0.8, sites: ['busi'], split: 'val' },
  metrics: { ...(card.metrics as object), validationBySite: { busi: { split: 'val', n: 64, auc: { value: 0.9, ci95: [0.84, 0.96] } } } },
});

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new pngjs.PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      image.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  return pngjs.PNG.sync.write(image);
}

/** Models folder: breast 1.0.0 declared validated, a newer breast 1.1.0 without a gate, thyroid without one, the input check. */
async function modelsFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'oasis-gate-'));
  await cp('models/breast/1.0.0', join(dir, 'breast/1.0.0'), { recursive: true });
  await cp('models/breast/1.0.0', join(dir, 'breast/1.1.0'), { recursive: true });
  await cp('models/thyroid/1.0.0', join(dir, 'thyroid/1.0.0'), { recursive: true });
  await cp('models/input-check', join(dir, 'input-check'), { recursive: true });
  const cardPath = join(dir, 'breast/1.0.0/model-card.json');
  await writeFile(cardPath, JSON.stringify(passing(JSON.parse(await readFile(cardPath, 'utf8')))));
  return dir;
}

const PRE_READ = 'preRead { status call malignancyProbability categoryValue errorCode experimental modelVersion { version operatingThreshold } }';

describe.each(DATABASE_KINDS)('release gate and input checks (%s)', (kind) => {
  let t: TestApp;
  let modelsDir: string;
  let doctor: string;
  let patientId: string;

  beforeAll(async () => {
    modelsDir = await modelsFolder();
    t = await createTestApp(kind, { OASIS_MODELS_DIR: modelsDir });
    doctor = await t.signIn('doctor');
    const institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Gate Check', sex: 'F' } }, doctor)).data!
      .registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
  });
  afterAll(async () => {
    await t?.close();
    await rm(modelsDir, { recursive: true, force: true });
  });

  async function preReadOf(region: string, image: Uint8Array) {
    const studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region } }, doctor)).data!.createStudy.id;
    await uploadFile(t.url, doctor, studyId, image);
    await t.app.get(PreReadQueue).idle();
    return (await t.gql(`query($id: ID!) { study(id: $id) { images { ${PRE_READ} } } }`, { id: studyId }, doctor)).data!.study.images[0].preRead;
  }

  it('serves the newest version that passes its gate, and the models page says why the others fail', async () => {
    const admin = await t.signIn('admin');
    const versions = (await t.gql('{ modelVersions { region version status gate { passed minimum reasons sites { site aucLow passed } } } }', {}, admin)).data!.modelVersions;
    const byKey = Object.fromEntries(versions.map((v: { region: string; version: string }) => [`${v.region}/${v.version}`, v]));
    expect(byKey['BREAST/1.0.0']).toMatchObject({ status: 'ACTIVE', gate: { passed: true, minimum: 0.8, reasons: [], sites: [{ site: 'busi', aucLow: 0.84, passed: true }] } });
    expect(byKey['BREAST/1.1.0']).toMatchObject({ status: 'AVAILABLE', gate: { passed: false, reasons: ['the model card declares no release gate (no validated minimum)'] } });
    // no version of the region passes: the newest is served, as experimental
    expect(byKey['THYROID/1.0.0']).toMatchObject({ status: 'ACTIVE', gate: { passed: false } });
  });

  it('gives a validated model’s call with its threshold', async () => {
    expect(await preReadOf('BREAST', await readFile(BUSI))).toMatchObject({
      status: 'DONE',
      call: expect.stringMatching(/^(BENIGN|MALIGNANT)$/),
      malignancyProbability: expect.any(Number),
      experimental: false,
      modelVersion: { version: '1.0.0', operatingThreshold: 0.351417 },
    });
  });

  it('gives no call, no category and (without the admin’s opt-in) no score from an experimental model', async () => {
    expect(await preReadOf('THYROID', await readFile(DDTI))).toMatchObject({ status: 'DONE', call: null, malignancyProbability: null, categoryValue: null, experimental: true });
  });

  it('refuses noise, a thyroid image in a breast study and a colour Doppler-like image with a coded reason, never a call', async () => {
    let seed = 7;
    const noise = png(300, 220, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = seed % 256;
      return [v, v, v];
    });
    expect(await preReadOf('BREAST', noise)).toMatchObject({ status: 'REFUSED', errorCode: 'NOT_ULTRASOUND', call: null, malignancyProbability: null });
    expect(await preReadOf('BREAST', await readFile(DDTI))).toMatchObject({ status: 'REFUSED', errorCode: 'WRONG_REGION', call: null });
    const grey = pngjs.PNG.sync.read(await readFile(BUSI));
    const doppler = png(grey.width, grey.height, (x, y) => {
      const v = grey.data[(y * grey.width + x) * 4];
      const inFlow = (x - grey.width / 2) ** 2 + (y - grey.height / 2) ** 2 < (grey.width / 5) ** 2;
      return inFlow && (x + y) % 3 !== 0 ? [220, 30, 20] : [v, v, v];
    });
    expect(await preReadOf('BREAST', doppler)).toMatchObject({ status: 'REFUSED', errorCode: 'UNSUPPORTED_MODE', call: null });
  });
});

describe('an experimental model’s score, where the admin opted in', () => {
  let t: TestApp;
  let modelsDir: string;
  beforeAll(async () => {
    modelsDir = await modelsFolder();
    t = await createTestApp('pglite', { OASIS_MODELS_DIR: modelsDir, OASIS_AI_EXPERIMENTAL_SCORES: 'on' });
  });
  afterAll(async () => {
    await t?.close();
    await rm(modelsDir, { recursive: true, force: true });
  });

  it('shows the score, still without a call', async () => {
    const doctor = await t.signIn('doctor');
    const institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Opt In', sex: 'F' } }, doctor)).data!
      .registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
    const studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'THYROID' } }, doctor)).data!.createStudy.id;
    await uploadFile(t.url, doctor, studyId, await readFile(DDTI));
    await t.app.get(PreReadQueue).idle();
    const preRead = (await t.gql(`query($id: ID!) { study(id: $id) { images { ${PRE_READ} } } }`, { id: studyId }, doctor)).data!.study.images[0].preRead;
    expect(preRead).toMatchObject({ status: 'DONE', call: null, experimental: true, malignancyProbability: expect.any(Number) });
  });
});
