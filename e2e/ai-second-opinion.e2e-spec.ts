import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { makeDicom } from '../api/src/imaging/dicom/testing/make-dicom.js';
import { encodeGrayPng } from '../api/src/imaging/encode-png.js';
import { SCREENSHOT_DIR } from './support/portal.js';
import { servedModel } from '../api/src/testing/served-model.js';
import { navItems, signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 120_000;
/** A real breast ultrasound image (BUSI, malignant), read from the shared datasets at test time. */
const BREAST_IMAGE = resolve(process.cwd(), '../shared/datasets/busi/images/busi_malignant_047.png');
const SECOND_IMAGE = resolve(process.cwd(), '../shared/datasets/busi/images/busi_benign_001.png');
/** A thyroid ultrasound image (DDTI), which a breast study's input check must refuse. */
const THYROID_IMAGE = resolve(process.cwd(), '../shared/datasets/ddti/images/ddti_benign_002-1.png');

/** Deterministic grey noise: not an ultrasound image. */
function noisePng(): Buffer {
  let seed = 7;
  const data = Uint8Array.from({ length: 300 * 220 }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % 256;
  });
  return encodeGrayPng({ width: 300, height: 220, data });
}

const PATIENT = {
  name: 'Ayshem Tohti',
  birthDate: '1979-03-14',
  nationalId: '65310119790314002X',
  phone: '138 0998 1234',
  address: 'Bulaqbeshi village, Tokuzak township',
};

/** Text of the field errors in the open form, once they show. */
async function fieldErrors(page: Page): Promise<string[]> {
  await page.getByTestId('field-error').first().waitFor();
  return page.getByTestId('field-error').allTextContents();
}

/** Where the boxes of the first image are, relative to the displayed image (fractions of its size). */
const overlayGeometry = (page: Page) =>
  page.getByTestId('image-viewer').first().evaluate((viewer) => {
    const image = viewer.querySelector('[data-testid=viewer-image]')!.getBoundingClientRect();
    const svg = viewer.querySelector('[data-testid=lesion-overlay]')!.getBoundingClientRect();
    const box = viewer.querySelector('[data-testid=lesion-box][data-primary=true]')!.getBoundingClientRect();
    const img = viewer.querySelector('img')!;
    return {
      svg: { dx: svg.x - image.x, dy: svg.y - image.y, dw: svg.width - image.width, dh: svg.height - image.height },
      box: { left: (box.x - image.x) / image.width, top: (box.y - image.y) / image.height, width: box.width / image.width },
      imageTransform: getComputedStyle(img).transform,
      stageDirection: getComputedStyle(img.parentElement!).direction,
    };
  });

