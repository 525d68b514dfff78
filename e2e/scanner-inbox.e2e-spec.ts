import { join } from 'node:path';
import { Institution } from '../api/src/identity/institution.entity.js';
import { freePort } from '../api/src/common/free-port.js';
import { echoscu, storescu } from '../api/src/imaging/dicom-network/testing/dcmtk.js';
import { StudyImage } from '../api/src/imaging/study-image.entity.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { signInAs } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;

describe('images straight from the scanner, in the browser', () => {
  const env: Record<string, string> = {};
  // The receiver's port must be known before the portal starts (usePortalPage reads env in its own beforeAll, after this one).
  beforeAll(async () => {
    env.OASIS_DICOM_PORT = String(await freePort());
  });
  let sendOutput = '';
  async function setUp(portal: Portal): Promise<void> {
    const t = portal.api;
    const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
    const admin = await t.signIn('admin');
    await t.gql('mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id } }', { d: { institutionId: tokuzak.id, aeTitle: 'CX50_TOKUZAK', label: 'Philips CX50, room 2', region: 'BREAST' } }, admin);
    // A 10-frame JPEG-LS cine whose tags name no PatientID or birth date: it waits in the inbox.
    sendOutput = (await storescu(Number(env.OASIS_DICOM_PORT), 'CX50_TOKUZAK', ['dcm4che_jpeg-ls-Palette.dcm'], ['-xt'])).output;
  }
  const suite = usePortalPage({ env, setUp, timeout: TIMEOUT });

  test(
    'a township doctor finds the unmatched images, registers the patient from them, and the study is marked as from the scanner',
    async () => {
      expect(sendOutput).toContain('Received Store Response (Success)');
      const page = suite.page;
      await signInAs(page, 'doctor');
      await page.getByTestId('nav-patients').click();
      await page.getByTestId('patients-scanner-inbox').click();
      await page.waitForURL('**/scanner-inbox');
      const entry = page.getByTestId('scanner-inbox-entry');
      await entry.first().waitFor();
      expect(await entry.count()).toBe(1);
      expect(await entry.getByTestId('scanner-inbox-name').textContent()).toBe('Anonymized');
      expect(await entry.textContent()).toContain('Philips CX50, room 2');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'scanner-inbox.png') });

      await entry.getByTestId('scanner-inbox-register').click();
      await page.waitForURL('**/studies/*');
      const studyId = page.url().split('/studies/')[1]!;
      await page.getByTestId('study-image').first().waitFor();
      expect(await suite.portal.api.dataSource.getRepository(StudyImage).countBy({ studyId })).toBe(10);

      await page.getByTestId('study-patient').click();
      await page.getByTestId('study-from-scanner').waitFor();
      await page.getByTestId('nav-patients').click();
      await page.getByTestId('patients-scanner-inbox').click();
      await page.getByTestId('list-empty').waitFor();
    },
    TIMEOUT,
  );

  test(
    'an admin registers a scanner with its address, which then alone may send, and stops another',
    async () => {
      const page = suite.page;
      await signInAs(page, 'admin');
      await page.getByTestId('nav-institutions').click();
      await page.getByTestId('institutions-devices').click();
      await page.waitForURL('**/pacs');
      await page.getByTestId('pacs-section').waitFor();
      await page.getByTestId('device-row').first().waitFor();
      expect(await page.getByTestId('device-row').count()).toBe(1);

      await page.getByTestId('device-institution').selectOption({ label: 'Tokuzak Township Health Centre (KS-SF-T01)' });
      await page.getByTestId('device-label').fill('Philips EPIQ, room 3');
      await page.getByTestId('device-ae').fill('AN_AE_TITLE_TOO_LONG');
      await page.getByTestId('device-address').fill('10.1.2.3');
      await page.getByTestId('device-region').selectOption('BREAST');
      await page.getByTestId('device-save').click();
      await page.getByTestId('field-error').first().waitFor();
      await page.getByTestId('device-ae').fill('EPIQ_ROOM3');
      await page.getByTestId('device-save').click();
      await page.locator('[data-testid=device-row]', { hasText: 'EPIQ_ROOM3' }).waitFor();
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dicom-devices.png') });
      // DICOMweb: the secret is shown once, here, and the row says the device may now send by STOW-RS.
      const epiq = page.locator('[data-testid=device-row]', { hasText: 'EPIQ_ROOM3' });
      await epiq.getByTestId('device-issue-secret').click();
      expect(await page.getByTestId('device-secret-value').textContent()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await epiq.locator('[data-testid=device-dicomweb][data-on=true]').waitFor();
      await page.getByTestId('device-secret-done').click();
      await page.getByTestId('device-secret').waitFor({ state: 'detached' });
      // Registered for 10.1.2.3: the same AE title from this machine is refused at association.
      expect((await echoscu(Number(env.OASIS_DICOM_PORT), 'EPIQ_ROOM3')).output).toContain('Calling AE Title Not Recognized');

      const cx50 = page.locator('[data-testid=device-row]', { hasText: 'CX50_TOKUZAK' });
      await cx50.getByTestId('device-deactivate').click();
      await page.locator('[data-testid=device-row][data-active=false]', { hasText: 'CX50_TOKUZAK' }).waitFor();
      expect((await echoscu(Number(env.OASIS_DICOM_PORT), 'CX50_TOKUZAK')).output).toContain('Calling AE Title Not Recognized');
    },
    TIMEOUT,
  );
});
