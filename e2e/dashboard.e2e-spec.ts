import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { ScreeningRollup } from '../api/src/dashboard/screening-rollup.service.js';
import { Institution } from '../api/src/identity/institution.entity.js';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { signedReport } from '../api/src/testing/signed-report.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;

describe('programme dashboard in the browser', () => {
  // Two screenings at Tokuzak this month, one with a suspicious signed report (a follow-up opens), counted by the rollup.
  async function setUp(portal: Portal): Promise<void> {
    const t = portal.api;
    const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
    const [doctor, specialist] = await Promise.all([t.signIn('doctor'), t.signIn('specialist')]);
    const patientId = await registerPatient(t, doctor, tokuzak.id, 'Ayshem Tohti');
    const studyId = await createStudy(t, doctor, patientId, 'BREAST');
    await createStudy(t, doctor, patientId, 'THYROID');
    await signedReport(t, doctor, specialist, studyId, { impression: 'Irregular mass, suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
    await t.app.get(ScreeningRollup).refresh();
  }
  const suite = usePortalPage({ setUp, timeout: TIMEOUT });

  test(
    'the admin reads the region, drills down to an institution, exports CSV in two languages and Excel, and the page fits a phone',
    async () => {
      const page = suite.page;
      await signInAs(page, 'admin');
      await page.getByTestId('nav-dashboard').click();
      await page.waitForURL('**/dashboard');
      await page.locator('[data-testid=tile-screenings]', { hasText: /^2$/ }).waitFor();
      expect(await page.getByTestId('tile-follow-up').textContent()).toContain('0 %');
      expect(await page.getByTestId('dashboard-freshness').textContent()).toContain('Screening counts as of');
      await page.locator('[data-testid=months-chart] svg').waitFor();
      const rows = page.getByTestId('dashboard-institution-row');
      expect(await rows.count()).toBe(10);
      const tokuzak = await suite.portal.api.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
      expect(await rows.first().getAttribute('data-institution')).toBe(tokuzak.id);
      expect(await rows.first().getByTestId('row-screenings').textContent()).toBe('2');

      const csv = async () => {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-export').click()]);
        return readFileSync((await file.path())!, 'utf8');
      };
      const english = await csv();
      expect(english.split('\r\n')[0]).toBe('\uFEFFInstitution,Prefecture,County,Screenings,AI-positive,Consults,SLA breaches,Follow-ups opened,Completed,Overdue,Cancers');
      expect(english).toContain('Tokuzak Township Health Centre,Kashgar,Shufu,2,');
      const [workbook] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-export-xlsx').click()]);
      expect(workbook.suggestedFilename()).toMatch(/^screening-\d{4}-\d{2}-\d{4}-\d{2}\.xlsx$/);
      const [sheet] = await readXlsxFile(readFileSync((await workbook.path())!));
      expect(sheet!.data[0]![0]).toBe('Institution');
      expect(sheet!.data.find((row) => row[0] === 'Tokuzak Township Health Centre')!.slice(1, 4)).toEqual(['Kashgar', 'Shufu', 2]);

      // Drill down: the institution alone (a township centre has nothing under it).
      await rows.first().getByTestId('dashboard-drill').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=dashboard-institution-row]').length === 1);
      expect(await page.getByTestId('tile-consults').textContent()).toBe('1');

      await page.getByTestId('lang-zh').click();
      await waitForLanguage(page, 'zh');
      expect(await page.locator('.page-title').textContent()).toBe('筛查项目');
      expect((await csv()).split('\r\n')[0]).toContain('机构,地区,县,筛查');

      // A period with nothing in it says so.
      await page.getByTestId('dashboard-from').fill('2020-01');
      await page.getByTestId('dashboard-to').fill('2020-02');
      await page.getByTestId('dashboard-filters').locator('button[type=submit]').click();
      await page.getByTestId('dashboard-no-months').waitFor();

      await page.setViewportSize({ width: 360, height: 780 });
      await page.getByTestId('dashboard-tiles').waitFor();
      // Charts follow the new width when their resize observer fires, after the viewport change: the page must
      // come to fit the phone (it fails here if it never does).
      await page.waitForFunction(() => document.documentElement.scrollWidth <= 360, undefined, { timeout: 10_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'dashboard-zh-phone.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'a trainee is not offered the dashboard',
    async () => {
      const page = suite.page;
      await signInAs(page, 'trainee');
      expect(await page.getByTestId('nav-dashboard').count()).toBe(0);
    },
    TIMEOUT,
  );
});
