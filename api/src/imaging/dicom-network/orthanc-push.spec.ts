import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreReadQueue } from '../../ai/pre-read-queue.service.js';
import { freePort } from '../../common/free-port.js';
import { startOrthanc, type Orthanc } from '../../pacs/testing/orthanc.js';
import { registerPatient } from '../../testing/clinical-fixtures.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { Study } from '../study.entity.js';
import { REAL_DICOM } from './testing/dcmtk.js';

/** The hospital's PACS (a real Orthanc) pushes a study to Oasis by C-STORE, as a PACS forwarding rule would. */
describe('a PACS pushing a study to the receiver', () => {
  let t: TestApp;
  let orthanc: Orthanc;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    orthanc = await startOrthanc('HOSPITALPACS', { oasis: ['OASIS', '127.0.0.1', port] });
    t = await createTestApp('pglite', { OASIS_DICOM_PORT: String(port), OASIS_DICOM_AE: 'OASIS' });
  });
  afterAll(async () => {
    await t?.close();
    await orthanc?.stop();
  });

  it('files what Orthanc sends as the registered PACS device into the matched patient’s study, with pre-reads', async () => {
    const admin = await t.signIn('admin');
    const doctor = await t.signIn('doctor');
    const institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const device = await t.gql('mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id } }', { d: { institutionId, aeTitle: 'HOSPITALPACS', label: 'County PACS', region: 'BREAST' } }, admin);
    expect(device.errors).toBeUndefined();
    // PatientID 13US1 (GE LOGIQ 700), uncompressed: stored in Orthanc first, then forwarded by it.
    await registerPatient(t, doctor, institutionId, 'CompressedSamples US1', ['AI_PROCESSING'], { dicomPatientId: '13US1' });
    const stored = await orthanc.post<{ ID: string; ParentStudy: string }>('/instances', await readFile(join(REAL_DICOM, 'pydicom_US1_UNCR.dcm')));
    const job = await orthanc.post<{ FailedInstancesCount?: number; InstancesCount?: number }>('/modalities/oasis/store', JSON.stringify({ Resources: [stored.ID], Synchronous: true }));
    expect(job.FailedInstancesCount ?? 0).toBe(0);

    await t.app.get(PreReadQueue).idle();
    const studies = await t.dataSource.getRepository(Study).find({ where: { institutionId, deviceId: device.data!.registerDicomDevice.id }, relations: { images: true } });
    expect(studies).toHaveLength(1);
    expect(studies[0]!.images.length).toBeGreaterThan(0);
    const preReads: Array<{ status: string }> = await t.dataSource.query(`SELECT status FROM pre_read WHERE study_id = $1`, [studies[0]!.id]);
    expect(preReads.length).toBe(studies[0]!.images.length);
    expect(preReads.every((p) => ['DONE', 'REFUSED'].includes(p.status))).toBe(true);
  });
});
