import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FollowUpEscalator } from '../api/src/follow-up/follow-up-escalator.service.js';
import { Institution } from '../api/src/identity/institution.entity.js';
import { createStudy, registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../api/src/testing/datasets.js';
import { signedReport } from '../api/src/testing/signed-report.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;

describe('follow-up of suspicious findings in the browser', () => {
  // A specialist's signed report recommending biopsy (the served models may be experimental and make no call).
  async function setUp(portal: Portal): Promise<void> {
    const t = portal.api;
    const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
    const [doctor, specialist] = await Promise.all([t.signIn('doctor'), t.signIn('specialist')]);
    const patientId = await registerPatient(t, doctor, tokuzak.id, 'Gulnar Yasin');
    const studyId = await createStudy(t, doctor, patientId, 'BREAST');
    await signedReport(t, doctor, specialist, studyId, { impression: 'Irregular mass, suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4B' });
  }
  const suite = usePortalPage({ setUp, timeout: TIMEOUT });

  test(
    'the case shows on Home and the list; the doctor records the pathology and the case closes',
    async () => {
      const page = suite.page;
      await signInAs(page, 'doctor');
      const due = page.getByTestId('home-follow-up-due');
      await page.locator('[data-testid=home-follow-up-due][data-count="1"]').waitFor();
      expect(await page.getByTestId('home-follow-up-overdue').getAttribute('data-count')).toBe('0');
      await due.click();
      await page.waitForURL('**/follow-up');
      // Overdue first: nothing is overdue yet.
      await page.getByTestId('list-empty').waitFor();
      await page.getByTestId('follow-up-tab-DUE').click();
      const row = page.getByTestId('follow-up-row');
      await row.first().waitFor();
      expect(await row.count()).toBe(1);
      expect(await row.textContent()).toContain('Gulnar Yasin');
      expect(await row.textContent()).toContain('BI-RADS 4B');
      // The demo township doctor reads Uyghur, right to left; then English.
      await waitForLanguage(page, 'ug');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await row.textContent()).toContain('بىئوپسىيەگە يوللاش');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'follow-up-ug.png'), fullPage: true });
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      expect(await row.textContent()).toContain('Biopsy referral');

      // Done without a pathology result is not accepted for a biopsy; with one it closes the case.
      await row.getByTestId('follow-up-record').click();
      await page.getByTestId('outcome-kind').selectOption('DONE');
      await page.getByTestId('outcome-save').click();
      await page.getByTestId('outcome-pathology-missing').waitFor();
      await page.getByTestId('outcome-date').fill('2026-04-02');
      await page.getByTestId('outcome-pathology-result').first().selectOption('MALIGNANT');
      await page.getByTestId('outcome-note').fill('Core biopsy at the county hospital');
      await page.getByTestId('outcome-save').click();
      await page.getByTestId('toast').filter({ hasText: 'Outcome recorded' }).waitFor();
      await page.getByTestId('list-empty').waitFor();

      await page.getByTestId('follow-up-tab-CLOSED').click();
      const closed = page.locator('[data-testid=follow-up-row][data-status=CLOSED]');
      await closed.waitFor();
      expect(await closed.getByTestId('follow-up-outcome').textContent()).toBe('Done');
      expect(await closed.getByTestId('follow-up-pathology').textContent()).toBe('Malignant');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'follow-up-closed.png'), fullPage: true });

      await page.getByTestId('nav-home').click();
      await page.locator('[data-testid=home-follow-up-due][data-count="0"]').waitFor();
    },
    TIMEOUT,
  );

  test(
    'a long-overdue follow-up is escalated to the admin, who sees where it is (in Chinese) but not who',
    async () => {
      const t = suite.portal.api;
      const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
      const [doctor, specialist] = await Promise.all([t.signIn('doctor'), t.signIn('specialist')]);
      const patientId = await registerPatient(t, doctor, tokuzak.id, 'Adil Rozi');
      const studyId = await createStudy(t, doctor, patientId, 'THYROID');
      await signedReport(t, doctor, specialist, studyId, { impression: 'Suspicious nodule', recommendation: 'BIOPSY', categorySystem: 'TI-RADS', categoryValue: 'TR5' });
      // Thirty days past due, then the sweep that runs every ten minutes.
      await t.dataSource.query(`UPDATE follow_up_case SET due_at = now() - interval '30 days' WHERE study_id = $1`, [studyId]);
      expect(await t.app.get(FollowUpEscalator).sweep()).toBe(1);

      const page = suite.page;
      await signInAs(page, 'admin');
      await page.getByTestId('lang-zh').click();
      await waitForLanguage(page, 'zh');
      await page.locator('[data-testid=stat-escalations][data-count="1"]').click();
      await page.waitForURL('**/follow-up/escalations');
      const row = page.getByTestId('escalation-row');
      await row.waitFor();
      expect(await row.textContent()).toContain('Tokuzak Township Health Centre');
      expect(await row.textContent()).toContain('细针穿刺');
      expect(await row.getByTestId('escalation-days').textContent()).toBe('30');
      expect(await page.getByTestId('escalations-table').textContent()).not.toContain('Adil Rozi');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'follow-up-escalations-zh.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'a trainer turns the case confirmed by pathology into a teaching case, shown with its diagnosis (English, Chinese)',
    async () => {
      const t = suite.portal.api;
      const tokuzak = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' });
      const [doctor, specialist, trainerToken] = await Promise.all([t.signIn('doctor'), t.signIn('specialist'), t.signIn('trainer')]);
      const patientId = await registerPatient(t, doctor, tokuzak.id, 'Meryem Teaching');
      const studyId = await createStudy(t, doctor, patientId, 'BREAST', readFileSync(join(DATASETS_DIR, 'busi/images/busi_malignant_047.png')));
      await signedReport(t, doctor, specialist, studyId, { impression: 'Irregular mass, suspicious', recommendation: 'BIOPSY', categorySystem: 'BI-RADS', categoryValue: '4C' });
      const [followUp] = await t.dataSource.query(`SELECT c.id, l.id AS lesion FROM follow_up_case c JOIN follow_up_lesion l ON l.case_id = c.id WHERE c.study_id = $1`, [studyId]);
      const outcome = { caseId: followUp.id, outcome: 'DONE', performedOn: '2026-04-10', pathology: [{ lesionId: followUp.lesion, result: 'MALIGNANT' }] };
      expect((await t.gql('mutation($i: RecordOutcomeInput!) { recordFollowUpOutcome(input: $i) { id } }', { i: outcome }, doctor)).errors).toBeUndefined();
      const course = await t.gql<{ createCourse: { id: string } }>(
        'mutation($i: CourseInput!) { createCourse(input: $i) { id } }',
        { i: { title: 'Cases from the region', description: 'Confirmed cases.', creditHours: 1, certificateValidMonths: 12, requiredAttendanceMinutes: 0 } },
        trainerToken,
      );
      expect(course.errors).toBeUndefined();
      const courseId = course.data!.createCourse.id;
      expect((await t.gql('mutation($i: ModuleInput!) { addModule(input: $i) { id } }', { i: { courseId, title: 'Breast' } }, trainerToken)).errors).toBeUndefined();

      const page = suite.page;
      await signInAs(page, 'trainer');
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      await page.goto(`/training/courses/${courseId}/edit`);
      await page.getByTestId('lesson-add').click();
      await page.getByTestId('lesson-kind').selectOption('CASE');
      const row = page.locator(`[data-testid=confirmed-outcome][data-follow-up-id="${followUp.id}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Tokuzak Township Health Centre · Breast · BI-RADS 4C');
      expect(await row.textContent()).toContain('Confirmed by pathology: malignant');
      expect(await page.getByTestId('confirmed-outcomes').textContent()).not.toContain('Meryem');
      await row.getByTestId('teaching-case-from-outcome').click();
      await row.getByTestId('confirmed-outcome-made').waitFor();
      // The new case is in the picker with its diagnosis; picking it fills the lesson.
      const made = page.getByTestId('teaching-case-option').filter({ has: page.getByTestId('teaching-case-confirmed') });
      await made.first().waitFor();
      expect(await made.first().getByTestId('teaching-case-confirmed').textContent()).toBe('Confirmed by pathology: malignant');
      await made.first().click();
      const [stored] = await t.dataSource.query(`SELECT id, confirmed_diagnosis FROM teaching_case WHERE follow_up_case_id = $1`, [followUp.id]);
      expect(stored.confirmed_diagnosis).toBe('MALIGNANT');
      // The form field fills on the next change detection, not within the click.
      await page.waitForFunction((id) => (document.querySelector('[data-testid=lesson-case-id]') as HTMLInputElement | null)?.value === id, stored.id);
      expect(await page.getByTestId('lesson-case-id').inputValue()).toBe(stored.id);
      await page.getByTestId('lang-zh').click();
      await waitForLanguage(page, 'zh');
      expect(await made.first().getByTestId('teaching-case-confirmed').textContent()).toBe('病理确诊：恶性');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'teaching-from-outcome-zh.png'), fullPage: true });
    },
    TIMEOUT,
  );
});
