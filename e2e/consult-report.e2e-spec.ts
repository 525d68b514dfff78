import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { pdfText, squeeze } from '../api/src/testing/pdf-text.js';
import { Institution } from '../api/src/identity/institution.entity.js';
import { PreReadQueue } from '../api/src/ai/pre-read-queue.service.js';
import { registerPatient } from '../api/src/testing/clinical-fixtures.js';
import { DATASETS_DIR } from '../api/src/testing/datasets.js';
import { uploadFile } from '../api/src/testing/upload-client.js';
import type { Portal } from './support/portal.js';
import { demoPassword, signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 180_000;
const IMAGES = ['busi_malignant_047.png', 'busi_malignant_001.png', 'busi_malignant_002.png'];
const AGREEMENTS = ['AGREE', 'PARTLY', 'DISAGREE'] as const;
const DRAFT = `query($id: ID!) { consult(id: $id) { status reportVersions { id status revision contentHash pdfSha256 findings lesionAssessments { lesionId agreement note } } } }`;

interface Draft {
  id: string;
  status: string;
  revision: number;
  contentHash: string | null;
  findings: string;
  lesionAssessments: Array<{ lesionId: string; agreement: string; note: string | null }>;
}

/** A distinct national id per test patient. */
const nationalId = (name: string) => `6531011979050${String(name.length).padStart(4, '0')}${name.charCodeAt(0) % 10}`;

/** API tokens, one sign-in per person for the suite (sign-ins are rate limited). */
const tokens = new Map<string, Promise<string>>();
const tokenOf = (portal: Portal, username: 'doctor' | 'specialist') => {
  if (!tokens.has(username)) tokens.set(username, portal.api.signIn(username));
  return tokens.get(username)!;
};

/** A consult on a study of three images, claimed by the specialist and in review; answers its id. */
async function consultInReview(portal: Portal, name: string): Promise<string> {
  const { api } = portal;
  const doctor = await tokenOf(portal, 'doctor');
  const specialist = await tokenOf(portal, 'specialist');
  const institutionId = (await api.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
  const patientId = await registerPatient(api, doctor, institutionId, name, undefined, { birthDate: '1979-05-04', nationalId: nationalId(name), address: 'Tokkuzak, Shufu' });
  const studyId = (await api.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'BREAST' } }, doctor)).data!.createStudy.id;
  for (const file of IMAGES) await uploadFile(api.url, doctor, studyId, readFileSync(join(DATASETS_DIR, 'busi/images', file)), 64 * 1024, file);
  await api.app.get(PreReadQueue).idle();
  const consultId = (await api.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Biopsy or follow-up?' } }, doctor)).data!.requestConsult.id;
  await api.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist);
  await api.gql('mutation($id: ID!) { startConsultReview(id: $id) { id } }', { id: consultId }, specialist);
  return consultId;
}

async function serverDraft(portal: Portal, consultId: string): Promise<Draft> {
  const result = await portal.api.gql<{ consult: { reportVersions: Draft[] } }>(DRAFT, { id: consultId }, await tokenOf(portal, 'specialist'));
  return result.data!.consult.reportVersions.at(-1)!;
}

async function openReport(page: Page, consultId: string, lang: 'en' | 'zh' | 'ug' = 'en'): Promise<void> {
  await signInAs(page, 'specialist');
  await page.getByTestId(`lang-${lang}`).click();
  await waitForLanguage(page, lang);
  await page.goto(`/consults/${consultId}`);
  await page.getByTestId('report-form').waitFor();
}

/** The agreement on screen for every lesion, by its position. */
const shownChoices = (page: Page) => page.getByTestId('report-lesion').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-agreement')));

