import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Institution } from '../api/src/identity/institution.entity.js';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../api/src/testing/datasets.js';
import { agreementPattern, recordAssessments, signedReport } from '../api/src/testing/signed-report.js';
import { createSignedInUser } from '../api/src/testing/users.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;
const IMAGE = readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png'));

describe('model monitoring in the browser', () => {
  // Tokuzak: 30 lesions at 90 % agreement, then 50 at 70 % (the rule fires); Yengimehelle: 100 at 90 %.
  async function setUp(portal: Portal): Promise<void> {
    const t = portal.api;
    const code = async (c: string) => (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: c })).id;
    const admin = await t.signIn('admin');
    const specialist = await t.signIn('specialist');
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM app_user WHERE username = 'admin'`);
    const site = async (doctor: string, institution: string, agreed: boolean[]) => {
      const patientId = await registerPatient(t, doctor, await code(institution), `Monitoring ${institution}`);
      const studyId = await createStudy(t, doctor, patientId, 'BREAST', IMAGE);
      const { reportId } = await signedReport(t, doctor, specialist, studyId, { impression: 'Suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
      const [{ model_version_id: modelVersionId }] = await t.dataSource.query(`SELECT model_version_id FROM pre_read WHERE study_id = $1`, [studyId]);
      await recordAssessments(t, reportId, modelVersionId, agreed);
      return studyId;
    };
    const tokuzakStudy = await site(await t.signIn('doctor'), 'KS-SF-T01', [...agreementPattern(3, [9]), ...agreementPattern(5, [2, 5, 8])]);
    const [device] = await t.dataSource.query(`INSERT INTO dicom_device (institution_id, ae_title, label, region, created_by) VALUES ($1, 'TKZ_US1', 'Mindray DC-70', 'BREAST', $2) RETURNING id`, [await code('KS-SF-T01'), adminId]);
    await t.dataSource.query(`UPDATE study SET device_id = $1 WHERE id = $2`, [device.id, tokuzakStudy]);
    const shule = (await createSignedInUser(t, admin, 'shule.doctor', [{ role: 'TOWNSHIP_DOCTOR', institutionId: await code('KS-SL-T01') }])).token;
    await site(shule, 'KS-SL-T01', agreementPattern(10, [4]));
  }
  const suite = usePortalPage({ setUp, timeout: TIMEOUT });

  test(
    'the admin is alerted on the AI models page, reads the flagged site first with its control chart and scanner, in Uyghur on a phone',
    async () => {
      const page = suite.page;
      await signInAs(page, 'admin');
      await page.getByTestId('nav-models').click();
      const alert = page.getByTestId('models-alerts');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Tokuzak Township Health Centre');
      expect(await alert.textContent()).not.toContain('Yengimehelle');
      await alert.locator('a').click();
      await page.waitForURL('**/models/monitoring');

      const rows = page.getByTestId('monitoring-row');
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
      expect(await rows.first().textContent()).toContain('Tokuzak');
      expect(await rows.first().getByTestId('monitoring-alert').count()).toBe(1);
      expect(await rows.nth(1).getByTestId('monitoring-alert').count()).toBe(0);
      expect(await rows.first().getByTestId('monitoring-agreement').textContent()).toContain('77.5 %');
      await page.locator('[data-testid=cusum-chart] svg').waitFor();
      expect(await page.getByTestId('monitoring-detail').textContent()).toMatch(/Flagged after \d+ lesions/);
      expect(await page.getByTestId('monitoring-scanner-row').first().textContent()).toContain('Mindray DC-70');

      // The stable site's chart on choosing it.
      await rows.nth(1).getByTestId('monitoring-choose').click();
      await page.getByTestId('monitoring-scanner-row').filter({ hasText: 'Uploaded' }).waitFor();

      await page.getByTestId('lang-ug').click();
      await waitForLanguage(page, 'ug');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.locator('.page-title').textContent()).toBe('مودېل نازارىتى');
      // The chart is redrawn in Uyghur: its limit line is labelled in Uyghur.
      await page.locator('[data-testid=cusum-chart] svg text', { hasText: 'چەك' }).waitFor();
      await page.setViewportSize({ width: 360, height: 780 });
      await page.locator('[data-testid=cusum-chart] svg').waitFor();
      // Charts follow the new width when their resize observer fires, after the viewport change: the page must
      // come to fit the phone (it fails here if it never does).
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 360, undefined, { timeout: 10_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'model-monitoring-ug-phone.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'a clinician is offered no monitoring and sees no alert on the models page',
    async () => {
      const page = suite.page;
      await signInAs(page, 'doctor');
      await page.getByTestId('nav-models').click();
      await page.getByTestId('models-table').waitFor();
      expect(await page.getByTestId('nav-monitoring').count()).toBe(0);
      expect(await page.getByTestId('models-alerts').count()).toBe(0);
    },
    TIMEOUT,
  );
});
