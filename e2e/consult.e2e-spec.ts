import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DATASETS_DIR } from '../api/src/testing/datasets.js';
import { SCREENSHOT_DIR } from './support/portal.js';
import { documentLanguage, navItems, signInAs, waitForLanguage } from './support/sign-in.js';
import { servedModel } from '../api/src/testing/served-model.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 180_000;
/** A real breast ultrasound image (BUSI, malignant), read from the shared datasets at test time. */
const BREAST_IMAGE = join(DATASETS_DIR, 'busi/images/busi_malignant_047.png');
const QUESTION = 'Irregular hypoechoic mass, left breast, 2 o’clock. Biopsy now, or follow-up in 3 months?';

/** Marks the page so that a later check can tell it was never reloaded. */
const markLoaded = (page: Page) => page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

/** Records a consent on the patient's page: method and the doctor's confirmation. */
async function recordConsent(page: Page, purpose: 'AI_PROCESSING' | 'REMOTE_SHARING'): Promise<void> {
  await page.locator(`[data-testid=consent][data-purpose=${purpose}]`).getByTestId('consent-grant').click();
  await page.getByTestId('consent-method').selectOption('written');
  await page.getByTestId('consent-confirmed').check();
  await page.getByTestId('consent-save').click();
  await page.locator(`[data-testid=consent][data-purpose=${purpose}][data-granted=true]`).waitFor();
}

