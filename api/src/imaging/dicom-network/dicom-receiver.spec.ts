import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { In } from 'typeorm';
import { AuditEvent, AuditOutcome } from '../../audit/audit-event.entity.js';
import { PreRead } from '../../ai/pre-read.entity.js';
import { PreReadQueue } from '../../ai/pre-read-queue.service.js';
import { freePort } from '../../common/free-port.js';
import { registerPatient } from '../../testing/clinical-fixtures.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { StudyImage } from '../study-image.entity.js';
import { Study } from '../study.entity.js';
import { DicomInstance } from './dicom-instance.entity.js';
import { REAL_DICOM, echoscu, storescu } from './testing/dcmtk.js';

const REGISTER = 'mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id aeTitle active } }';

/** Real DCMTK peers (echoscu, storescu) against the receiver, with files from real scanners. */
describe.each(DATABASE_KINDS)('DICOM receiver on %s', (kind) => {
  let t: TestApp;
  let port: number;
  let admin: string;
  let doctor: string;
  let institutionId: string;
  let deviceId: string;

  const auditRows = (action: string, callingAe: string) => t.dataSource.getRepository(AuditEvent).find({ where: { action, actorUsername: `dicom:${callingAe}` }, order: { id: 'ASC' } });

  beforeAll(async () => {
    port = await freePort();
    // 1.2 MB per instance, so that the 2 MB GE Voluson file is the one too large.
    t = await createTestApp(kind, { OASIS_DICOM_PORT: String(port), OASIS_DICOM_AE: 'OASIS', OASIS_MAX_UPLOAD_BYTES: '1200000' });
    admin = await t.signIn('admin');
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const device = await t.gql(REGISTER, { d: { institutionId, aeTitle: 'LOGIQ_E10', label: 'Ultrasound room 1', region: 'BREAST' } }, admin);
    deviceId = device.data!.registerDicomDevice.id;
  });
  afterAll(() => t?.close());

  it('answers C-ECHO from a registered device', async () => {
    const echo = await echoscu(port, 'LOGIQ_E10');
    expect(echo.output).toContain('Received Echo Response (Success)');
    expect(echo.code).toBe(0);
  });

  it('refuses an unknown AE title at association and audits it with the calling AE and address', async () => {
    const echo = await echoscu(port, 'STRANGER');
    expect(echo.code).not.toBe(0);
    expect(echo.output).toMatch(/Association Rejected[\s\S]*Calling AE Title Not Recognized/);
    const [row] = (await auditRows('dicom.associate', 'STRANGER')).filter((r) => r.outcome === AuditOutcome.DENIED);
    expect(row).toMatchObject({ actorUsername: 'dicom:STRANGER', ip: '127.0.0.1', code: 'CALLING_AE_NOT_RECOGNIZED' });
    expect(row!.details).toMatchObject({ callingAe: 'STRANGER', address: '127.0.0.1' });
  });

  it('refuses a device registered for another address, and one addressed to another called AE title', async () => {
    await t.gql(REGISTER, { d: { institutionId, aeTitle: 'FIXED_ADDR', address: '10.9.8.7', label: 'Philips EPIQ', region: 'BREAST' } }, admin);
    const wrongAddress = await echoscu(port, 'FIXED_ADDR');
    expect(wrongAddress.output).toContain('Calling AE Title Not Recognized');
    const wrongCalled = await echoscu(port, 'LOGIQ_E10', 'SOMEONE_ELSE');
    expect(wrongCalled.output).toContain('Called AE Title Not Recognized');
  });

  it('files what storescu sends as one study per StudyInstanceUID of the matched patient, with images and pre-reads', async () => {
    // PatientID 13US1 (GE LOGIQ 700): a JPEG 2000 lossless and an uncompressed instance of one study.
    const patientId = await registerPatient(t, doctor, institutionId, 'CompressedSamples US1', ['AI_PROCESSING'], { dicomPatientId: '13US1' });
    const sent = await storescu(port, 'LOGIQ_E10', ['pydicom_US1_J2KR.dcm', 'pydicom_US1_UNCR.dcm'], ['-xv']);
    expect(sent.output.match(/Received Store Response \(Success\)/g)).toHaveLength(2);
    await t.app.get(PreReadQueue).idle();
    const studies = await t.dataSource.getRepository(Study).findBy({ patientId });
    expect(studies).toHaveLength(1);
    expect(studies[0]).toMatchObject({ deviceId, createdBy: null, region: 'BREAST', studyInstanceUid: '1.3.6.1.4.1.5962.1.2.13.20040826185059.5457' });
    const images = await t.dataSource.getRepository(StudyImage).findBy({ studyId: studies[0]!.id });
    expect(images).toHaveLength(2);
    const preReads = await t.dataSource.getRepository(PreRead).findBy({ imageId: In(images.map((i) => i.id)) });
    expect(preReads).toHaveLength(2);
    expect(preReads.map((p) => p.status)).toEqual(['DONE', 'DONE']);
    // The JPEG 2000 instance travelled compressed (negotiated as such) and was decoded by the upload decoder.
    const stored = await auditRows('dicom.store', 'LOGIQ_E10');
    expect(stored.map((r) => r.details!.transferSyntaxUid)).toEqual(['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.1']);
    expect(stored.every((r) => r.ip === '127.0.0.1' && r.details!.deviceId === deviceId && r.details!.filed === 'study')).toBe(true);
  });

  it('makes one study of a StudyInstanceUID whose instances arrive on two associations at once', async () => {
    const patientId = await registerPatient(t, doctor, institutionId, 'Parallel Sender', ['AI_PROCESSING'], { dicomPatientId: 'PAR-1' });
    await t.gql(REGISTER, { d: { institutionId, aeTitle: 'LOGIQ_B', label: 'Ultrasound room 2', region: 'BREAST' } }, admin);
    const dir = mkdtempSync(join(tmpdir(), 'oasis-dicom-par-'));
    try {
      const files = [1, 2, 3, 4].map((n) => {
        const file = join(dir, `par-${n}.dcm`);
        copyFileSync(join(REAL_DICOM, 'pydicom_US1_UNCI.dcm'), file);
        execFileSync('dcmodify', ['-nb', '-ma', '(0010,0020)=PAR-1', '-ma', '(0020,000d)=1.2.826.0.1.3680043.10.1551.98', '-ma', `(0008,0018)=1.2.826.0.1.3680043.10.1551.98.${n}`, file]);
        return file;
      });
      const [a, b] = await Promise.all([storescu(port, 'LOGIQ_E10', files.slice(0, 2)), storescu(port, 'LOGIQ_B', files.slice(2))]);
      expect(`${a.output}${b.output}`.match(/Received Store Response \(Success\)/g)).toHaveLength(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const studies = await t.dataSource.getRepository(Study).findBy({ patientId });
    expect(studies).toHaveLength(1);
    expect(await t.dataSource.getRepository(StudyImage).countBy({ studyId: studies[0]!.id })).toBe(4);
  });

  it('takes a resend of a SOP instance (even re-encoded) as success and files nothing twice', async () => {
    const patientId = await registerPatient(t, doctor, institutionId, 'Philips CX50 OB', ['AI_PROCESSING'], { dicomPatientId: '11-05-25-142825' });
    const first = await storescu(port, 'LOGIQ_E10', ['pydicom_OBXXXX1A.dcm']);
    expect(first.output).toContain('Received Store Response (Success)');
    // The same SOP instance again, and once more as RLE (other bytes, same SOPInstanceUID).
    const again = await storescu(port, 'LOGIQ_E10', ['pydicom_OBXXXX1A.dcm', 'pydicom_OBXXXX1A_rle.dcm'], ['-xr']);
    expect(again.output.match(/Received Store Response \(Success\)/g)).toHaveLength(2);
    await t.app.get(PreReadQueue).idle();
    const [study, ...more] = await t.dataSource.getRepository(Study).findBy({ patientId });
    expect(more).toHaveLength(0);
    expect(await t.dataSource.getRepository(StudyImage).countBy({ studyId: study!.id })).toBe(1);
    expect(await t.dataSource.getRepository(DicomInstance).countBy({ sopInstanceUid: '1.3.46.670589.14.1000.210.2.199999.20110525185628.1.0' })).toBe(1);
    const filed = (await auditRows('dicom.store', 'LOGIQ_E10')).filter((r) => r.details!.sopInstanceUid === '1.3.46.670589.14.1000.210.2.199999.20110525185628.1.0');
    expect(filed.map((r) => r.details!.filed)).toEqual(['study', 'duplicate', 'duplicate']);
  });

  it('holds an unmatched patient in the inbox, which a doctor of the institution resolves into a study without AI consent', async () => {
    // A 10-frame JPEG-LS cine whose tags name no PatientID or birth date: nobody can be matched.
    const sent = await storescu(port, 'LOGIQ_E10', ['dcm4che_jpeg-ls-Palette.dcm'], ['-xt']);
    expect(sent.output).toContain('Received Store Response (Success)');
    const held = await t.dataSource.getRepository(DicomInstance).findOneByOrFail({ sopInstanceUid: '999.999.133.1996.1.1800.1.6.25' });
    expect(held.studyId).toBeNull();
    expect(await t.dataSource.getRepository(Study).countBy({ studyInstanceUid: '999.999.3859744' })).toBe(0);

    const INBOX = '{ dicomInbox { id instances deviceLabel studyInstanceUid patient { name id } candidates { id } } }';
    // Admins and the partner hospital's specialist have no business with patients' images.
    expect(codeOf(await t.gql(INBOX, {}, admin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(INBOX, {}, await t.signIn('specialist')))).toBe('FORBIDDEN');
    const inbox = (await t.gql(INBOX, {}, doctor)).data!.dicomInbox;
    expect(inbox).toEqual([{ id: held.id, instances: 1, deviceLabel: 'Ultrasound room 1', studyInstanceUid: '999.999.3859744', patient: { name: 'Anonymized', id: null }, candidates: [] }]);

    const RESOLVE = 'mutation($i: ResolveDicomInboxInput!) { resolveDicomInbox(input: $i) { id patientId deviceId images { id preRead { status } } } }';
    expect(codeOf(await t.gql(RESOLVE, { i: { entryId: held.id } }, doctor))).toBe('BAD_USER_INPUT');
    const study = (await t.gql(RESOLVE, { i: { entryId: held.id, createPatient: true } }, doctor)).data!.resolveDicomInbox;
    expect(study.deviceId).toBe(deviceId);
    expect(study.images).toHaveLength(10);
    // A patient registered from the tags has recorded no consent: stored, never analysed.
    expect(new Set(study.images.map((i: { preRead: { status: string } }) => i.preRead.status))).toEqual(new Set(['NO_CONSENT']));
    expect((await t.gql(INBOX, {}, doctor)).data!.dicomInbox).toEqual([]);
    expect(codeOf(await t.gql(RESOLVE, { i: { entryId: held.id, createPatient: true } }, doctor))).toBe('CONFLICT');
    // Later instances of the study now join it directly.
    expect((await t.dataSource.getRepository(DicomInstance).findOneByOrFail({ id: held.id })).studyId).toBe(study.id);
  });

  describe('bad input', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'oasis-dicom-bad-'));
      const variant = (name: string, ...edits: string[]) => {
        copyFileSync(join(REAL_DICOM, 'pydicom_US1_UNCI.dcm'), join(dir, name));
        execFileSync('dcmodify', ['-nb', ...edits, join(dir, name)]);
        return join(dir, name);
      };
      variant('ct.dcm', '-ma', '(0008,0016)=1.2.840.10008.5.1.4.1.1.2');
      variant('no-pixels.dcm', '-ea', '(7fe0,0010)', '-ma', '(0008,0018)=1.2.826.0.1.3680043.10.1551.99.1');
      variant('wrong-rows.dcm', '-ma', '(0028,0010)=4000', '-ma', '(0008,0018)=1.2.826.0.1.3680043.10.1551.99.2');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const refusals = async () => (await auditRows('dicom.store', 'LOGIQ_E10')).filter((r) => r.outcome === AuditOutcome.FAILURE);

    it('refuses a storage class it does not take in negotiation, and audits it', async () => {
      const sent = await storescu(port, 'LOGIQ_E10', [join(dir, 'ct.dcm')]);
      expect(sent.output).toContain('No presentation context for: (CT)');
      const [row] = await t.dataSource.getRepository(AuditEvent).find({ where: { action: 'dicom.negotiate', code: 'PRESENTATION_CONTEXT_REFUSED' } });
      expect(JSON.stringify(row!.details)).toContain('1.2.840.10008.5.1.4.1.1.2');
    });

    it('answers a data set without pixels, with wrong dimensions, or too large with its DIMSE status and keeps nothing', async () => {
      const before = await t.dataSource.getRepository(DicomInstance).count();
      const images = await t.dataSource.getRepository(StudyImage).count();
      const sent = await storescu(port, 'LOGIQ_E10', [join(dir, 'no-pixels.dcm'), join(dir, 'wrong-rows.dcm'), join(REAL_DICOM, 'orthanc_PilatesArgenturGEUltrasoundOsiriX.dcm')], ['--no-halt']);
      expect(sent.output).toContain('Received Store Response (Error: DataSetDoesNotMatchSOPClass)');
      expect(sent.output).toContain('Received Store Response (Error: CannotUnderstand)');
      expect(sent.output).toContain('Received Store Response (Refused: OutOfResources)');
      expect(await t.dataSource.getRepository(DicomInstance).count()).toBe(before);
      expect(await t.dataSource.getRepository(StudyImage).count()).toBe(images);
      const codes = (await refusals()).map((r) => r.code);
      expect(codes).toEqual(expect.arrayContaining(['DICOM_NO_PIXEL_DATA', 'IMAGE_TOO_LARGE']));
      expect(codes).toHaveLength(3);
    });

    it('refuses a device once deactivated', async () => {
      const id = (await t.gql(REGISTER, { d: { institutionId, aeTitle: 'RETIRED_US', label: 'Old scanner', region: 'BREAST' } }, admin)).data!.registerDicomDevice.id;
      expect((await echoscu(port, 'RETIRED_US')).code).toBe(0);
      expect((await t.gql('mutation($id: ID!) { deactivateDicomDevice(id: $id) { active } }', { id }, admin)).data!.deactivateDicomDevice.active).toBe(false);
      expect((await echoscu(port, 'RETIRED_US')).output).toContain('Calling AE Title Not Recognized');
    });
  });
});
