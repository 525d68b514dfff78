import { join } from 'node:path';
import { Institution } from '../api/src/identity/institution.entity.js';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { signInAs } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 90_000;
const REASON = 'Unconscious patient brought to our emergency room, need prior scans';

describe('emergency (break-glass) access in the browser', () => {
  let patientId = '';
  // A patient of the Tokuzak township centre: outside the prefecture specialist's normal access.
  async function setUp(portal: Portal): Promise<void> {
    const t = portal.api;
    const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
    const doctor = await t.signIn('doctor');
    patientId = await registerPatient(t, doctor, tokuzak.id, 'Aygul Hasan');
    await createStudy(t, doctor, patientId);
  }
  const suite = usePortalPage({ setUp, timeout: TIMEOUT });

  test(
    'a refused record offers emergency access; the reason opens it and the admin sees it arrive live',
    async () => {
      const admin = suite.page;
      await signInAs(admin, 'admin');
      await admin.getByTestId('nav-break-glass').click();
      await admin.waitForURL('**/break-glass');
      await admin.getByTestId('list-empty').waitFor();

      const specialist = await suite.newPage();
      await signInAs(specialist, 'specialist');
      await specialist.goto(`/patients/${patientId}`);
      await specialist.getByTestId('break-glass-offer').waitFor();
      await specialist.getByTestId('break-glass-open').click();
      // A reason too short is refused by the server with its code; nothing is granted.
      await specialist.getByTestId('break-glass-reason').fill('urgent');
      await specialist.getByTestId('break-glass-submit').click();
      await specialist.locator('[data-testid=error-banner][data-error-code=BAD_USER_INPUT]').waitFor();
      await specialist.getByTestId('break-glass-reason').fill(REASON);
      await specialist.getByTestId('break-glass-submit').click();
      await specialist.getByTestId('break-glass-active').waitFor();
      expect(await specialist.getByTestId('patient-title').textContent()).toContain('Aygul Hasan');
      await specialist.screenshot({ path: join(SCREENSHOT_DIR, 'break-glass-patient.png') });

      const row = admin.getByTestId('break-glass-row');
      await row.first().waitFor();
      expect(await row.getByTestId('break-glass-reason').textContent()).toBe(REASON);
      expect(await row.textContent()).toContain('specialist');
      await admin.screenshot({ path: join(SCREENSHOT_DIR, 'break-glass-review.png') });
    },
    TIMEOUT,
  );
});
