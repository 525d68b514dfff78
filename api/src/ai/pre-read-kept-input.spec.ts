import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../imaging/decode/decode-image.js';
import { unpackPlanes } from '../imaging/decode/model-planes.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { uploadFile } from '../testing/upload-client.js';
import { INPUT_CHECK_SIZE, MODEL_INPUT_SIZE, toModelInput } from './inference/preprocess.js';
import { PreRead, PreReadStatus } from './pre-read.entity.js';
import { PreReadQueue } from './pre-read-queue.service.js';

const BUSI = join(DATASETS_DIR, 'busi/images/busi_malignant_047.png');

/**
 * Decode once: the model inputs are made in the decode pool at upload and kept beside the frame, so a pre-read
 * decodes and resizes nothing; images stored before fall back to the pool, never to the event loop.
 */
describe.each(DATABASE_KINDS)('pre-reads from the model input kept at upload (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let patientId: string;
  let uploaded: StudyImage;
  let first: PreRead;

  const createStudy = async () =>
    (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'BREAST' } }, doctor)).data!.createStudy.id as string;
  const blobPath = (sha256: string) => join(t.config.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  /** A pre-read of the uploaded image's stored data, as another (new) image row with these overrides. */
  async function preReadOfCopy(overrides: Partial<StudyImage>): Promise<PreRead> {
    const { blobSha256, frameIndex, framePngSha256, modelInputSha256, colourFraction, format, width, height, calibration } = uploaded;
    const image = await t.dataSource
      .getRepository(StudyImage)
      .save({ studyId: await createStudy(), blobSha256, frameIndex, framePngSha256, modelInputSha256, colourFraction, format, width, height, calibration, ...overrides });
    const row = await t.dataSource.getRepository(PreRead).save({ imageId: image.id, studyId: image.studyId, modelVersionId: first.modelVersionId, status: PreReadStatus.QUEUED });
    const queue = t.app.get(PreReadQueue);
    queue.wake();
    await queue.idle();
    return t.dataSource.getRepository(PreRead).findOneByOrFail({ id: row.id });
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    const institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Kept Input', sex: 'F' } }, doctor)).data!
      .registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
    const studyId = await createStudy();
    expect((await uploadFile(t.url, doctor, studyId, await readFile(BUSI))).body.complete).toBe(true);
    await t.app.get(PreReadQueue).idle();
    uploaded = await t.dataSource.getRepository(StudyImage).findOneByOrFail({ studyId });
    first = await t.dataSource.getRepository(PreRead).findOneByOrFail({ imageId: uploaded.id });
  });
  afterAll(() => t?.close());

  it('keeps, at upload, the planes toModelInput makes from the decoded frame: the model’s and the input check’s', async () => {
    expect(first).toMatchObject({ status: 'DONE', lesionProbability: expect.any(Number) });
    expect(uploaded.modelInputSha256).toMatch(/^[0-9a-f]{64}$/);
    const planes = unpackPlanes(await t.app.get<BlobStore>(BLOB_STORE).get(uploaded.modelInputSha256!))!;
    const frame = (await decodeImage(await readFile(BUSI))).frames[0]!;
    expect([...planes.keys()]).toEqual([MODEL_INPUT_SIZE, INPUT_CHECK_SIZE]);
    expect(planes.get(MODEL_INPUT_SIZE)).toEqual(toModelInput(frame, MODEL_INPUT_SIZE));
    expect(planes.get(INPUT_CHECK_SIZE)).toEqual(toModelInput(frame, INPUT_CHECK_SIZE));
  });

  it('pre-reads an image stored before model inputs were kept from its kept frame, with the same result', async () => {
    const again = await preReadOfCopy({ modelInputSha256: null });
    expect(again.status).toBe('DONE');
    expect(again.lesionProbability).toBeCloseTo(first.lesionProbability!, 5);
  });

  it('needs nothing but the kept model input: with the kept frame and the file gone it still pre-reads, the same', async () => {
    await rm(blobPath(uploaded.framePngSha256!));
    await rm(blobPath(uploaded.blobSha256));
    // Without a kept model input the frame is needed, and it is gone: this is what a pre-read from pixels would meet.
    expect(await preReadOfCopy({ modelInputSha256: null })).toMatchObject({ status: 'FAILED', errorCode: 'NOT_FOUND' });
    const again = await preReadOfCopy({});
    expect(again.status).toBe('DONE');
    expect(again.lesionProbability).toBeCloseTo(first.lesionProbability!, 5);
  });
});
