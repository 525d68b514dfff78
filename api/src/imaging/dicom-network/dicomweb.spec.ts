import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PreReadQueue } from '../../ai/pre-read-queue.service.js';
import { AuditEvent } from '../../audit/audit-event.entity.js';
import { startOrthanc, type Orthanc } from '../../pacs/testing/orthanc.js';
import { registerPatient } from '../../testing/clinical-fixtures.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { Study } from '../study.entity.js';
import { DicomInstance } from './dicom-instance.entity.js';
import { REAL_DICOM } from './testing/dcmtk.js';

type Json = Record<string, { Value?: unknown[] }>;
const value = (item: Json, tag: string) => item[tag]?.Value?.[0];

/**
 * DICOMweb against a real peer: Orthanc's DICOMweb plugin pushes a study to Oasis by STOW-RS (as the registered
 * device, with its secret), then queries Oasis (QIDO-RS) and pulls the study back (WADO-RS) with a user's token.
 */
describe('DICOMweb with Orthanc', () => {
  let t: TestApp;
  let orthanc: Orthanc;
  let doctor: string;
  let institutionId: string;
  let deviceId: string;
  let studyUid: string;

  const oasis = (path: string, init: RequestInit = {}) => fetch(`${t.url}/dicomweb${path}`, init);
  const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await createTestApp('pglite');
    const admin = await t.signIn('admin');
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
    const device = await t.gql('mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id dicomweb } }', { d: { institutionId, aeTitle: 'HOSPITALPACS', label: 'County PACS', region: 'BREAST' } }, admin);
    expect(device.data!.registerDicomDevice.dicomweb).toBe(false);
    deviceId = device.data!.registerDicomDevice.id;
    const issued = await t.gql('mutation($id: ID!) { issueDicomwebSecret(id: $id) }', { id: deviceId }, admin);
    expect(issued.errors).toBeUndefined();
    const secret = issued.data!.issueDicomwebSecret as string;
    expect((await t.gql('{ dicomDevices { id dicomweb } }', {}, admin)).data!.dicomDevices).toContainEqual({ id: deviceId, dicomweb: true });
    orthanc = await startOrthanc('HOSPITALPACS', {}, {
      oasis: { Url: `${t.url}/dicomweb/`, Username: 'HOSPITALPACS', Password: secret },
      viewer: { Url: `${t.url}/dicomweb/`, HttpHeaders: { Authorization: `Bearer ${doctor}` } },
    });
  });
  afterAll(async () => {
    await orthanc?.stop();
    await t?.close();
  });

  it('files a study Orthanc sends by STOW-RS into the matched patient’s study, with pre-reads; a resend changes nothing', async () => {
    await registerPatient(t, doctor, institutionId, 'CompressedSamples US1', ['AI_PROCESSING'], { dicomPatientId: '13US1' });
    const stored = await orthanc.post<{ ID: string; ParentStudy: string }>('/instances', await readFile(join(REAL_DICOM, 'pydicom_US1_UNCR.dcm')));
    studyUid = (await orthanc.get<{ MainDicomTags: { StudyInstanceUID: string } }>(`/studies/${stored.ParentStudy}`)).MainDicomTags.StudyInstanceUID;
    await orthanc.post('/dicom-web/servers/oasis/stow', JSON.stringify({ Resources: [stored.ParentStudy], Synchronous: true }));
    await orthanc.post('/dicom-web/servers/oasis/stow', JSON.stringify({ Resources: [stored.ParentStudy], Synchronous: true }));

    await t.app.get(PreReadQueue).idle();
    const studies = await t.dataSource.getRepository(Study).find({ where: { institutionId, deviceId }, relations: { images: true } });
    expect(studies).toHaveLength(1);
    expect(studies[0]!.studyInstanceUid).toBe(studyUid);
    expect(await t.dataSource.getRepository(DicomInstance).countBy({ deviceId })).toBe(1);
    const preReads: Array<{ status: string }> = await t.dataSource.query(`SELECT status FROM pre_read WHERE study_id = $1`, [studies[0]!.id]);
    expect(preReads.length).toBe(studies[0]!.images.length);
    const audited = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'dicom.store', resourceId: studies[0]!.id });
    expect(audited[0]!.details).toMatchObject({ source: 'stow-rs', callingAe: 'HOSPITALPACS' });
  });

  it('refuses a wrong secret (audited), a body that is not application/dicom, and a part that is not DICOM', async () => {
    const wrong = await oasis('/studies', { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('HOSPITALPACS:guess').toString('base64')}`, 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x' }, body: '--x--' });
    expect(wrong.status).toBe(401);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'dicom.associate', code: 'DICOMWEB_CREDENTIALS_REFUSED' })).toBe(1);
    expect((await oasis('/studies', { method: 'POST', body: 'x' })).status).toBe(401);

    // The device's own credentials, from Orthanc's configuration of it, for the requests Orthanc would not send.
    const secretOf = async () => (await t.gql('mutation($id: ID!) { issueDicomwebSecret(id: $id) }', { id: deviceId }, await t.signIn('admin'))).data!.issueDicomwebSecret as string;
    const auth = `Basic ${Buffer.from(`HOSPITALPACS:${await secretOf()}`).toString('base64')}`;
    const json = await oasis('/studies', { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'multipart/related; type="application/dicom+json"; boundary=x' }, body: '--x--' });
    expect(json.status).toBe(415);
    const junk = await oasis('/studies', { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'multipart/related; type="application/dicom"; boundary=x' }, body: '--x\r\nContent-Type: application/dicom\r\n\r\nnot dicom\r\n--x--\r\n' });
    expect(junk.status).toBe(409);
    const answer = (await junk.json()) as Json;
    expect((answer['00081198']!.Value![0] as Json)['00081197']!.Value![0]).toBe(0xc000);
  });

  it('answers QIDO-RS and WADO-RS for a signed-in user, as Orthanc asks them, and refuses those who may not read the study', async () => {
    // Orthanc answers in its own format (tag → { Name, Value }).
    const found = await orthanc.post<Array<Record<string, { Value?: string }>>>('/dicom-web/servers/viewer/qido', JSON.stringify({ Uri: '/studies', Arguments: { PatientID: '13US1' } }));
    expect(found.map((s) => s['0020000D']!.Value)).toEqual([studyUid]);
    expect(found[0]!['00100010']!.Value).toBe('CompressedSamples US1');
    const studies = (await (await oasis('/studies?PatientID=13US1', bearer(doctor))).json()) as Json[];
    expect(value(studies[0]!, '00201208')).toBe(1);
    expect((await (await oasis('/studies?PatientID=nobody', bearer(doctor))).json()) as Json[]).toEqual([]);
    const instances = (await (await oasis(`/studies/${studyUid}/instances`, bearer(doctor))).json()) as Json[];
    expect(instances).toHaveLength(1);
    const metadata = (await (await oasis(`/studies/${studyUid}/metadata`, bearer(doctor))).json()) as Json[];
    expect(value(metadata[0]!, '00080018')).toBe(value(instances[0]!, '00080018'));
    expect(metadata[0]!['7FE00010']).toBeUndefined();

    // Orthanc forgets the study, then pulls it back from Oasis by WADO-RS: the same instance.
    const [orthancStudy] = await orthanc.get<string[]>('/studies');
    await fetch(`${orthanc.url}/studies/${orthancStudy}`, { method: 'DELETE' });
    await orthanc.post('/dicom-web/servers/viewer/retrieve', JSON.stringify({ Resources: [{ Study: studyUid }], Synchronous: true }));
    const back = await orthanc.get<string[]>('/instances');
    expect(back).toHaveLength(1);
    expect((await orthanc.get<{ MainDicomTags: { SOPInstanceUID: string } }>(`/instances/${back[0]}`)).MainDicomTags.SOPInstanceUID).toBe(value(instances[0]!, '00080018'));
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'dicomweb.retrieve' })).toBeGreaterThanOrEqual(2);

    expect((await oasis('/studies')).status).toBe(401);
    const specialist = await oasis(`/studies/${studyUid}`, bearer(await t.signIn('specialist')));
    expect(specialist.status).toBe(403);
    expect(codeOf({ errors: ((await specialist.json()) as { errors: unknown[] }).errors } as never)).toBe('FORBIDDEN');
    expect((await oasis(`/studies/${studyUid}`, { headers: { ...bearer(doctor).headers, Accept: 'image/jpeg' } })).status).toBe(406);
    expect((await oasis('/studies', bearer(await t.signIn('trainer')))).status).toBe(403);
  });
});
