import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lesion } from '../ai/lesion.entity.js';
import { PreRead } from '../ai/pre-read.entity.js';
import { PreReadQueue } from '../ai/pre-read-queue.service.js';
import { StoredBlob } from '../storage/stored-blob.entity.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { servedModel } from '../testing/served-model.js';
import { subscribe } from '../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createUpload, sendChunk, uploadFile, uploadOffset } from '../testing/upload-client.js';
import { StudyImage } from './study-image.entity.js';

// A real breast ultrasound from the validation split (read at test time, never copied into the repository).
const BUSI_IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));

const STUDY = `query($id: ID!) { study(id: $id) { id region images { id width height format calibration
  preRead { status experimental call malignancyProbability categorySystem categoryValue errorCode modelVersion { region version }
    lesions { index x y width height widthMm maxDiameterMm calibrationSource probability } } } } }`;

describe.each(DATABASE_KINDS)('AI second opinion on an uploaded study (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let institutionId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
  });
  afterAll(() => t?.close());

  async function patientWithConsent(name: string, consent = true): Promise<string> {
    const registered = await t.gql(
      'mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }',
      { p: { institutionId, name, sex: 'F', birthDate: '1975-03-08', address: 'Tokuzak village 3' } },
      doctor,
    );
    const id = registered.data!.registerPatient.id;
    if (consent) {
      await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId: id, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
    }
    return id;
  }

  async function study(patientId: string, region = 'BREAST', mmPerPixel?: number): Promise<string> {
    const created = await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id images { id } } }', { s: { patientId, region, uploaderMmPerPixel: mmPerPixel } }, doctor);
    expect(created.data?.createStudy.images).toEqual([]);
    expect(created.errors).toBeUndefined();
    return created.data!.createStudy.id;
  }

  it('resumes a cut upload, runs the breast model and tells the uploader when the pre-read is ready', async () => {
    const studyId = await study(await patientWithConsent('Ayshem Tursun'), 'BREAST', 0.1);
    const live = subscribe<{ preReadUpdated: { status: string; studyId: string; queuedAt: string; modelVersion: { version: string }; lesions: Array<{ id: string }> } }>(
      t.url,
      doctor,
      `subscription { preReadUpdated(studyId: "${studyId}") { status studyId queuedAt call modelVersion { version } lesions { id widthMm } } }`,
    );
    await live.ready;

    // The version a fresh install serves: the newest that passes its release gate, else the newest (experimental).
    const served = await servedModel(t, 'BREAST');

    const created = await createUpload(t.url, doctor, studyId, BUSI_IMAGE.length, 'breast-left.png');
    expect(created.status).toBe(201);
    const id = created.body.id!;
    const half = Math.floor(BUSI_IMAGE.length / 2);
    expect((await sendChunk(t.url, doctor, id, 0, BUSI_IMAGE.subarray(0, half))).body).toMatchObject({ offset: half, complete: false });
    // The link drops; the client asks where to continue. A resend from the start is refused with the right offset.
    expect(await uploadOffset(t.url, doctor, id)).toBe(half);
    const wrong = await sendChunk(t.url, doctor, id, 0, BUSI_IMAGE.subarray(0, 100));
    expect(wrong.status).toBe(409);
    expect(wrong.body.errors![0].extensions).toMatchObject({ code: 'UPLOAD_OFFSET_MISMATCH', offset: half });
    const done = await sendChunk(t.url, doctor, id, half, BUSI_IMAGE.subarray(half));
    expect(done.body).toMatchObject({ complete: true });
    expect(done.body.imageIds).toHaveLength(1);

    await live.waitFor((events) => events.some((e) => e.preReadUpdated.status === 'DONE'), 20_000);
    await live.close();
    // The event carries the whole result, as stored.
    const event = live.received.find((e) => e.preReadUpdated.status === 'DONE')!.preReadUpdated;
    expect(event).toMatchObject({ studyId, modelVersion: { version: served.version } });
    expect(event.queuedAt).toEqual(expect.any(String));
    expect(event.lesions[0].id).toEqual(expect.any(String));
    const result = (await t.gql(STUDY, { id: studyId }, doctor)).data!.study;
    const image = result.images[0];
    expect(image).toMatchObject({ width: 256, height: 256, format: 'png', calibration: { source: 'uploader', mmPerPixelX: 0.1 } });
    expect(image.preRead).toMatchObject({ status: 'DONE', experimental: !served.validated, modelVersion: { region: 'BREAST', version: served.version } });
    if (served.validated) {
      // A validated model: a call, a category and its probability.
      expect(image.preRead.categorySystem).toBe('BI-RADS');
      expect(image.preRead.malignancyProbability).toBeGreaterThanOrEqual(0);
      expect(image.preRead.malignancyProbability).toBeLessThanOrEqual(1);
      expect(['BENIGN', 'MALIGNANT']).toContain(image.preRead.call);
    } else {
      // An experimental one locates lesions but gives no benign/malignant call and no category.
      expect(image.preRead).toMatchObject({ call: null, categoryValue: null });
    }
    const lesion = image.preRead.lesions[0];
    expect(lesion.x + lesion.width).toBeLessThanOrEqual(256);
    expect(lesion.widthMm).toBeCloseTo(lesion.width * 0.1, 1);
    expect(lesion.calibrationSource).toBe('uploader');
  });

  it('stores an identical file once, however often it is uploaded', async () => {
    const studyId = await study(await patientWithConsent('Repeat Upload'));
    const before = await t.dataSource.getRepository(StoredBlob).count();
    const first = await uploadFile(t.url, doctor, studyId, BUSI_IMAGE);
    expect(first.body.complete).toBe(true);
    expect(await t.dataSource.getRepository(StoredBlob).count()).toBe(before);
    // Sent again to the same study (a retry after a lost answer): the same image, no second pre-read.
    const again = await uploadFile(t.url, doctor, studyId, BUSI_IMAGE);
    expect(again.body.imageIds).toEqual(first.body.imageIds);
    expect(await t.dataSource.getRepository(PreRead).countBy({ studyId })).toBe(1);
  });

  it('does not analyse without AI consent, and says so', async () => {
    const studyId = await study(await patientWithConsent('No Consent', false));
    await uploadFile(t.url, doctor, studyId, BUSI_IMAGE);
    const result = (await t.gql(STUDY, { id: studyId }, doctor)).data!.study;
    expect(result.images[0].preRead).toMatchObject({ status: 'NO_CONSENT', malignancyProbability: null, modelVersion: null });
  });

  it('says plainly that a region has no model instead of guessing', async () => {
    const studyId = await study(await patientWithConsent('Liver Patient'), 'LIVER');
    await uploadFile(t.url, doctor, studyId, BUSI_IMAGE);
    const result = (await t.gql(STUDY, { id: studyId }, doctor)).data!.study;
    expect(result.images[0].preRead).toMatchObject({ status: 'NO_MODEL', malignancyProbability: null, lesions: [] });
  });

  it('refuses a non-image renamed .png with a code and keeps nothing', async () => {
    const studyId = await study(await patientWithConsent('Bad File'));
    const images = await t.dataSource.getRepository(StudyImage).count();
    const blobs = await t.dataSource.getRepository(StoredBlob).count();
    const result = await uploadFile(t.url, doctor, studyId, new TextEncoder().encode('this is a referral letter, not an image'), 1024, 'scan.png');
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNSUPPORTED_FILE_TYPE' });
    expect(await t.dataSource.getRepository(StudyImage).count()).toBe(images);
    expect(await t.dataSource.getRepository(StoredBlob).count()).toBe(blobs);
  });

  it('refuses a file over the size limit before any byte is sent', async () => {
    const studyId = await study(await patientWithConsent('Huge File'));
    const result = await createUpload(t.url, doctor, studyId, 10 * 1024 * 1024 * 1024);
    expect(result.status).toBe(413);
    expect(result.body.errors![0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('keeps patients and studies inside the institution', async () => {
    const studyId = await study(await patientWithConsent('Private Patient'));
    const trainee = await t.signIn('trainee');
    expect(codeOf(await t.gql(STUDY, { id: studyId }, trainee))).toBe('FORBIDDEN');
    const upload = await createUpload(t.url, trainee, studyId, 100);
    expect(upload.status).toBe(403);
    const admin = await t.signIn('admin');
    expect(codeOf(await t.gql('{ patients { id } }', {}, admin))).toBe('FORBIDDEN');
  });

  it('runs a job whose worker died exactly once more, never into two results', async () => {
    const studyId = await study(await patientWithConsent('Lost Worker'));
    const queue = t.app.get(PreReadQueue);
    await uploadFile(t.url, doctor, studyId, BUSI_IMAGE);
    await queue.idle();
    const preRead = await t.dataSource.getRepository(PreRead).findOneByOrFail({ studyId });
    // Pretend a worker claimed it again and died: RUNNING long ago. The reaper must put it back, and the
    // rerun must replace nothing: the row completes once and keeps exactly its lesions.
    const lesionsBefore = await t.dataSource.getRepository(Lesion).countBy({ preReadId: preRead.id });
    await t.dataSource.query(`UPDATE pre_read SET status = 'RUNNING', started_at = now() - interval '1 hour' WHERE id = $1`, [preRead.id]);
    await (queue as unknown as { reap(): Promise<void> }).reap();
    expect((await t.dataSource.getRepository(PreRead).findOneByOrFail({ id: preRead.id })).status).toBe('QUEUED');
    await t.dataSource.query(`DELETE FROM lesion WHERE pre_read_id = $1`, [preRead.id]);
    queue.wake();
    await queue.idle();
    const after = await t.dataSource.getRepository(PreRead).findOneByOrFail({ id: preRead.id });
    expect(after).toMatchObject({ status: 'DONE', attempts: 2 });
    expect(await t.dataSource.getRepository(Lesion).countBy({ preReadId: preRead.id })).toBe(lesionsBefore);
    expect(await t.dataSource.getRepository(PreRead).countBy({ imageId: preRead.imageId })).toBe(1);
  });

  it('lets an admin roll a region back to an earlier model version, audited', async () => {
    const admin = await t.signIn('admin');
    type Version = { id: string; region: string; version: string; status: string };
    const breastVersions = async () =>
      ((await t.gql('{ modelVersions { id region version status } }', {}, admin)).data!.modelVersions as Version[]).filter((v) => v.region === 'BREAST');
    const active = (await breastVersions()).find((v) => v.status === 'ACTIVE')!;
    const earlier = (await breastVersions()).find((v) => v.id !== active.id)!;
    const ACTIVATE = 'mutation($id: ID!) { activateModelVersion(id: $id) { status } }';
    expect(codeOf(await t.gql(ACTIVATE, { id: earlier.id }, doctor))).toBe('FORBIDDEN');
    expect((await t.gql(ACTIVATE, { id: earlier.id }, admin)).data).toEqual({ activateModelVersion: { status: 'ACTIVE' } });
    expect((await breastVersions()).filter((v) => v.status === 'ACTIVE').map((v) => v.version)).toEqual([earlier.version]);
    const audited = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'model.activate' AND resource_id = $1`, [earlier.id]);
    expect(audited[0].n).toBe(1);
    expect((await t.gql(ACTIVATE, { id: active.id }, admin)).data).toEqual({ activateModelVersion: { status: 'ACTIVE' } });
    const status = (await t.gql('{ inferenceStatus { providers mode queueDepth loaded { provider batches } } }', {}, admin)).data!.inferenceStatus;
    expect(status.providers).toContain('cpu');
    expect(status.mode).toBe('in-process');
  });
});
