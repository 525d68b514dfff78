import { createHash } from 'node:crypto';
import pngjs from 'pngjs';
import { In } from 'typeorm';
import { PreReadQueue } from '../ai/pre-read-queue.service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { uploadFile } from '../testing/upload-client.js';
import { makeDicom, truncate } from './dicom/testing/make-dicom.js';
import { StudyImage } from './study-image.entity.js';

const STUDY = `query($id: ID!) { study(id: $id) { studyInstanceUid images { id frameIndex format width height calibration
  preRead { status lesions { width widthMm height heightMm calibrationSource } } } } }`;

/** Sizes are reported to 0.1 mm. */
const expectMm = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.05 + 1e-9);

/** DICOM through the product path: upload → stored → frames → calibration → pre-read in millimetres. */
describe('DICOM uploads', () => {
  let t: TestApp;
  let doctor: string;
  let patientId: string;
  let institutionId: string;

  beforeAll(async () => {
    // The frames are synthetic, not ultrasound: the input check would rightly refuse them; these tests are about calibration.
    t = await createTestApp('pglite', { OASIS_AI_INPUT_CHECK: 'off' });
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    patientId = (await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Gulbahar', sex: 'F' } }, doctor)).data!
      .registerPatient.id;
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } }, doctor);
  });
  afterAll(() => t?.close());

  async function uploadDicom(bytes: Uint8Array) {
    const studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'THYROID' } }, doctor)).data!.createStudy.id;
    const result = await uploadFile(t.url, doctor, studyId, bytes, 32 * 1024, 'scan.dcm');
    await t.app.get(PreReadQueue).idle();
    return { result, study: (await t.gql(STUDY, { id: studyId }, doctor)).data?.study };
  }

  it('measures lesions in mm from PixelSpacing', async () => {
    const { result, study } = await uploadDicom(makeDicom({ rows: 300, cols: 400, pixelSpacing: [0.08, 0.1], studyInstanceUid: '1.2.826.0.1.3680043.10.1.1' }));
    expect(result.body.complete).toBe(true);
    expect(study.studyInstanceUid).toBe('1.2.826.0.1.3680043.10.1.1');
    const [image] = study.images;
    expect(image).toMatchObject({ format: 'dicom', width: 400, height: 300, calibration: { source: 'pixel-spacing', mmPerPixelX: 0.1, mmPerPixelY: 0.08 } });
    const lesion = image.preRead.lesions[0];
    expect(image.preRead.status).toBe('DONE');
    expect(lesion.calibrationSource).toBe('pixel-spacing');
    expectMm(lesion.widthMm, lesion.width * 0.1);
    expectMm(lesion.heightMm, lesion.height * 0.08);
  });

  it('uses the ultrasound region that contains the lesion when there is no PixelSpacing', async () => {
    const { study } = await uploadDicom(
      makeDicom({ rows: 256, cols: 256, ultrasoundRegions: [{ x0: 0, y0: 0, x1: 255, y1: 255, deltaXcm: 0.012, deltaYcm: 0.015 }] }),
    );
    const lesion = study.images[0].preRead.lesions[0];
    expect(lesion.calibrationSource).toBe('ultrasound-regions');
    expectMm(lesion.widthMm, lesion.width * 0.12);
    expectMm(lesion.heightMm, lesion.height * 0.15);
  });

  it('serves any frame as a grayscale PNG to those who may read the study, and audits the view', async () => {
    const { study } = await uploadDicom(makeDicom({ rows: 120, cols: 160, frames: 2, pixelSpacing: [0.1, 0.1] }));
    const frame = study.images[1];
    const response = await fetch(`${t.url}/images/${frame.id}`, { headers: { authorization: `Bearer ${doctor}` } });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const png = pngjs.PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    expect([png.width, png.height]).toEqual([160, 120]);
    const trainee = await t.signIn('trainee');
    expect((await fetch(`${t.url}/images/${frame.id}`, { headers: { authorization: `Bearer ${trainee}` } })).status).toBe(403);
    expect((await fetch(`${t.url}/images/${frame.id}`)).status).toBe(401);
  });

  it('decodes a file once, at upload: every frame is kept as a PNG blob that views serve as is', async () => {
    const { study } = await uploadDicom(makeDicom({ rows: 40, cols: 50, frames: 3, pixel: (x, _y, f) => (x + f * 70) & 0xff }));
    const rows = await t.dataSource.getRepository(StudyImage).findBy({ id: In(study.images.map((i: { id: string }) => i.id)) });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.framePngSha256)).size).toBe(3);
    for (const row of rows) {
      const served = Buffer.from(await (await fetch(`${t.url}/images/${row.id}`, { headers: { authorization: `Bearer ${doctor}` } })).arrayBuffer());
      expect(createHash('sha256').update(served).digest('hex')).toBe(row.framePngSha256);
      expect(pngjs.PNG.sync.read(served).data[0]).toBe((row.frameIndex * 70) & 0xff);
    }
  });

  it('reports pixels only, flagged, when the file has no calibration', async () => {
    const { study } = await uploadDicom(makeDicom({ rows: 256, cols: 256 }));
    expect(study.images[0].calibration).toEqual({ source: 'none' });
    expect(study.images[0].preRead.lesions[0]).toMatchObject({ widthMm: null, calibrationSource: null });
  });

  it('turns each frame of a multi-frame cine into an image with its own pre-read', async () => {
    const { study } = await uploadDicom(makeDicom({ rows: 128, cols: 160, frames: 3, pixelSpacing: [0.1, 0.1] }));
    expect(study.images.map((i: { frameIndex: number }) => i.frameIndex)).toEqual([0, 1, 2]);
    expect(study.images.every((i: { preRead: { status: string } }) => i.preRead.status === 'DONE')).toBe(true);
  });

  it.each([
    ['a truncated file', 'DICOM_CORRUPT', () => truncate(makeDicom({ rows: 64, cols: 64 }), 700)],
    ['a file without pixel data', 'DICOM_NO_PIXEL_DATA', () => makeDicom({ rows: 64, cols: 64, omitPixelData: true })],
    ['an MPEG-2 video', 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX', () => makeDicom({ rows: 64, cols: 64, transferSyntax: '1.2.840.10008.1.2.4.100' })],
    ['two samples per pixel', 'DICOM_UNSUPPORTED_PIXELS', () => makeDicom({ rows: 64, cols: 64, extra: { SamplesPerPixel: 2 } })],
  ])('refuses %s with %s and keeps nothing', async (_name, reason, make) => {
    const { result, study } = await uploadDicom(make());
    expect(result.status).toBe(400);
    expect(result.body.errors![0].extensions).toMatchObject({ reason });
    expect(study.images).toEqual([]);
  });

  describe('import without a study: the patient comes from the tags, once the doctor confirms', () => {
    const IMPORT = 'mutation($i: ImportDicomInput!) { importDicomUpload(input: $i) { id patientId region images { id } } }';
    const scan = (sop: string) =>
      makeDicom({ rows: 200, cols: 240, pixelSpacing: [0.1, 0.1], sopInstanceUid: sop, patient: { name: 'Rahman^Aziz', id: 'SCN-0042', sex: 'M', birthDate: '19800115' } });

    it('registers the patient from the tags, then matches their next file to them', async () => {
      const first = await uploadFile(t.url, doctor, { institutionId, region: 'THYROID' }, scan('1.2.3.1'));
      expect(first.body.dicomImport).toEqual({
        uploadId: first.body.id,
        patient: { name: 'Rahman Aziz', id: 'SCN-0042', sex: 'M', birthDate: '1980-01-15' },
        studyInstanceUid: expect.any(String),
        studyDate: '2024-03-15',
        candidates: [],
      });
      expect(first.body.imageIds).toBeUndefined();
      const imported = await t.gql(IMPORT, { i: { uploadId: first.body.id, createPatient: true } }, doctor);
      expect(imported.errors).toBeUndefined();
      const created = imported.data!.importDicomUpload;
      expect(created.region).toBe('THYROID');
      expect(created.images).toHaveLength(1);
      const patient = (await t.gql('query($id: ID!) { patient(id: $id) { name sex birthDate dicomPatientId } }', { id: created.patientId }, doctor)).data!.patient;
      expect(patient).toEqual({ name: 'Rahman Aziz', sex: 'M', birthDate: '1980-01-15', dicomPatientId: 'SCN-0042' });

      const second = await uploadFile(t.url, doctor, { institutionId, region: 'THYROID' }, scan('1.2.3.2'));
      expect(second.body.dicomImport!.candidates).toEqual([
        { id: created.patientId, name: 'Rahman Aziz', sex: 'M', birthDate: '1980-01-15', matchedBy: 'dicom-patient-id' },
      ]);
      const matched = (await t.gql(IMPORT, { i: { uploadId: second.body.id, patientId: created.patientId } }, doctor)).data!.importDicomUpload;
      expect(matched.patientId).toBe(created.patientId);
      const again = await t.gql(IMPORT, { i: { uploadId: second.body.id, patientId: created.patientId } }, doctor);
      expect(again.errors![0].extensions!.code).toBe('CONFLICT');
    });

    it('accepts only DICOM without a study', async () => {
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(100).fill(0)]);
      const result = await uploadFile(t.url, doctor, { institutionId, region: 'BREAST' }, png);
      expect(result.status).toBe(400);
      expect(result.body.errors![0].extensions).toMatchObject({ reason: expect.stringMatching(/UNSUPPORTED_FILE_TYPE|IMAGE_CORRUPT/) });
    });

    it('refuses an import into another institution', async () => {
      const admin = await t.signIn('admin');
      const other = (await t.gql('{ institutions(filter: { search: "Aral" }) { id } }', {}, admin)).data!.institutions[0].id;
      expect((await uploadFile(t.url, doctor, { institutionId: other, region: 'THYROID' }, scan('1.2.3.3'))).status).toBe(403);
    });
  });
});