describe('AI second opinion: a township doctor’s workflow', () => {
  beforeAll(() => {
    for (const file of [BREAST_IMAGE, SECOND_IMAGE, THYROID_IMAGE]) {
      if (!existsSync(file)) throw new Error(`A breast image is missing: ${file} (shared datasets folder).`);
    }
  });
  // Each test opens its own page(s), signed in as the person it follows.
  const suite = usePortalPage({ eachPage: false, timeout: TIMEOUT });

  test(
    'registers a patient, records AI consent, uploads a breast image (resuming after a cut link) and sees the AI overlay live',
    async () => {
      const page = await suite.newPage();
      await signInAs(page, 'doctor');
      // The doctor's profile says Uyghur; the journey runs in English, then checks the Uyghur layout.
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      expect(await navItems(page)).toEqual(['nav-home', 'nav-patients', 'nav-consults', 'nav-follow-up', 'nav-training', 'nav-certificates', 'nav-dashboard', 'nav-models']);

      // Register the patient.
      await page.getByTestId('nav-patients').click();
      await page.waitForURL('**/patients');
      await page.getByTestId('patient-new').click();
      await page.getByTestId('patient-name').fill(PATIENT.name);
      await page.getByTestId('patient-national-id').fill('12345');
      await page.getByTestId('patient-save').click();
      expect(await fieldErrors(page)).toEqual(
        expect.arrayContaining(['Required.', 'Use 18 characters: 17 digits, then a digit or X.']),
      );
      await page.getByTestId('patient-sex').selectOption('F');
      await page.getByTestId('patient-birth-date').fill(PATIENT.birthDate);
      await page.getByTestId('patient-national-id').fill(PATIENT.nationalId);
      await page.getByTestId('patient-phone').fill(PATIENT.phone);
      await page.getByTestId('patient-address').fill(PATIENT.address);
      await page.getByTestId('patient-save').click();
      await page.waitForURL(/\/patients\/[0-9a-f-]{36}$/);
      expect(await page.getByTestId('patient-title').textContent()).toContain(PATIENT.name);
      expect(await page.getByTestId('patient-details').textContent()).toContain(PATIENT.nationalId);

      // Record the AI consent explicitly: method and the doctor's confirmation are required.
      const aiConsent = page.locator('[data-testid=consent][data-purpose=AI_PROCESSING]');
      expect(await aiConsent.getByTestId('consent-state').textContent()).toContain('Not asked yet');
      await aiConsent.getByTestId('consent-grant').click();
      await page.getByTestId('consent-method').selectOption('written');
      await page.getByTestId('consent-save').click();
      expect(await fieldErrors(page)).toEqual(['Confirm before recording.']);
      await page.getByTestId('consent-confirmed').check();
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'consent-dialog-en.png') });
      await page.getByTestId('consent-save').click();
      await page.locator('[data-testid=consent][data-purpose=AI_PROCESSING][data-granted=true]').waitFor();
      expect(await aiConsent.getByTestId('consent-state').textContent()).toContain('Consent given');
      expect(await page.locator('[data-testid=consent][data-purpose=REMOTE_SHARING]').getAttribute('data-granted')).toBe('false');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'patient-en.png'), fullPage: true });

      // A breast study; all 12 areas are offered.
      await page.getByTestId('study-new').click();
      await page.getByTestId('study-region').waitFor();
      expect(await page.getByTestId('study-region').locator('option').count()).toBe(13);
      await page.getByTestId('study-region').selectOption('BREAST');
      await page.getByTestId('study-save').click();
      await page.waitForURL(/\/studies\/[0-9a-f-]{36}$/);
      expect(await page.getByTestId('study-title').textContent()).toContain('Breast');
      expect(await page.getByTestId('upload-no-consent').count()).toBe(0);
      await page.locator('[data-testid=study-live][data-state=on]').waitFor();

      // The link drops on the first chunk: the upload waits, asks the server for the offset and carries on.
      let cut = 0;
      await page.route('**/uploads/*', async (route) => {
        if (route.request().method() === 'PATCH' && cut === 0) {
          cut += 1;
          return route.abort('connectionreset');
        }
        return route.continue();
      });
      await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
      await page.getByTestId('upload-input').setInputFiles(BREAST_IMAGE);
      const upload = page.locator('[data-testid=upload-item][data-file="busi_malignant_047.png"]');
      await page.locator('[data-testid=upload-item][data-file="busi_malignant_047.png"]:is([data-phase=done], [data-phase=failed])').waitFor({ timeout: 30_000 });
      expect(await upload.getAttribute('data-phase')).toBe('done');
      expect(cut).toBe(1);
      expect(await upload.getByTestId('upload-progress').getAttribute('aria-valuenow')).toBe('100');
      expect(await upload.getByTestId('upload-bytes').textContent()).toMatch(/34\.5 KB \/ 34\.5 KB · 100 %/);

      // The pre-read arrives over the subscription: overlay, probability, BI-RADS and the model version.
      const image = page.locator('[data-testid=study-image][data-file="busi_malignant_047.png"]');
      await image.locator('[data-testid=preread][data-status=DONE]').waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      // It came through the subscription, which is still up (not the polling fallback).
      expect(await page.getByTestId('study-live').getAttribute('data-state')).toBe('on');
      expect(await image.getByTestId('lesion-box').count()).toBeGreaterThanOrEqual(1);
      expect(await image.locator('[data-testid=lesion-box][data-primary=true]').count()).toBe(1);
      // A validated model gives its call, probability and BI-RADS; one that fails its release gate says it is
      // experimental and gives none of them (the score only where an admin opted in).
      const served = await servedModel(suite.portal.api, 'BREAST');
      if (served.validated) {
        expect(await image.getByTestId('preread-probability').textContent()).toMatch(/\d+(\.\d)? %/);
        expect(await image.getByTestId('preread-category').textContent()).toMatch(/BI-RADS (2|3|4A|4B|4C|5)/);
      } else {
        expect(await image.getByTestId('preread-experimental').textContent()).toContain('Experimental model — no benign/malignant call');
        expect(await image.getByTestId('preread-call').count()).toBe(0);
        expect(await image.getByTestId('preread-category').count()).toBe(0);
        expect((await image.getByTestId('preread-probability').textContent())!.trim()).toBe('—');
      }
      expect(await image.getByTestId('preread-model').textContent()).toContain(`Breast · v${served.version}`);
      expect(await image.getByTestId('ai-adjunct-banner').textContent()).toContain('AI second opinion — adjunct only; the doctor decides.');
      expect(await image.getByTestId('lesion-label').count()).toBe(await image.getByTestId('lesion-box').count());
      // A PNG without a stated mm-per-pixel has no calibration: sizes are in pixels, flagged.
      expect(await image.getByTestId('lesion-no-calibration').first().textContent()).toContain('No calibration — pixels only');
      expect(await image.getByTestId('viewer-image').getAttribute('src')).toMatch(/^blob:/);

      // The doctor turns the image into de-identified teaching material: first sees what will be blanked, adds a
      // box over the top-left corner by dragging, looks at the result, then makes the case with exactly those boxes.
      await image.getByTestId('make-teaching-case').click();
      await page.waitForFunction(() => ((document.querySelector('app-blanking-dialog [data-testid=lesion-box-stage] img') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
      const found = Number(await page.getByTestId('blanking-count').getAttribute('data-boxes'));
      const stage = (await page.locator('app-blanking-dialog [data-testid=lesion-box-stage] img').boundingBox())!;
      await page.mouse.move(stage.x + stage.width * 0.02, stage.y + stage.height * 0.02);
      await page.mouse.down();
      await page.mouse.move(stage.x + stage.width * 0.25, stage.y + stage.height * 0.1, { steps: 5 });
      await page.mouse.up();
      await page.locator(`[data-testid=blanking-count][data-boxes="${found + 1}"]`).waitFor();
      // After: the boxes are black, as the copy will be, and cannot be removed there.
      await page.getByTestId('blanking-after').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=blanking-remove]').length === 0 && document.querySelectorAll('.blank--after').length > 0);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'teaching-case-blanking-en.png') });
      await page.getByTestId('blanking-make').click();
      const made = image.getByTestId('teaching-case-made');
      await made.waitFor();
      expect(await made.textContent()).toContain('Teaching case created (de-identified)');
      const caseId = await made.getAttribute('data-case-id');
      expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
      const [stored] = await suite.portal.api.dataSource.query(`SELECT method FROM teaching_case WHERE id = $1`, [caseId]);
      expect(stored.method).toContain(`${found + 1} boxes the clinician chose`);

      // A text file named .png is refused with its reason.
      await page.getByTestId('upload-input').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('This is a text file, not an image.\n') });
      const fake = page.locator('[data-testid=upload-item][data-file="fake.png"][data-phase=failed]');
      await fake.waitFor({ timeout: 30_000 });
      expect(await fake.getByTestId('upload-error').getAttribute('data-error-code')).toBe('UNSUPPORTED_FILE_TYPE');
      expect(await fake.getByTestId('upload-error').textContent()).toContain('This is not a DICOM, PNG or JPEG image.');
      expect(await page.getByTestId('study-image').count()).toBe(1);

      // The overlay lies exactly on the image.
      const ltr = await overlayGeometry(page);
      for (const delta of Object.values(ltr.svg)) expect(Math.abs(delta)).toBeLessThan(1);
      await image.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-en.png'), fullPage: true });

      // Uyghur: the page mirrors, the image and its boxes do not.
      await page.getByTestId('lang-ug').click();
      await waitForLanguage(page, 'ug');
      expect(await image.getByTestId('ai-adjunct-banner').textContent()).toContain('سۈنئىي ئەقىلنىڭ ئىككىنچى پىكرى');
      const rtl = await overlayGeometry(page);
      expect(rtl.stageDirection).toBe('ltr');
      expect(rtl.imageTransform).toBe('none');
      for (const delta of Object.values(rtl.svg)) expect(Math.abs(delta)).toBeLessThan(1);
      expect(Math.abs(rtl.box.left - ltr.box.left)).toBeLessThan(0.01);
      expect(Math.abs(rtl.box.top - ltr.box.top)).toBeLessThan(0.01);
      expect(Math.abs(rtl.box.width - ltr.box.width)).toBeLessThan(0.01);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-ug-rtl.png'), fullPage: true });

      // The patient's page lists the study with its result count.
      await page.getByTestId('study-patient').click();
      await page.getByTestId('study-row').first().waitFor();
      expect(await page.getByTestId('study-row').count()).toBe(1);
      expect(await page.getByTestId('study-row').textContent()).toContain('ئەمچەك');
      await page.getByTestId('study-row').locator('a').click();
      await page.waitForURL(/\/studies\//);

      // Opened later (a fresh load), the picture comes from the API (GET /images/:id) and the boxes still fit it.
      await page.reload();
      await image.locator('[data-testid=preread][data-status=DONE]').waitFor();
      await image.getByTestId('viewer-image').waitFor();
      expect(await image.getByTestId('viewer-image').getAttribute('src')).toMatch(/^blob:/);
      expect(await image.getByTestId('lesion-box').count()).toBeGreaterThanOrEqual(1);
      const reopened = await overlayGeometry(page);
      for (const delta of Object.values(reopened.svg)) expect(Math.abs(delta)).toBeLessThan(1);
      expect(Math.abs(reopened.box.left - ltr.box.left)).toBeLessThan(0.01);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-ug-reopened.png'), fullPage: true });
      await page.getByTestId('lang-zh').click();
      await waitForLanguage(page, 'zh');
      expect(await image.getByTestId('ai-adjunct-banner').textContent()).toContain('AI 第二意见');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-zh-reopened.png'), fullPage: true });

      // Pause while a chunk is on its way, then resume: the upload asks for the offset and finishes.
      await page.unroute('**/uploads/*');
      let held = false;
      await page.route('**/uploads/*', async (route) => {
        if (route.request().method() === 'PATCH' && !held) {
          held = true;
          await new Promise((done) => setTimeout(done, 1_500));
          return route.continue().catch(() => undefined);
        }
        return route.continue();
      });
      await page.getByTestId('upload-input').setInputFiles(SECOND_IMAGE);
      const second = page.locator('[data-testid=upload-item][data-file="busi_benign_001.png"]');
      await second.getByTestId('upload-pause').click();
      await page.locator('[data-testid=upload-item][data-file="busi_benign_001.png"][data-phase=paused]').waitFor();
      await second.getByTestId('upload-resume').click();
      await page.locator('[data-testid=upload-item][data-file="busi_benign_001.png"][data-phase=done]').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid=study-image][data-file="busi_benign_001.png"] [data-testid=preread][data-status=DONE]').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('study-image').count()).toBe(2);

      // The same file again: the server keeps one copy, and the page says so.
      await page.getByTestId('upload-input').setInputFiles({ name: 'again.png', mimeType: 'image/png', buffer: readFileSync(BREAST_IMAGE) });
      await page.locator('[data-testid=upload-item][data-file="again.png"][data-phase=done]').waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-testid=upload-item][data-file="again.png"]').getByTestId('upload-duplicate').count()).toBe(1);
      expect(await page.getByTestId('study-image').count()).toBe(2);

      // A multi-frame DICOM (a cine loop) is one card that plays its frames, each with its own AI result (page in Chinese here).
      const cine = makeDicom({ rows: 160, cols: 200, frames: 3, pixelSpacing: [0.1, 0.1] });
      await page.getByTestId('upload-input').setInputFiles({ name: 'loop.dcm', mimeType: 'application/dicom', buffer: Buffer.from(cine) });
      const loop = page.locator('[data-testid=study-image][data-file="loop.dcm"]');
      await loop.locator('[data-testid=cine][data-frames="3"]').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('study-image').count()).toBe(3);
      expect(await loop.getByTestId('cine-position').textContent()).toContain('第 1 帧，共 3 帧');
      await loop.getByTestId('cine-play').click();
      await loop.locator('[data-testid=cine][data-playing=true]:not([data-frame="0"])').waitFor({ timeout: 10_000 });
      await loop.getByTestId('cine-play').click();
      await loop.locator('[data-testid=cine][data-playing=false]').waitFor();
      await loop.getByTestId('cine-frame').evaluate((slider: HTMLInputElement) => {
        slider.value = '2';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await loop.locator('[data-testid=cine][data-frame="2"]').waitFor();
      expect(await loop.getByTestId('cine-position').textContent()).toContain('第 3 帧，共 3 帧');
      await loop.locator('[data-testid=preread]:not([data-status=QUEUED]):not([data-status=RUNNING])').waitFor({ timeout: 60_000 });

      // Home lists the uploads that need the doctor: a refused file, and one paused after its first chunk, which keeps
      // its place while the doctor is elsewhere. After a reload the server still holds the paused one, and picking the
      // same file again carries on from the server's offset instead of starting afresh.
      const later = { name: 'later.dcm', mimeType: 'application/dicom', buffer: Buffer.from(makeDicom({ rows: 640, cols: 600, pixel: (x, y) => (x ^ y) & 0xff })) };
      await page.getByTestId('upload-input').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('Not an image either.\n') });
      await page.locator('[data-testid=upload-item][data-file="notes.png"][data-phase=failed]').waitFor({ timeout: 30_000 });
      await page.unroute('**/uploads/*');
      let patches = 0;
      await page.route('**/uploads/*', async (route) => {
        if (route.request().method() === 'PATCH' && ++patches === 2) {
          await new Promise((done) => setTimeout(done, 1_500));
          return route.continue().catch(() => undefined);
        }
        return route.continue();
      });
      await page.getByTestId('upload-input').setInputFiles(later);
      // Paused while the second chunk is held: the first is on the server.
      while (patches < 2) await new Promise((done) => setTimeout(done, 50));
      await page.locator('[data-testid=upload-item][data-file="later.dcm"]').getByTestId('upload-pause').click();
      await page.locator('[data-testid=upload-item][data-file="later.dcm"][data-phase=paused]').waitFor();
      const studyUrl = page.url();
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      await page.getByTestId('nav-home').click();
      const paused = page.locator('[data-testid=home-upload][data-state=paused]').filter({ hasText: 'later.dcm' });
      await paused.waitFor();
      expect(await paused.textContent()).toMatch(/[1-9]\d* %/);
      expect(await page.locator('[data-testid=home-upload][data-state=failed]').filter({ hasText: 'notes.png' }).count()).toBe(1);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'home-uploads-en.png'), fullPage: true });
      await page.reload();
      const left = page.locator('[data-testid=home-upload][data-state=left]').filter({ hasText: 'later.dcm' });
      await left.waitFor();
      expect(await left.textContent()).toContain('pick the file again to resume');
      expect(await left.textContent()).toMatch(/[1-9]\d* %/);
      // A refused file is not kept by the server: only this tab knew of it.
      expect(await page.locator('[data-testid=home-upload]').filter({ hasText: 'notes.png' }).count()).toBe(0);
      await left.locator('a').click();
      await page.waitForURL(studyUrl);
      const announced: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && new URL(request.url()).pathname === '/uploads') announced.push(request.url());
      });
      await page.getByTestId('upload-input').setInputFiles(later);
      await page.locator('[data-testid=upload-item][data-file="later.dcm"][data-phase=done]').waitFor({ timeout: 30_000 });
      expect(announced).toEqual([]);
      await page.getByTestId('nav-home').click();
      await page.getByTestId('home-no-uploads').waitFor();
    },
    TIMEOUT,
  );

  test(
    'says plainly when an image is not analysed: no AI consent, or no model for the region',
    async () => {
      const { portal } = suite;
      // A patient registered without any consent (through the API, as another screen would).
      const token = await portal.api.signIn('doctor');
      const me = await portal.api.gql<{ me: { roles: { institutionId: string }[] } }>('{ me { roles { institutionId } } }', {}, token);
      const registered = await portal.api.gql<{ registerPatient: { id: string } }>(
        'mutation($input: RegisterPatientInput!) { registerPatient(input: $input) { id } }',
        { input: { institutionId: me.data!.me.roles[0].institutionId, name: 'Patigul Hesen', sex: 'F' } },
        token,
      );
      const patientId = registered.data!.registerPatient.id;

      const page = await suite.newPage();
      await signInAs(page, 'doctor');
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      await page.goto(`/patients/${patientId}`);
      await page.getByTestId('study-new').click();
      await page.getByTestId('study-no-consent').waitFor();
      await page.getByTestId('study-region').selectOption('BREAST');
      await page.getByTestId('study-save').click();
      await page.waitForURL(/\/studies\//);
      // Warned before anything is sent.
      expect(await page.getByTestId('upload-no-consent').textContent()).toContain('the images will be stored but not analysed');
      await page.getByTestId('upload-input').setInputFiles(BREAST_IMAGE);
      const notAnalysed = page.locator('[data-testid=study-image] [data-testid=preread][data-status=NO_CONSENT]');
      await notAnalysed.waitFor({ timeout: 30_000 });
      expect(await notAnalysed.getByTestId('preread-no-consent').textContent()).toContain('no AI consent was recorded');
      expect(await page.getByTestId('lesion-box').count()).toBe(0);

      // With consent, a liver study: there is no liver model.
      await page.getByTestId('study-patient').click();
      await page.locator('[data-testid=consent][data-purpose=AI_PROCESSING]').getByTestId('consent-grant').click();
      await page.getByTestId('consent-method').selectOption('verbal');
      await page.getByTestId('consent-confirmed').check();
      await page.getByTestId('consent-save').click();
      await page.locator('[data-testid=consent][data-purpose=AI_PROCESSING][data-granted=true]').waitFor();

      // With consent, noise and a thyroid image in a breast study: the input check refuses both, with its reason.
      await page.getByTestId('study-new').click();
      await page.getByTestId('study-region').selectOption('BREAST');
      await page.getByTestId('study-save').click();
      await page.waitForURL(/\/studies\//);
      await page.getByTestId('upload-input').setInputFiles([
        { name: 'noise.png', mimeType: 'image/png', buffer: noisePng() },
        { name: 'ddti_benign_002-1.png', mimeType: 'image/png', buffer: readFileSync(THYROID_IMAGE) },
      ]);
      const refused = (file: string) => page.locator(`[data-testid=study-image][data-file="${file}"] [data-testid=preread][data-status=REFUSED]`);
      await refused('noise.png').waitFor({ timeout: 60_000 });
      expect(await refused('noise.png').getByTestId('preread-refused').getAttribute('data-error-code')).toBe('NOT_ULTRASOUND');
      expect(await refused('noise.png').getByTestId('preread-refused').textContent()).toContain('this image does not look like an ultrasound image');
      await refused('ddti_benign_002-1.png').waitFor({ timeout: 60_000 });
      expect(await refused('ddti_benign_002-1.png').getByTestId('preread-refused').getAttribute('data-error-code')).toBe('WRONG_REGION');
      expect(await page.locator('[data-testid=preread-call]').count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-refused-en.png'), fullPage: true });

      // A liver study: there is no liver model.
      await page.getByTestId('study-patient').click();
      await page.getByTestId('study-new').click();
      await page.getByTestId('study-region').selectOption('LIVER');
      await page.getByTestId('study-mm-per-pixel').fill('0.12');
      await page.getByTestId('study-save').click();
      await page.waitForURL(/\/studies\//);
      await page.getByTestId('upload-input').setInputFiles(SECOND_IMAGE);
      const noModel = page.locator('[data-testid=study-image] [data-testid=preread][data-status=NO_MODEL]');
      await noModel.waitFor({ timeout: 30_000 });
      expect(await noModel.getByTestId('preread-no-model').textContent()).toContain('No AI model for this region (Liver)');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'study-no-model-en.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'shows the model versions with their card facts and the inference engine; only an admin may activate',
    async () => {
      let page = await suite.newPage();
      await signInAs(page, 'doctor');
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      await page.getByTestId('nav-models').click();
      await page.waitForURL('**/models');
      const breast = page.locator('[data-testid=model-row][data-region=BREAST]');
      await breast.first().waitFor();
      expect(await breast.first().getAttribute('data-status')).toBe('ACTIVE');
      expect(await page.getByTestId('model-activate').count()).toBe(0);
      // Each version's card: its metrics, its release gate (and why it fails), per-site figures where evaluated.
      const served = await servedModel(suite.portal.api, 'BREAST');
      const card = page.locator('[data-testid=model-card][data-region=BREAST]').filter({ hasText: `v${served.version}` }).first();
      expect(await card.getByTestId('model-metrics').first().getAttribute('data-source')).toMatch(/validation|training/);
      expect(await card.textContent()).toContain('Adjunct second opinion only');
      expect(await card.getByTestId('model-gate').getAttribute('data-passed')).toBe(String(served.validated));
      if (!served.validated) expect(await card.getByTestId('model-gate-reasons').textContent()).toMatch(/AUC lower 95% bound .* below the minimum/);
      expect(await card.getByTestId('model-site').count()).toBeGreaterThanOrEqual(3);
      expect(await page.getByTestId('inference-status').textContent()).toContain('in-process');
      await page.screenshot({ path: join(SCREENSHOT_DIR, 'models-en.png'), fullPage: true });
      await page.context().close();

      page = await suite.newPage();
      await signInAs(page, 'admin');
      await page.getByTestId('nav-models').click();
      await page.locator('[data-testid=model-row]').first().waitFor();
      // Every version is active already (one per region), so there is nothing to activate yet.
      const rows = await page.locator('[data-testid=model-row]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
      expect(await page.getByTestId('model-activate').count()).toBe(rows.filter((status) => status !== 'ACTIVE').length);
    },
    TIMEOUT,
  );
});
