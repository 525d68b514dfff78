import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../common/free-port.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../testing/datasets.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { PacsOutbox } from './pacs-outbox.service.js';
import { PacsSend, PacsSendStatus } from './pacs-send.entity.js';
import { startOrthanc, type Orthanc } from './testing/orthanc.js';

const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));
const REGISTER = 'mutation($d: RegisterPacsDestinationInput!) { registerPacsDestination(input: $d) { id aeTitle host port dicomwebUrl } }';

/** A PACS reached by DICOMweb (real Orthanc with its DICOMweb plugin): results go by STOW-RS instead of C-STORE. */
describe('results to a DICOMweb PACS', () => {
  let t: TestApp;
  let orthanc: Orthanc;
  let admin: string;
  let doctor: string;
  let institutionId: string;

  beforeAll(async () => {
    orthanc = await startOrthanc();
    t = await createTestApp('pglite', { OASIS_PACS_INTERVAL_MS: '3600000' });
    admin = await t.signIn('admin');
    doctor = await t.signIn('doctor');
    institutionId = (await t.gql('{ me { roles { institutionId } } }', {}, doctor)).data!.me.roles[0].institutionId;
  });
  afterAll(async () => {
    await t?.close();
    await orthanc?.stop();
  });

  it('takes either a DIMSE peer or a DICOMweb URL, never a mix or neither', async () => {
    const mixed = await t.gql(REGISTER, { d: { institutionId, label: 'Mixed', aeTitle: 'PACS', host: '127.0.0.1', port: 4242, dicomwebUrl: orthanc.dicomWebUrl } }, admin);
    expect(codeOf(mixed)).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REGISTER, { d: { institutionId, label: 'Half', aeTitle: 'PACS' } }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(REGISTER, { d: { institutionId, label: 'Not a URL', dicomwebUrl: 'file:///etc/passwd' } }, admin))).toBe('BAD_USER_INPUT');
  });

  it('stores the SR and the overlay capture by STOW-RS; a DICOMweb PACS that is down keeps them queued', async () => {
    const registered = await t.gql(REGISTER, { d: { institutionId, label: 'County DICOMweb', dicomwebUrl: `${orthanc.dicomWebUrl}/` } }, admin);
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registerPacsDestination).toMatchObject({ aeTitle: null, host: null, port: null, dicomwebUrl: orthanc.dicomWebUrl });
    const down = (await t.gql(REGISTER, { d: { institutionId, label: 'Down', dicomwebUrl: `http://127.0.0.1:${await freePort()}/dicom-web` } }, admin)).data!.registerPacsDestination.id;

    const patientId = await registerPatient(t, doctor, institutionId, 'Web Patient', undefined, { dicomPatientId: 'PID-WEB' });
    const studyId = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
    await t.app.get(PacsOutbox).tick();
    const sends = await t.dataSource.getRepository(PacsSend).findBy({ studyId });
    const sent = sends.find((s) => s.destinationId === registered.data!.registerPacsDestination.id)!;
    expect(sent).toMatchObject({ status: PacsSendStatus.SENT, attempts: 1, lastError: null });
    const waiting = sends.find((s) => s.destinationId === down)!;
    expect(waiting).toMatchObject({ status: PacsSendStatus.QUEUED, attempts: 1 });
    expect(waiting.lastError).toMatch(/network/);

    // Orthanc's own QIDO-RS finds what it was sent, filed under the patient's ID.
    const found = await orthanc.get<Array<Record<string, { Value: string[] }>>>(`/dicom-web/instances?PatientID=PID-WEB`);
    expect(found.map((i) => i['00080016']!.Value[0]).sort()).toEqual(['1.2.840.10008.5.1.4.1.1.7', '1.2.840.10008.5.1.4.1.1.88.33']);
    expect(found.map((i) => i['00080018']!.Value[0]).sort()).toEqual([...sent.sopInstanceUids].sort());
  });
});