describe('remote consultation: a township doctor asks, a specialist takes it', () => {
  beforeAll(() => {
    if (!existsSync(BREAST_IMAGE)) throw new Error(`A breast image is missing: ${BREAST_IMAGE} (shared datasets folder).`);
  });
  // Two people, two browser profiles: each test opens them itself.
  const suite = usePortalPage({ eachPage: false, timeout: TIMEOUT });

  /** A second radiologist at the prefecture hospital, set up by the administrator; answers their access token. */
  async function secondSpecialist(): Promise<string> {
    const { api } = suite.portal;
    const admin = await api.signIn('admin');
    const hospitals = await api.gql<{ institutions: { id: string }[] }>('query($f: InstitutionsFilter) { institutions(filter: $f) { id } }', { f: { search: 'KS-PH' } }, admin);
    const temporary = 'Welcome-radiology-26';
    const created = await api.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { username: 'second.radiologist', displayName: 'Dr. Ayjan Memet', locale: 'en', password: temporary, roles: [{ role: 'SPECIALIST', institutionId: hospitals.data!.institutions[0].id }] } },
      admin,
    );
    expect(created.errors).toBeUndefined();
    const signIn = 'mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }';
    const first = await api.gql<{ signIn: { accessToken: string } }>(signIn, { input: { username: 'second.radiologist', password: temporary } });
    const changed = await api.gql(
      'mutation($input: ChangePasswordInput!) { changeMyPassword(input: $input) { id } }',
      { input: { currentPassword: temporary, newPassword: 'Pomegranate-scan-58' } },
      first.data!.signIn.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    const again = await api.gql<{ signIn: { accessToken: string } }>(signIn, { input: { username: 'second.radiologist', password: 'Pomegranate-scan-58' } });
    return again.data!.signIn.accessToken;
  }

  test(
    'the request appears on the open worklist, the specialist claims and reviews it, and the doctor sees it live',
    async () => {
      // The specialist has the worklist open before anything is asked.
      const specialist = await suite.newPage();
      await signInAs(specialist, 'specialist');
      await specialist.getByTestId('lang-en').click();
      await waitForLanguage(specialist, 'en');
      expect(await navItems(specialist)).toEqual(['nav-home', 'nav-patients', 'nav-worklist', 'nav-consults', 'nav-follow-up', 'nav-training', 'nav-certificates', 'nav-dashboard', 'nav-models']);
      await specialist.getByTestId('nav-worklist').click();
      await specialist.waitForURL('**/worklist');
      await specialist.locator('[data-testid=worklist-live][data-state=on]').waitFor();
      await specialist.getByTestId('list-empty').waitFor();
      await markLoaded(specialist);

      // The township doctor registers a patient and records the AI consent only.
      const doctor = await suite.newPage();
      await signInAs(doctor, 'doctor');
      await doctor.getByTestId('lang-en').click();
      await waitForLanguage(doctor, 'en');
      expect(await navItems(doctor)).toEqual(['nav-home', 'nav-patients', 'nav-consults', 'nav-follow-up', 'nav-training', 'nav-certificates', 'nav-dashboard', 'nav-models']);
      await doctor.getByTestId('nav-patients').click();
      await doctor.getByTestId('patient-new').click();
      await doctor.getByTestId('patient-name').fill('Rabiye Qasim');
      await doctor.getByTestId('patient-sex').selectOption('F');
      await doctor.getByTestId('patient-birth-date').fill('1971-09-02');
      await doctor.getByTestId('patient-save').click();
      await doctor.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      await recordConsent(doctor, 'AI_PROCESSING');

      // A breast study with one image; its AI second opinion arrives live.
      await doctor.getByTestId('study-new').click();
      await doctor.getByTestId('study-region').selectOption('BREAST');
      await doctor.getByTestId('study-save').click();
      await doctor.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
      await doctor.getByTestId('upload-input').setInputFiles(BREAST_IMAGE);
      await doctor.locator('[data-testid=study-image] [data-testid=preread][data-status=DONE]').waitFor({ timeout: 60_000 });
      expect(await doctor.getByTestId('study-consult').textContent()).toContain('No specialist has been asked about this study.');

      // Asking without the sharing consent: the dialog warns, the server refuses, and the way to the consents is offered.
      await doctor.getByTestId('consult-ask').click();
      await doctor.getByTestId('consult-submit').click();
      await doctor.getByTestId('field-error').first().waitFor();
      expect(await doctor.getByTestId('field-error').allTextContents()).toEqual(['Required.']);
      expect(await doctor.getByTestId('consult-consent-required').textContent()).toContain('has not consented to sharing with remote specialists yet');
      await doctor.getByTestId('consult-question').fill(QUESTION);
      await doctor.getByTestId('consult-submit').click();
      await doctor.locator('[data-testid=consult-consent-required][data-error-code=CONSENT_REQUIRED]').waitFor();
      expect(await doctor.getByTestId('consult-consent-required').textContent()).toContain('Record that consent on the patient’s page first.');
      await doctor.getByTestId('consult-consent-link').click();
      await doctor.waitForURL(/\/patients\/[0-9a-f-]{36}#consents$/);
      await recordConsent(doctor, 'REMOTE_SHARING');

      // Back on the study: ask again, urgent.
      await doctor.getByTestId('study-row').locator('a').click();
      await doctor.waitForURL(/\/studies\//);
      await doctor.getByTestId('consult-ask').click();
      expect(await doctor.getByTestId('consult-consent-note').textContent()).toContain('consent to sharing with remote specialists');
      await doctor.getByTestId('consult-question').fill(QUESTION);
      await doctor.getByTestId('consult-urgency-select').selectOption('URGENT');
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'consult-ask-en.png') });
      await doctor.getByTestId('consult-submit').click();
      const requested = doctor.locator('[data-testid=study-consult-status][data-status=OFFERED]');
      await requested.waitFor();
      expect(await requested.getByTestId('consult-urgency').textContent()).toContain('Urgent');
      expect(await requested.getByTestId('consult-waiting').textContent()).toMatch(/^waiting \d+ min$/);
      expect(await doctor.getByTestId('consult-ask').count()).toBe(0);

      // The specialist's worklist shows it without a reload, highlighted, with urgency, AI risk and waiting time.
      const row = specialist.locator('[data-testid=worklist-row][data-new=true]');
      await row.waitFor({ timeout: 15_000 });
      expect(await notReloaded(specialist)).toBe(true);
      expect(await row.getAttribute('data-urgency')).toBe('URGENT');
      expect(await row.getAttribute('data-status')).toBe('OFFERED');
      expect(await row.textContent()).toContain(QUESTION);
      expect(await row.textContent()).toContain('Tokuzak Township Health Centre');
      // The AI's risk only from a validated model: an experimental one gives no score to sort by.
      if ((await servedModel(suite.portal.api, 'BREAST')).validated) {
        expect(Number(await row.getByTestId('consult-risk').getAttribute('data-risk'))).toBeGreaterThan(0);
        expect(await row.getByTestId('consult-risk').textContent()).toMatch(/\d+ %/);
      } else {
        expect(await row.getByTestId('consult-risk').getAttribute('data-risk')).toBeNull();
        expect((await row.getByTestId('consult-risk').textContent())!.trim()).toBe('—');
      }
      expect(await row.getByTestId('consult-waiting').textContent()).toMatch(/^waiting \d+ min$/);
      await specialist.screenshot({ path: join(SCREENSHOT_DIR, 'worklist-en.png'), fullPage: true });

      // The doctor follows the consult on its page.
      await doctor.getByTestId('study-consult-open').click();
      await doctor.waitForURL(/\/consults\/[0-9a-f-]{36}$/);
      await doctor.locator('[data-testid=consult-live][data-state=on]').waitFor();
      await doctor.locator('[data-testid=consult-page-status][data-status=OFFERED]').waitFor();
      // The name comes from the doctor's own patient list, a moment after the consult itself.
      await doctor.getByTestId('consult-patient').filter({ hasText: 'Rabiye Qasim' }).waitFor();
      expect(await doctor.getByTestId('consult-claim').count()).toBe(0);
      expect(await doctor.getByTestId('consult-cancel').count()).toBe(1);
      await markLoaded(doctor);

      // The specialist opens it: the image with the AI overlay, the question, and Claim.
      await row.getByTestId('worklist-open').click();
      await specialist.waitForURL(/\/consults\/[0-9a-f-]{36}$/);
      const image = specialist.locator('[data-testid=study-image][data-file="busi_malignant_047.png"]');
      await image.getByTestId('viewer-image').waitFor();
      expect(await image.getByTestId('viewer-image').getAttribute('src')).toMatch(/^blob:/);
      expect(await image.getByTestId('lesion-box').count()).toBeGreaterThanOrEqual(1);
      expect(await image.locator('[data-testid=preread][data-status=DONE]').count()).toBe(1);
      expect(await specialist.getByTestId('consult-question-text').textContent()).toContain(QUESTION);
      expect(await specialist.getByTestId('consult-patient').textContent()).toContain('identity not shared with the reviewing hospital');
      expect(await specialist.getByTestId('consult-patient-summary').textContent()).toMatch(/^Female · \d+ years/);
      expect(await specialist.getByTestId('consult-cancel').count()).toBe(0);

      await specialist.getByTestId('consult-claim').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=CLAIMED]').waitFor();
      await doctor.locator('[data-testid=consult-page-status][data-status=CLAIMED]').waitFor();
      await specialist.getByTestId('consult-start-review').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=IN_REVIEW]').waitFor();
      await specialist.getByTestId('report-form').waitFor();
      expect(await specialist.getByTestId('consult-release').count()).toBe(1);

      // The doctor's page follows without a reload, timeline included.
      await doctor.locator('[data-testid=consult-page-status][data-status=IN_REVIEW]').waitFor({ timeout: 15_000 });
      await doctor.locator('[data-testid=consult-event][data-event=start-review]').waitFor();
      expect(await notReloaded(doctor)).toBe(true);
      const events = await doctor.getByTestId('consult-event').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
      expect(events).toEqual(['start-review', 'claim', 'offer', 'request']);
      expect(await doctor.locator('[data-testid=consult-event][data-event=claim]').textContent()).toContain('Dr. Li Wei (Radiology)');
      expect(await doctor.getByTestId('consult-specialist').textContent()).toContain('Dr. Li Wei (Radiology)');
      expect(await doctor.locator('[data-testid=consult-event][data-event=request]').textContent()).toContain('You');

      // In Uyghur the page turns right-to-left; the picture does not.
      await doctor.getByTestId('lang-ug').click();
      await waitForLanguage(doctor, 'ug');
      expect(await documentLanguage(doctor)).toEqual({ lang: 'ug', dir: 'rtl' });
      expect(await doctor.getByTestId('consult-page-status').textContent()).toContain('كۆرۈلۈۋاتىدۇ');
      await doctor.locator('[data-testid=study-image] [data-testid=viewer-image]').waitFor();
      expect(await doctor.getByTestId('consult-claimed-by-other').count()).toBe(0);
      await doctor.waitForFunction(() => !document.querySelector('[data-testid=toast]'));
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'consult-ug-rtl.png'), fullPage: true });

      // The doctor's list shows it too.
      await doctor.getByTestId('nav-consults').click();
      const mine = doctor.locator('[data-testid=my-consult-row][data-status=IN_REVIEW]');
      await mine.waitFor();
      expect(await mine.textContent()).toContain('Rabiye Qasim');
    },
    TIMEOUT,
  );

  test(
    'the specialist reports and signs; the doctor sees it live, downloads and verifies the PDF, and they exchange messages',
    async () => {
      const { portal } = suite;
      // The consult the first test left in review.
      const doctorToken = await portal.api.signIn('doctor');
      const open = await portal.api.gql<{ myConsults: { id: string }[] }>('{ myConsults(filter: { status: IN_REVIEW }) { id } }', {}, doctorToken);
      const consultId = open.data!.myConsults[0].id;

      const specialist = await suite.newPage();
      await signInAs(specialist, 'specialist');
      await specialist.getByTestId('lang-en').click();
      await waitForLanguage(specialist, 'en');
      await specialist.goto(`/consults/${consultId}`);
      await specialist.getByTestId('report-form').waitFor();
      await specialist.locator('[data-testid=consult-live][data-state=on]').waitFor();

      const doctor = await suite.newPage();
      await signInAs(doctor, 'doctor');
      await doctor.getByTestId('lang-en').click();
      await waitForLanguage(doctor, 'en');
      await doctor.goto(`/consults/${consultId}`);
      await doctor.locator('[data-testid=consult-page-status][data-status=IN_REVIEW]').waitFor();
      await doctor.locator('[data-testid=consult-live][data-state=on]').waitFor();
      await doctor.locator('[data-testid=consult-messages][data-live=on]').waitFor();
      await specialist.locator('[data-testid=consult-messages][data-live=on]').waitFor();
      expect(await doctor.getByTestId('report-form').count()).toBe(0);
      await markLoaded(doctor);

      // The specialist's report: agrees with the AI's first lesion, BI-RADS 4B, biopsy.
      const firstLesion = specialist.locator('[data-testid=report-lesion][data-index="0"]');
      await firstLesion.getByTestId('lesion-AGREE').check();
      await firstLesion.getByTestId('lesion-note').fill('Irregular margins, as the AI marks them.');
      await specialist.getByTestId('report-category-system').selectOption('BI-RADS');
      await specialist.getByTestId('report-category-value').selectOption('4B');
      await specialist.getByTestId('report-findings').fill('Irregular hypoechoic mass, 14 mm, angular margins, posterior shadowing.');
      await specialist.getByTestId('report-submit').click();
      // Impression and recommendation are required before submitting.
      expect(await specialist.getByTestId('field-error').allTextContents()).toEqual(['Required.', 'Required.']);
      await specialist.getByTestId('report-impression-input').fill('Suspicious for malignancy.');
      await specialist.getByTestId('report-recommendation-select').selectOption('SHORT_INTERVAL_FOLLOW_UP');
      await specialist.getByTestId('report-follow-up').waitFor();
      await specialist.getByTestId('report-recommendation-select').selectOption('BIOPSY');
      expect(await specialist.getByTestId('report-follow-up').count()).toBe(0);
      await specialist.getByTestId('report-save').click();
      await specialist.getByTestId('report-saved-state').filter({ hasText: 'Draft saved' }).waitFor();
      await specialist.screenshot({ path: join(SCREENSHOT_DIR, 'consult-report-form-en.png'), fullPage: true });

      // The specialist's Home: open requests by urgency, and this case among those they took, with its age.
      const specialistHome = await suite.newPage();
      await signInAs(specialistHome, 'specialist');
      await specialistHome.getByTestId('lang-en').click();
      await waitForLanguage(specialistHome, 'en');
      expect(await specialistHome.locator(`[data-testid=home-claimed][data-consult="${consultId}"]`).getByTestId('home-claimed-age').textContent()).toMatch(/^taken .+ ago$/);
      expect(await specialistHome.locator('[data-testid=home-offered]').evaluateAll((stats) => stats.map((s) => s.getAttribute('data-urgency')))).toEqual(['EMERGENCY', 'URGENT', 'ROUTINE']);
      await specialistHome.screenshot({ path: join(SCREENSHOT_DIR, 'home-specialist-en.png'), fullPage: true });
      await specialist.getByTestId('report-submit').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=REPORTED]').waitFor();
      await doctor.locator('[data-testid=consult-page-status][data-status=REPORTED]').waitFor({ timeout: 15_000 });
      await doctor.getByTestId('report-pending').waitFor();
      // Off the worklist, the case stays on the specialist's Home, live, as waiting for their signature.
      await specialistHome.locator(`[data-testid=home-claimed][data-consult="${consultId}"]`).getByTestId('home-awaiting-signature').waitFor({ timeout: 15_000 });

      // Home is a task list: the doctor's shows the request waiting.
      const doctorHome = await suite.newPage();
      await signInAs(doctorHome, 'doctor');
      await doctorHome.getByTestId('lang-en').click();
      await waitForLanguage(doctorHome, 'en');
      await doctorHome.locator(`[data-testid=home-waiting-consult][data-consult="${consultId}"]`).waitFor();
      expect(await doctorHome.locator(`[data-testid=home-report][data-consult="${consultId}"]`).count()).toBe(0);

      // Signing shows the PDF that will be signed, then asks for the password again.
      await specialist.getByTestId('report-sign').click();
      await specialist.getByTestId('report-preview-pdf').waitFor();
      expect(await specialist.getByTestId('report-preview-pdf').getAttribute('src')).toMatch(/^blob:/);
      await specialist.getByTestId('report-sign-password').fill('Oasis-specialist-2026');
      await specialist.getByTestId('report-sign-confirm').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=SIGNED]').waitFor();
      await specialist.locator('[data-testid=signed-report][data-version="1"]').waitFor();
      expect(await specialist.getByTestId('report-form').count()).toBe(0);
      expect(await specialist.getByTestId('report-amend').count()).toBe(1);

      // The doctor's Home has it as a new report back, live, and no longer as waiting.
      await doctorHome.locator(`[data-testid=home-report][data-consult="${consultId}"][data-new=true]`).waitFor({ timeout: 15_000 });
      expect(await doctorHome.locator(`[data-testid=home-waiting-consult][data-consult="${consultId}"]`).count()).toBe(0);
      await doctorHome.screenshot({ path: join(SCREENSHOT_DIR, 'home-doctor-en.png'), fullPage: true });

      // The doctor's page follows without a reload: the signed report, its category, recommendation and the lesion agreed with.
      await doctor.locator('[data-testid=consult-page-status][data-status=SIGNED]').waitFor({ timeout: 15_000 });
      const signed = doctor.locator('[data-testid=signed-report][data-version="1"]');
      await signed.waitFor();
      expect(await notReloaded(doctor)).toBe(true);
      expect(await signed.getByTestId('report-category').textContent()).toContain('BI-RADS 4B');
      expect(await signed.getByTestId('report-recommendation').getAttribute('data-value')).toBe('BIOPSY');
      expect(await signed.getByTestId('report-impression').textContent()).toContain('Suspicious for malignancy.');
      expect(await signed.locator('[data-testid=report-lesion-assessment][data-agreement=AGREE]').count()).toBe(1);
      expect(await doctor.getByTestId('report-amend').count()).toBe(0);
      await doctor.locator('[data-testid=consult-event][data-event=sign]').waitFor();
      expect(await doctor.locator('[data-testid=consult-event][data-event=sign]').textContent()).toContain('Dr. Li Wei (Radiology)');
      const shortHash = (await signed.getByTestId('report-hash').textContent())!.trim();
      expect(shortHash).toMatch(/^[0-9a-f]{12}$/);

      // Download PDF: a real PDF, named by the server.
      const [download] = await Promise.all([doctor.waitForEvent('download'), signed.getByTestId('report-download').click()]);
      expect(download.suggestedFilename()).toMatch(/^oasis-report-[0-9a-f]{8}-v1-en\.pdf$/);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      // Verify: unchanged since signing.
      await signed.getByTestId('report-verify').click();
      const verified = signed.locator('[data-testid=report-verify-result][data-valid=true]');
      await verified.waitFor();
      expect(await verified.textContent()).toContain('Valid');
      expect(await verified.textContent()).toContain(shortHash);
      await doctor.screenshot({ path: join(SCREENSHOT_DIR, 'consult-signed-report-en.png'), fullPage: true });

      // Case messages, live both ways.
      await doctor.getByTestId('consult-message-input').fill('Thank you. Biopsy booked for Thursday.');
      await doctor.getByTestId('consult-message-send').click();
      await doctor.locator('[data-testid=consult-message][data-mine=true]').filter({ hasText: 'Biopsy booked for Thursday.' }).waitFor();
      expect(await doctor.locator('[data-testid=consult-message][data-mine=true]').getByTestId('consult-message-author').textContent()).toBe('You');
      const received = specialist.getByTestId('consult-message').filter({ hasText: 'Biopsy booked for Thursday.' });
      await received.waitFor({ timeout: 15_000 });
      expect(await received.getAttribute('data-mine')).toBe('false');
      expect(await received.getByTestId('consult-message-author').textContent()).toBe('Dr. Mehmet Ablimit');
      await specialist.getByTestId('consult-message-input').fill('Please send the pathology result.');
      await specialist.getByTestId('consult-message-send').click();
      const reply = doctor.getByTestId('consult-message').filter({ hasText: 'Please send the pathology result.' });
      await reply.waitFor({ timeout: 15_000 });
      expect(await reply.getByTestId('consult-message-author').textContent()).toBe('Dr. Li Wei (Radiology)');
      expect(await doctor.getByTestId('consult-message').count()).toBe(2);

      // Amending opens version 2 from the signed one; version 1 stays listed.
      await specialist.getByTestId('report-amend').click();
      await specialist.getByTestId('confirm-accept').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=AMENDED]').waitFor();
      await specialist.getByTestId('report-amending').waitFor();
      expect(await specialist.getByTestId('report-impression-input').inputValue()).toBe('Suspicious for malignancy.');
      await specialist.getByTestId('report-impression-input').fill('Suspicious for malignancy; axillary node normal.');
      await specialist.getByTestId('report-sign').click();
      await specialist.getByTestId('report-sign-password').fill('Oasis-specialist-2026');
      await specialist.getByTestId('report-sign-confirm').click();
      await specialist.locator('[data-testid=consult-page-status][data-status=SIGNED]').waitFor();
      await doctor.locator('[data-testid=signed-report][data-version="2"]').waitFor({ timeout: 15_000 });
      expect(await doctor.getByTestId('report-impression').textContent()).toContain('axillary node normal');
      expect(await doctor.getByTestId('report-version').count()).toBe(2);
    },
    TIMEOUT,
  );

  test(
    'a specialist who was too slow is told clearly that someone else claimed it',
    async () => {
      const { portal } = suite;
      const doctorToken = await portal.api.signIn('doctor');
      // A new study of the first test's patient (who consented to sharing): one open consult per study.
      const studies = await portal.api.gql<{ studies: { patientId: string }[] }>('{ studies { patientId } }', {}, doctorToken);
      const created = await portal.api.gql<{ createStudy: { id: string } }>(
        'mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }',
        { s: { patientId: studies.data!.studies[0].patientId, region: 'BREAST' } },
        doctorToken,
      );
      const studyId = created.data!.createStudy.id;
      const asked = await portal.api.gql<{ requestConsult: { id: string } }>(
        'mutation($input: RequestConsultInput!) { requestConsult(input: $input) { id } }',
        { input: { studyId, clinicalQuestion: 'Second opinion on the lesion size, please.', urgency: 'ROUTINE' } },
        doctorToken,
      );
      const consultId = asked.data!.requestConsult.id;

      const colleagueToken = await secondSpecialist();

      const specialist = await suite.newPage();
      await signInAs(specialist, 'specialist');
      await specialist.getByTestId('lang-en').click();
      await waitForLanguage(specialist, 'en');
      await specialist.goto(`/consults/${consultId}`);
      await specialist.getByTestId('consult-claim').waitFor();
      // A colleague is faster: their claim reaches the server just before this one.
      await specialist.route('**/graphql', async (route) => {
        if (route.request().postData()?.includes('claimConsult')) {
          const theirs = await portal.api.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, colleagueToken);
          expect(theirs.errors).toBeUndefined();
        }
        return route.continue();
      });
      await specialist.getByTestId('consult-claim').click();
      const banner = specialist.locator('[data-testid=error-banner][data-error-code=ALREADY_CLAIMED]');
      await banner.waitFor();
      expect(await banner.textContent()).toContain('Another specialist was faster and has already claimed this consult.');
      await specialist.locator('[data-testid=consult-page-status][data-status=CLAIMED]').waitFor();
      expect(await specialist.getByTestId('consult-claim').count()).toBe(0);
      expect(await specialist.getByTestId('consult-claimed-by-other').textContent()).toContain('Dr. Ayjan Memet is working on this consult.');
    },
    TIMEOUT,
  );
});