describe('the consult report: edits never lost, sign what you see, private and readable PDFs', () => {
  const suite = usePortalPage({ eachPage: false, timeout: TIMEOUT });

  test(
    'eleven rapid choices and a note on an 800 ms link, then a reload: nothing is lost',
    async () => {
      const consultId = await consultInReview(suite.portal, 'Gülnar Tursun');
      const page = await suite.newPage();
      await openReport(page, consultId);
      const lesions = page.getByTestId('report-lesion');
      // The lesions arrive with the study's pre-reads, after the form itself.
      await lesions.nth(2).waitFor();
      const count = await lesions.count();
      expect(count).toBeGreaterThanOrEqual(3);

      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 800, downloadThroughput: -1, uploadThroughput: -1 });

      // Eleven choices as fast as the page takes them, each overriding the last one on its lesion.
      const expected: Array<string | null> = Array.from({ length: count }, () => null);
      for (let click = 0; click < 11; click++) {
        const index = click % count;
        const agreement = AGREEMENTS[(click + Math.floor(click / count)) % AGREEMENTS.length];
        await lesions.nth(index).getByTestId(`lesion-${agreement}`).click();
        expected[index] = agreement;
      }
      await lesions.nth(0).getByTestId('lesion-note').pressSequentially('Not a nodule');
      await page.getByTestId('report-findings').click();
      expect(await shownChoices(page)).toEqual(expected);

      // Reload while saves are still on the slow link.
      await page.reload();
      await page.getByTestId('report-form').waitFor();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=report-lesion]').length > 0);
      expect(await shownChoices(page)).toEqual(expected);
      expect(await lesions.nth(0).getByTestId('lesion-note').inputValue()).toBe('Not a nodule');

      // And the server ends with exactly that.
      const ids = await lesions.evaluateAll((rows) => rows.map((row) => row.querySelector('input[type=radio]')!.getAttribute('name')!.replace('agreement-', '')));
      const want = ids.map((lesionId, i) => ({ lesionId, agreement: expected[i], note: i === 0 ? 'Not a nodule' : null })).sort((a, b) => a.lesionId.localeCompare(b.lesionId));
      const deadline = Date.now() + 30_000;
      let draft = await serverDraft(suite.portal, consultId);
      const stored = (d: Draft) => [...d.lesionAssessments].sort((a, b) => a.lesionId.localeCompare(b.lesionId));
      while (JSON.stringify(stored(draft)) !== JSON.stringify(want) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        draft = await serverDraft(suite.portal, consultId);
      }
      expect(stored(draft)).toEqual(want);
      await cdp.detach();
    },
    TIMEOUT,
  );

  test(
    'a draft changed in another tab is not overwritten: both versions are shown and the specialist chooses',
    async () => {
      const consultId = await consultInReview(suite.portal, 'Zulhumar Ahmat');
      const page = await suite.newPage();
      await openReport(page, consultId);
      await page.getByTestId('report-findings').fill('Typed here first.');
      await page.getByTestId('report-save').click();
      await page.getByTestId('report-saved-state').filter({ hasText: 'Draft saved' }).waitFor();

      // Another tab saves meanwhile.
      const before = await serverDraft(suite.portal, consultId);
      const other = await suite.portal.api.gql(
        'mutation($i: SaveReportInput!) { saveConsultReport(input: $i) { revision } }',
        { i: { consultId, baseRevision: before.revision, findings: 'Written in the other tab.' } },
        await tokenOf(suite.portal, 'specialist'),
      );
      expect(other.errors).toBeUndefined();

      await page.getByTestId('report-findings').fill('Typed here, later.');
      await page.getByTestId('report-save').click();
      const conflict = page.getByTestId('report-conflict');
      await conflict.waitFor();
      expect(await conflict.getByTestId('report-conflict-mine').textContent()).toContain('Typed here, later.');
      expect(await conflict.getByTestId('report-conflict-theirs').textContent()).toContain('Written in the other tab.');
      expect((await serverDraft(suite.portal, consultId)).findings).toBe('Written in the other tab.');

      await conflict.getByTestId('report-keep-mine').click();
      await conflict.waitFor({ state: 'detached' });
      expect((await serverDraft(suite.portal, consultId)).findings).toBe('Typed here, later.');
    },
    TIMEOUT,
  );

  test(
    'signing shows the PDF itself, refuses a wrong password, signs what was shown; each reader gets their copy and language',
    async () => {
      const consultId = await consultInReview(suite.portal, 'Rahilä Yasin');
      const page = await suite.newPage();
      await openReport(page, consultId);
      await page.getByTestId('report-lesion').nth(0).getByTestId('lesion-AGREE').click();
      await page.getByTestId('report-category-value').selectOption('6');
      // A lesion the AI missed: a box on the second image, BI-RADS 4A.
      await page.getByTestId('report-add-lesion').click();
      const added = page.getByTestId('report-added-lesion');
      await added.getByTestId('added-image').selectOption({ label: IMAGES[1] });
      await added.getByTestId('added-x').fill('40');
      await added.getByTestId('added-width').fill('60');
      await added.getByTestId('added-category').selectOption('4A');
      await added.getByTestId('added-note').fill('Small satellite nodule');
      const addedNumber = Number(await added.getAttribute('data-n'));
      expect(addedNumber).toBe((await page.getByTestId('report-lesion').count()) + 1);
      await page.getByTestId('report-findings').fill('左乳低回声结节 — بىمارنىڭ كۆكرەك بېزىدە تۈگۈن بار');
      await page.getByTestId('report-impression-input').fill('Known malignancy.');
      await page.getByTestId('report-recommendation-select').selectOption('REFER');
      await page.getByTestId('report-submit').click();
      await page.locator('[data-testid=consult-page-status][data-status=REPORTED]').waitFor();

      await page.getByTestId('report-sign').click();
      const frame = page.getByTestId('report-preview-pdf');
      await frame.waitFor();
      expect(await frame.getAttribute('src')).toMatch(/^blob:/);
      const shownHash = /[0-9a-f]{64}/.exec((await page.getByTestId('report-preview-hash').textContent())!)![0];
      // The framed document is the preview PDF.
      const framed = await page.evaluate(async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer()).slice(0, 5), (await frame.getAttribute('src'))!);
      expect(Buffer.from(framed).toString('latin1')).toBe('%PDF-');

      await page.getByTestId('report-sign-password').fill('not-my-password');
      await page.getByTestId('report-sign-confirm').click();
      await page.locator('[data-testid=error-banner][data-error-code=INVALID_CREDENTIALS]').waitFor();
      expect((await serverDraft(suite.portal, consultId)).status).toBe('DRAFT');

      await page.getByTestId('report-sign-password').fill(demoPassword('specialist'));
      await page.getByTestId('report-sign-confirm').click();
      await page.locator('[data-testid=consult-page-status][data-status=SIGNED]').waitFor();
      const signed = await serverDraft(suite.portal, consultId);
      expect(signed).toMatchObject({ status: 'SIGNED', contentHash: shownHash });
      const [missed] = await suite.portal.api.dataSource.query(`SELECT category, agreement FROM lesion_agreement WHERE report_id = $1 AND agreement = 'MISSED'`, [signed.id]);
      expect(missed).toEqual({ category: '4A', agreement: 'MISSED' });
      await page.locator('[data-testid=report-added-assessment][data-category="4A"]').waitFor();

      // The specialist's download (reviewing hospital): age and sex only, in the language on screen.
      const download = async (reader: Page) => {
        const [file] = await Promise.all([reader.waitForEvent('download'), reader.getByTestId('report-download').click()]);
        return pdfText(readFileSync((await file.path())!));
      };
      await page.locator('[data-testid=signed-report][data-version="1"]').waitFor();
      const reviewing = await download(page);
      expect(reviewing).not.toContain('Rahilä Yasin');
      expect(reviewing).not.toContain(nationalId('Rahilä Yasin'));
      expect(reviewing).toContain('identity not shared with the reviewing hospital');
      expect(reviewing).toContain('左乳低回声结节');
      expect(reviewing).toContain(shownHash);
      expect(reviewing.replace(/\s+/g, ' ')).toContain(`Lesion ${addedNumber} (${IMAGES[1]}): 4A — missed by the AI, added by the specialist — Small satellite nodule`);
      expect(reviewing).toContain(`${addedNumber} · 4A`);

      await page.getByTestId('lang-ug').click();
      await waitForLanguage(page, 'ug');
      const ug = squeeze(await download(page));
      expect(ug).toContain(squeeze('بىمارنىڭ كۆكرەك بېزىدە تۈگۈن بار'));
      expect(ug).toContain(squeeze('كىملىك ئۇچۇرى تەكشۈرگۈچى دوختۇرخانىغا بېرىلمىدى'));

      // The requesting doctor's copy carries the identity, in Chinese.
      const doctor = await suite.newPage();
      await signInAs(doctor, 'doctor');
      await doctor.getByTestId('lang-zh').click();
      await waitForLanguage(doctor, 'zh');
      await doctor.goto(`/consults/${consultId}`);
      await doctor.locator('[data-testid=signed-report][data-version="1"]').waitFor();
      const requesting = await download(doctor);
      expect(requesting).toContain('Rahilä Yasin');
      expect(requesting).toContain(nationalId('Rahilä Yasin'));
      expect(requesting).toContain('身份证号');
      expect(requesting).toContain('BI-RADS 6');
    },
    TIMEOUT,
  );

  test(
    'reading tools: zoom and pan by mouse, keyboard and touch, brightness/contrast, overlay toggle, caliper in mm or px only; pan frame rate',
    async () => {
      const { api } = suite.portal;
      const doctor = await tokenOf(suite.portal, 'doctor');
      const institutionId = (await api.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
      const patientId = await registerPatient(api, doctor, institutionId, 'Mehriban Osman');
      // A 1,024 × 768 picture: the size the frame rate is measured on.
      const large = await sharp(readFileSync(join(DATASETS_DIR, 'busi/images', IMAGES[0]))).resize(1024, 768, { fit: 'fill' }).png().toBuffer();
      const study = async (uploaderMmPerPixel: number | null) => {
        const id = (await api.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'BREAST', uploaderMmPerPixel } }, doctor)).data!.createStudy.id as string;
        await uploadFile(api.url, doctor, id, large, 64 * 1024, 'large.png');
        return id;
      };
      const uncalibrated = await study(null);
      const calibrated = await study(0.1);
      await api.app.get(PreReadQueue).idle();

      const page = await suite.newPage();
      await signInAs(page, 'doctor');
      await page.getByTestId('lang-en').click();
      await waitForLanguage(page, 'en');
      await page.goto(`/studies/${uncalibrated}`);
      const viewer = page.getByTestId('image-viewer').first();
      await viewer.getByTestId('viewer-image').waitFor();
      const stage = viewer.getByTestId('viewer-stage');
      // Read after the page has rendered what the last input changed.
      const settled = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const zoom = async () => (await settled(), Number(await viewer.getByTestId('viewer-zoom').getAttribute('data-zoom')));
      const transform = async () => (await settled(), viewer.getByTestId('viewer-content').evaluate((el) => getComputedStyle(el).transform));

      // Keyboard: + zooms, arrows pan, 0 resets.
      await stage.press('+');
      await stage.press('+');
      expect(await zoom()).toBeCloseTo(1.5625, 3);
      const before = await transform();
      await stage.press('ArrowRight');
      expect(await transform()).not.toBe(before);
      await stage.press('0');
      expect(await zoom()).toBe(1);

      // Mouse: the wheel zooms, a drag pans.
      await stage.scrollIntoViewIfNeeded();
      const box = (await stage.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -300);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=viewer-zoom]')!.getAttribute('data-zoom')) > 1);
      const zoomed = await transform();
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height / 2 - 40, { steps: 5 });
      await page.mouse.up();
      expect(await transform()).not.toBe(zoomed);

      // The frame rate while panning the 1,024 × 768 image (a measurement, reported, not a pass mark).
      const frames = page.evaluate(
        () =>
          new Promise<{ fps: number; worstMs: number }>((resolve) => {
            const times: number[] = [];
            const tick = (t: number) => {
              times.push(t);
              if (times.length < 120) requestAnimationFrame(tick);
              else {
                const gaps = times.slice(1).map((v, i) => v - times[i]);
                resolve({ fps: (1000 * gaps.length) / (times.at(-1)! - times[0]), worstMs: Math.max(...gaps) });
              }
            };
            requestAnimationFrame(tick);
          }),
      );
      await page.mouse.move(box.x + 100, box.y + 100);
      await page.mouse.down();
      for (let i = 0; i < 60; i++) await page.mouse.move(box.x + 100 + (i % 30) * 8, box.y + 100 + (i % 20) * 5);
      await page.mouse.up();
      const measured = await frames;
      console.log(`viewer pan frame rate (1024x768, headless Chromium): ${measured.fps.toFixed(1)} fps, worst frame ${measured.worstMs.toFixed(1)} ms`);
      expect(measured.fps).toBeGreaterThan(0);

      // Touch: a two-finger pinch zooms (pointer events as a touch screen sends them).
      await stage.press('0');
      await stage.evaluate((el) => {
        const rect = el.getBoundingClientRect();
        const fire = (type: string, id: number, x: number) =>
          el.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', clientX: rect.left + x, clientY: rect.top + rect.height / 2, bubbles: true, isPrimary: id === 1 }));
        fire('pointerdown', 1, rect.width * 0.4);
        fire('pointerdown', 2, rect.width * 0.6);
        fire('pointermove', 1, rect.width * 0.2);
        fire('pointermove', 2, rect.width * 0.8);
        fire('pointerup', 1, rect.width * 0.2);
        fire('pointerup', 2, rect.width * 0.8);
      });
      expect(await zoom()).toBeGreaterThan(2);
      await stage.press('0');

      // Brightness and contrast, and the AI overlay off and on.
      await viewer.getByTestId('viewer-brightness').fill('150');
      await viewer.getByTestId('viewer-contrast').fill('80');
      await settled();
      expect(await viewer.getByTestId('viewer-content').evaluate((el) => getComputedStyle(el).filter)).toBe('brightness(1.5) contrast(0.8)');
      expect(await viewer.getByTestId('lesion-box').count()).toBeGreaterThan(0);
      await viewer.getByTestId('viewer-overlay').uncheck();
      await settled();
      expect(await viewer.getByTestId('lesion-box').count()).toBe(0);
      await viewer.getByTestId('viewer-overlay').check();
      await settled();
      expect(await viewer.getByTestId('lesion-box').count()).toBeGreaterThan(0);

      // The caliper: an uncalibrated PNG measures in px and says so, never in mm.
      const measure = async () => {
        const v = page.getByTestId('image-viewer').first();
        await v.getByTestId('viewer-caliper').click();
        await v.getByTestId('viewer-stage').scrollIntoViewIfNeeded();
        const b = (await v.getByTestId('viewer-stage').boundingBox())!;
        await page.mouse.move(b.x + b.width * 0.25, b.y + b.height / 2);
        await page.mouse.down();
        await page.mouse.move(b.x + b.width * 0.75, b.y + b.height / 2, { steps: 4 });
        await page.mouse.up();
        await settled();
        const out = v.getByTestId('viewer-measurement');
        return { unit: await out.getAttribute('data-unit'), text: (await out.textContent())! };
      };
      const px = await measure();
      expect(px.unit).toBe('px');
      expect(px.text).toMatch(/^5\d\d px \(px only/);
      expect(px.text).not.toContain('mm');

      // With the uploader's 0.1 mm per pixel: half the 1,024 px width is about 51 mm.
      await page.goto(`/studies/${calibrated}`);
      await page.getByTestId('image-viewer').first().getByTestId('viewer-image').waitFor();
      const mm = await measure();
      expect(mm.unit).toBe('mm');
      expect(Number(/([\d.]+) mm/.exec(mm.text)![1])).toBeCloseTo(51.2, 0);
    },
    TIMEOUT,
  );
});
