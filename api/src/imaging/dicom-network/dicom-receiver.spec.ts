import { In, IsNull } from 'typeorm';
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
import { echoscu, storescu } from './testing/dcmtk.js';

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
    t = await createTestApp(kind, { OASIS_DICOM_PORT: String(port), OASIS_DICOM_AE: 'OASIS' });
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
});
