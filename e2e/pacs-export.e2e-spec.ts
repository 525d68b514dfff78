import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { startOrthanc, type Orthanc } from '../api/src/pacs/testing/orthanc.js';
import { SCREENSHOT_DIR } from './support/portal.js';
import { signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;
const IMAGE = readFileSync(resolve(process.cwd(), '../shared/datasets/busi/images/busi_malignant_047.png'));

describe('results back to the hospital PACS', () => {
  let orthanc: Orthanc;
  beforeAll(async () => {
    orthanc = await startOrthanc();
  });
  afterAll(() => orthanc?.stop());
  // The outbox runs every second here, so the study page sees the send without a long wait.
  const suite = usePortalPage({ env: { OASIS_PACS_INTERVAL_MS: '1000' }, eachPage: false, timeout: TIMEOUT });

  test(
    'an admin registers the PACS (empty state first, two languages), and a doctor sees the pre-read sent to it from the study page',
    async () => {
      const { portal } = suite;
      const admin = await suite.newPage();
      await signInAs(admin, 'admin');
      await admin.getByTestId('lang-en').click();
      await waitForLanguage(admin, 'en');
      await admin.getByTestId('nav-pacs').click();
      // One page for both directions: the devices that send, then the PACS that receive.
      await admin.getByTestId('devices-section').waitFor();
      expect(await admin.getByTestId('pacs-section').getByTestId('list-empty').textContent()).toContain('No PACS yet');

      const doctorToken = await portal.api.signIn('doctor');
      const institutionId = (await portal.api.gql<{ me: { roles: Array<{ institutionId: string }> } }>('{ me { roles { institutionId } } }', {}, doctorToken)).data!.me.roles[0]!.institutionId;
      await admin.getByTestId('pacs-save').click();
      await admin.getByTestId('field-error').first().waitFor();
      await admin.getByTestId('pacs-institution').selectOption(institutionId);
      await admin.getByTestId('pacs-label').fill('County hospital PACS');
      await admin.getByTestId('pacs-ae').fill(orthanc.aeTitle);
      await admin.getByTestId('pacs-host').fill('127.0.0.1');
      await admin.getByTestId('pacs-port').fill(String(orthanc.dicomPort));
      await admin.getByTestId('pacs-save').click();
      await admin.locator(`[data-testid=pacs-row][data-ae="${orthanc.aeTitle}"][data-active=true]`).waitFor();
      await admin.screenshot({ path: join(SCREENSHOT_DIR, 'pacs-destinations-en.png'), fullPage: true });
      await admin.getByTestId('lang-zh').click();
      await waitForLanguage(admin, 'zh');
      expect(await admin.locator('h1').textContent()).toContain('设备与 PACS');
      expect(await admin.locator('#pacs-title').textContent()).toContain('结果回传医院 PACS');
      expect(await admin.locator('[data-testid=pacs-row]').textContent()).toContain('启用');

      // A study whose pre-read finishes after the PACS was registered goes to it.
      const patientId = await registerPatient(portal.api, doctorToken, institutionId, 'Rabiye Tursun', undefined, { dicomPatientId: 'PACS-E2E-1' });
      const studyId = await createStudy(portal.api, doctorToken, patientId, 'BREAST', IMAGE);
      const doctor = await suite.newPage();
      await signInAs(doctor, 'doctor');
      await doctor.getByTestId('lang-en').click();
      await waitForLanguage(doctor, 'en');
      await doctor.goto(`/studies/${studyId}`);
      const sent = doctor.locator('[data-testid=study-pacs-send][data-kind=PRE_READ][data-status=SENT]');
      for (let tries = 0; (await sent.count()) === 0; tries++) {
        if (tries > 30) throw new Error('the pre-read was not sent to the PACS within 30 s');
        await new Promise((done) => setTimeout(done, 1_000));
        await doctor.getByTestId('study-pacs-refresh').click();
      }
      expect(await sent.textContent()).toContain('AI pre-read (SR and image)');
      await doctor.getByTestId('study-pacs').scrollIntoViewIfNeeded();
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'study-pacs-sent-en.png'), fullPage: true });
      // And the PACS holds it: the SR and the overlay capture under the scanner's PatientID.
      const patients = await orthanc.get<string[]>('/patients');
      const details = await Promise.all(patients.map((id) => orthanc.get<{ ID: string; MainDicomTags: { PatientID: string } }>(`/patients/${id}`)));
      const filed = details.find((p) => p.MainDicomTags.PatientID === 'PACS-E2E-1')!;
      expect(await orthanc.get<unknown[]>(`/patients/${filed.ID}/instances`)).toHaveLength(2);
    },
    TIMEOUT,
  );
});
