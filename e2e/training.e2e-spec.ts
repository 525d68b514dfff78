import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import readXlsxFile from 'read-excel-file/node';
import { pdfImages, pdfText } from '../api/src/testing/pdf-text.js';
import { encodeGrayPng } from '../api/src/imaging/encode-png.js';
import { type Portal, SCREENSHOT_DIR } from './support/portal.js';
import { documentLanguage, signInAs, waitForLanguage } from './support/sign-in.js';
import { usePortalPage } from './support/use-portal-page.js';

const TIMEOUT = 240_000;
const COURSE = 'Thyroid nodules: TI-RADS in practice';
const LESSON = 'Reading a thyroid nodule';
const SIGNER = { name: 'Dr. Aziz Hamit', title: 'Director of training' };

/** The exam's bank: each question with its answers and the correct ones (the draw comes in a random order). */
const QUESTIONS = [
  { kind: 'SINGLE', stem: 'Which composition scores 0 points in ACR TI-RADS?', options: ['Solid', 'Cystic or almost completely cystic', 'Mixed cystic and solid'], correct: [1] },
  { kind: 'MULTIPLE', stem: 'Which features add points for a thyroid nodule?', options: ['Taller-than-wide shape', 'Punctate echogenic foci', 'Comet-tail artefacts'], correct: [0, 1] },
  { kind: 'SINGLE', stem: 'A TR5 nodule of 1.2 cm: what is recommended?', options: ['Fine-needle aspiration', 'No follow-up'], correct: [0] },
] as const;

/** A real breast ultrasound (BUSI, 256 × 256 px), served in place of an https teaching image. */
const CASE_IMAGE = resolve(process.cwd(), '../shared/datasets/busi/images/busi_malignant_047.png');
/** A seal as an admin would scan one: a dark ring on white, 300 px square. */
const SEAL_PNG = encodeGrayPng({ width: 300, height: 300, data: Uint8Array.from({ length: 300 * 300 }, (_, p) => (Math.abs(Math.hypot((p % 300) - 150, Math.floor(p / 300) - 150) - 120) < 10 ? 40 : 255)) });
const CASE_IMAGE_URL = 'https://teaching.example.org/busi-malignant-047.png';
const CASE_SIZE = 256;

/** Serves the teaching image to this page (the browser has no internet here). */
const serveCaseImage = (page: Page) => page.route(CASE_IMAGE_URL, (route) => route.fulfill({ contentType: 'image/png', body: readFileSync(CASE_IMAGE) }));

/** Where image pixel (x, y) is on screen, from the displayed picture's box. */
async function screenPoint(page: Page, stage: string, [x, y]: [number, number]): Promise<{ x: number; y: number }> {
  const box = (await page.locator(`[data-testid=${stage}] img`).boundingBox())!;
  return { x: box.x + (x / CASE_SIZE) * box.width, y: box.y + (y / CASE_SIZE) * box.height };
}

/** The admin's enrolment list: an existing trainee, a new one (created from its full name), and an unknown username without one. */
const ENROLMENT_CSV = [
  'username,full_name,institution_code,cohort',
  'trainee,Gulnar Rozi,KS-SL-T02,2026-spring',
  'aysha.tohti,Aysha Tohti,KS-SL-T01,2026-spring',
  'nobody.here,,KS-SL-T01,2026-spring',
  '',
].join('\r\n');

async function signInInEnglish(page: Page, username: 'trainer' | 'admin' | 'trainee'): Promise<void> {
  await signInAs(page, username);
  await page.getByTestId('lang-en').click();
  await waitForLanguage(page, 'en');
}

/** Opens the course's card in the catalogue and follows one of its links. */
async function openFromCatalogue(page: Page, link: 'course-open' | 'course-edit' | 'course-enrol'): Promise<void> {
  await page.getByTestId('nav-training').click();
  await page.waitForURL('**/training');
  await page.locator(`[data-testid=course-card][data-title="${COURSE}"]`).getByTestId(link).click();
}

/** Adds one question through the bank editor and waits until the bank lists it. */
async function addQuestion(page: Page, question: (typeof QUESTIONS)[number], index: number): Promise<void> {
  const form = page.getByTestId('question-form');
  await form.getByTestId('question-kind').selectOption(question.kind);
  await form.getByTestId('question-stem').fill(question.stem);
  // A new question starts with two empty answers.
  for (let n = 2; n < question.options.length; n++) {
    await form.getByTestId('question-add-option').click();
    await form.getByTestId('question-option').nth(n).waitFor();
  }
  for (const [i, option] of question.options.entries()) await form.getByTestId('question-option').nth(i).fill(option);
  for (const i of question.correct) await form.getByTestId('question-correct').nth(i).check();
  await form.getByTestId('question-save').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=bank-question]').length === n, index + 1);
}

/** A published course with a two-question exam (one attempt) and the demo trainee enrolled (unless not to), set up through the API; answers its id. */
async function courseWithOneAttempt(api: Portal['api'], exam: Record<string, unknown> = {}, { enrolTrainee = true } = {}): Promise<string> {
  const trainer = await api.signIn('trainer');
  const call = async <T>(query: string, variables: Record<string, unknown>, token = trainer): Promise<T> => {
    const result = await api.gql<T>(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data!;
  };
  const input = { title: 'Breast ultrasound: BI-RADS refresher', description: 'Short refresher.', creditHours: 1, certificateValidMonths: 12, requiredAttendanceMinutes: 0 };
  const { createCourse } = await call<{ createCourse: { id: string } }>('mutation($input: CourseInput!) { createCourse(input: $input) { id } }', { input });
  const courseId = createCourse.id;
  const { addModule } = await call<{ addModule: { id: string } }>('mutation($input: ModuleInput!) { addModule(input: $input) { id } }', { input: { courseId, title: 'BI-RADS' } });
  await call('mutation($input: LessonInput!) { addLesson(input: $input) { id } }', { input: { moduleId: addModule.id, title: 'Categories', kind: 'TEXT', body: 'BI-RADS 1 to 6.' } });
  for (const stem of ['BI-RADS 3 means?', 'BI-RADS 5 means?']) {
    const question = { courseId, kind: 'SINGLE', stem, options: ['Probably benign', 'Highly suggestive of malignancy'], correctOptions: [stem.includes('3') ? 0 : 1] };
    await call('mutation($input: QuestionInput!) { addQuestion(input: $input) { id } }', { input: question });
  }
  await call('mutation($input: ExamInput!) { setExam(input: $input) { id } }', { input: { courseId, title: 'BI-RADS check', questionCount: 2, timeLimitMinutes: 10, passingScore: 0.6, maxAttempts: 1, ...exam } });
  await call('mutation($id: ID!) { publishCourse(id: $id) { id } }', { id: courseId });
  if (!enrolTrainee) return courseId;
  const trainee = await api.signIn('trainee');
  const { me } = await call<{ me: { id: string } }>('{ me { id } }', {}, trainee);
  await call('mutation($courseId: ID!, $userIds: [ID!]!) { enrol(courseId: $courseId, userIds: $userIds) }', { courseId, userIds: [me.id] }, await api.signIn('admin'));
  return courseId;
}

describe('training: a trainer builds a course, an admin enrols by CSV, a trainee passes and is certified, anyone verifies', () => {
  // Four people, four browser profiles: the test opens them itself. The tests share one portal and one client
  // address, and sign in some forty times within a minute: more than the sign-in limit this suite does not test.
  const suite = usePortalPage({ env: { OASIS_SIGNIN_RATE_LIMIT: '200' }, eachPage: false, timeout: TIMEOUT });

  test(
    'course with one lesson and a 3-question exam → CSV enrolment → lesson, exam passed, certificate PDF → public verification VALID',
    async () => {
      // The trainer creates the course: checked before sending, then stored.
      const trainer = await suite.newPage();
      await signInInEnglish(trainer, 'trainer');
      await trainer.getByTestId('nav-training').click();
      await trainer.getByTestId('course-new').click();
      await trainer.getByTestId('course-save').click();
      await trainer.getByTestId('field-error').first().waitFor();
      expect(await trainer.getByTestId('field-error').allTextContents()).toEqual(expect.arrayContaining(['Required.']));
      await trainer.getByTestId('course-title-input').fill(COURSE);
      await trainer.getByTestId('course-description').fill('ACR TI-RADS step by step, with de-identified cases from the region.');
      await trainer.getByTestId('course-credit-hours').fill('2');
      await trainer.getByTestId('course-valid-months').fill('24');
      await trainer.getByTestId('course-attendance').fill('0');
      await trainer.getByTestId('course-signer-name').fill(SIGNER.name);
      await trainer.getByTestId('course-signer-title').fill(SIGNER.title);
      await trainer.getByTestId('course-save').click();
      await trainer.waitForURL(/\/training\/courses\/[0-9a-f-]{36}\/edit$/);
      expect(await trainer.getByTestId('editor-title').textContent()).toBe(COURSE);

      // One module with one text lesson.
      await trainer.getByTestId('module-title-input').fill('Basics');
      await trainer.getByTestId('module-save').click();
      await trainer.getByTestId('lesson-form').waitFor();
      await trainer.getByTestId('lesson-title-input').fill(LESSON);
      await trainer.getByTestId('lesson-kind').selectOption('TEXT');
      await trainer.getByTestId('lesson-body').fill('Composition, echogenicity, shape, margin and echogenic foci each add points.\n\nThe total gives the TR level.');
      await trainer.getByTestId('lesson-save').click();
      await trainer.locator('[data-testid=module][data-title=Basics] [data-testid=module-lesson]').filter({ hasText: LESSON }).waitFor();
      expect(await trainer.getByTestId('lesson-form').count()).toBe(0);

      // A second lesson, moved above the first with the up button (no dragging), edited, then deleted again.
      const lessons = trainer.locator('[data-testid=module][data-title=Basics] [data-testid=module-lesson]');
      const lessonTitles = () => lessons.getByTestId('lesson-title').allTextContents();
      await trainer.getByTestId('lesson-add').click();
      await trainer.getByTestId('lesson-title-input').fill('Scratch lesson');
      await trainer.getByTestId('lesson-body').fill('To be moved, edited and deleted.');
      await trainer.getByTestId('lesson-save').click();
      await lessons.nth(1).waitFor();
      await lessons.filter({ hasText: 'Scratch lesson' }).getByTestId('lesson-up').click();
      await trainer.waitForFunction(() => document.querySelector('[data-testid=module-lesson] [data-testid=lesson-title]')?.textContent === 'Scratch lesson');
      expect(await lessonTitles()).toEqual(['Scratch lesson', LESSON]);
      await lessons.first().getByTestId('lesson-edit').click();
      await lessons.first().getByTestId('lesson-title-input').fill('Scratch lesson, edited');
      await lessons.first().getByTestId('lesson-save').click();
      await lessons.getByTestId('lesson-title').filter({ hasText: 'Scratch lesson, edited' }).waitFor();
      expect(await lessonTitles()).toEqual(['Scratch lesson, edited', LESSON]);
      await lessons.first().getByTestId('lesson-delete').click();
      await trainer.getByTestId('confirm-accept').click();
      await trainer.waitForFunction(() => document.querySelectorAll('[data-testid=module][data-title=Basics] [data-testid=module-lesson]').length === 1);
      expect(await lessonTitles()).toEqual([LESSON]);

      // Three questions; a question without its correct answer is refused before sending.
      await trainer.getByTestId('question-stem').fill(QUESTIONS[0].stem);
      await trainer.getByTestId('question-save').click();
      await trainer.getByTestId('question-problems').waitFor();
      expect(await trainer.getByTestId('question-problems').textContent()).toContain('Mark the correct answer.');
      for (const [i, question] of QUESTIONS.entries()) await addQuestion(trainer, question, i);
      const bank = trainer.getByTestId('bank-question');
      expect(await bank.nth(1).locator('.is-correct').allTextContents()).toEqual([expect.stringContaining('Taller-than-wide'), expect.stringContaining('Punctate')]);

      // The last question is moved up, then edited: its explanation changes, which stores version 2 in the same place.
      const stems = () => bank.getByTestId('bank-stem').allTextContents();
      await bank.nth(2).getByTestId('question-up').click();
      await trainer.waitForFunction((stem) => document.querySelectorAll('[data-testid=bank-stem]')[1]?.textContent === stem, QUESTIONS[2].stem);
      expect(await stems()).toEqual([QUESTIONS[0].stem, QUESTIONS[2].stem, QUESTIONS[1].stem]);
      await bank.nth(1).getByTestId('question-edit').click();
      await bank.nth(1).getByTestId('question-explanation').fill('TR5 from 1 cm: fine-needle aspiration.');
      await bank.nth(1).getByTestId('question-save').click();
      await bank.nth(1).getByTestId('question-version').filter({ hasText: 'Version 2' }).waitFor();
      expect(await stems()).toEqual([QUESTIONS[0].stem, QUESTIONS[2].stem, QUESTIONS[1].stem]);
      expect(await bank.nth(1).textContent()).toContain('TR5 from 1 cm: fine-needle aspiration.');

      // The bank leaves as a GIFT file for Moodle; a Moodle file comes in checked first: its good question is
      // offered, its broken one named by line; once imported, the scratch question is deleted again.
      const [giftDownload] = await Promise.all([trainer.waitForEvent('download'), trainer.getByTestId('bank-export-gift').click()]);
      expect(giftDownload.suggestedFilename()).toMatch(/^question-bank-[0-9a-f]{8}\.gift\.txt$/);
      const giftText = readFileSync((await giftDownload.path())!, 'utf8');
      for (const question of QUESTIONS) expect(giftText).toContain(question.stem.replace(/[~=#{}:]/g, (c) => `\\${c}`));
      const moodleFile = '::Scratch:: Which TR level is a spongiform nodule? {=TR1 ~TR3 ~TR5}\n\n::Broken:: An answer list that never closes {=a ~b\n';
      await trainer.getByTestId('bank-import-file').setInputFiles({ name: 'moodle-export.txt', mimeType: 'text/plain', buffer: Buffer.from(moodleFile) });
      const importReport = trainer.locator('[data-testid=bank-import-report][data-dry-run=true]');
      await importReport.waitFor();
      expect(await importReport.getAttribute('data-valid')).toBe('1');
      expect(await importReport.getByTestId('bank-import-errors-line').getAttribute('data-line')).toBe('3');
      expect(await bank.count()).toBe(3);
      await importReport.getByTestId('bank-import-confirm').click();
      await trainer.locator('[data-testid=bank-import-report][data-dry-run=false]').waitFor();
      await trainer.waitForFunction(() => document.querySelectorAll('[data-testid=bank-question]').length === 4);
      await bank.nth(3).getByTestId('question-delete').click();
      await trainer.getByTestId('confirm-accept').click();
      await trainer.waitForFunction(() => document.querySelectorAll('[data-testid=bank-question]').length === 3);
      expect(await stems()).toEqual([QUESTIONS[0].stem, QUESTIONS[2].stem, QUESTIONS[1].stem]);

      // The exam draws all three; pass mark 60 %.
      await trainer.getByTestId('exam-title').fill('TI-RADS check');
      await trainer.getByTestId('exam-question-count').fill('3');
      await trainer.getByTestId('exam-time-limit').fill('20');
      await trainer.getByTestId('exam-passing').fill('60');
      await trainer.getByTestId('exam-max-attempts').fill('2');
      await trainer.getByTestId('exam-save').click();
      await trainer.getByTestId('toast').filter({ hasText: 'Exam settings saved.' }).waitFor();

      // A live session tomorrow (attendance is not required for this course).
      const tomorrow = new Date(Date.now() + 24 * 3600_000);
      const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await trainer.getByTestId('session-title').fill('Live reading: thyroid cases');
      await trainer.getByTestId('session-starts-at').fill(local);
      await trainer.getByTestId('session-duration').fill('45');
      await trainer.getByTestId('session-save').click();
      await trainer.getByTestId('editor-session').filter({ hasText: 'Live reading: thyroid cases' }).waitFor();

      await trainer.getByTestId('course-publish').click();
      await trainer.getByTestId('confirm-accept').click();
      await trainer.getByTestId('course-published').waitFor();
      await trainer.screenshot({ path: join(SCREENSHOT_DIR, 'training-editor-en.png'), fullPage: true });

      // The trainer enrols one person of a township their institute trains, found by name; the page says who may do what.
      await openFromCatalogue(trainer, 'course-enrol');
      await trainer.getByTestId('enrolment-rules').waitFor();
      await trainer.getByTestId('enrolment-history-empty').waitFor();
      await trainer.getByTestId('staff-search').fill('Ablimit');
      await trainer.getByTestId('staff-search-submit').click();
      const doctorRow = trainer.locator('[data-testid=staff-result][data-username=doctor]');
      expect(await doctorRow.textContent()).toContain('Tokuzak Township Health Centre');
      await doctorRow.getByTestId('staff-enrol-button').click();
      await doctorRow.getByTestId('staff-enrolled').waitFor();
      await trainer.screenshot({ path: join(SCREENSHOT_DIR, 'training-trainer-enrolment-en.png'), fullPage: true });

      // The admin enrols two trainees by CSV; the line that cannot be enrolled is reported with its number.
      const admin = await suite.newPage();
      await signInInEnglish(admin, 'admin');
      await openFromCatalogue(admin, 'course-enrol');
      await admin.waitForURL(/\/training\/courses\/[0-9a-f-]{36}\/enrol$/);
      await admin.getByTestId('enrolment-history-empty').waitFor();
      await admin.getByTestId('enrolment-file').setInputFiles({ name: 'spring-cohort.csv', mimeType: 'text/csv', buffer: Buffer.from(ENROLMENT_CSV) });
      await admin.getByTestId('enrolment-send').click();
      const counts = admin.getByTestId('enrolment-counts').first();
      await admin.getByTestId('enrolment-result').waitFor();
      expect(await counts.getAttribute('data-enrolled')).toBe('2');
      expect(await counts.getAttribute('data-failed')).toBe('1');
      expect(await admin.getByTestId('enrolment-progress').getAttribute('data-percent')).toBe('100');
      const failed = admin.getByTestId('enrolment-result').getByTestId('enrolment-errors-line');
      expect(await failed.count()).toBe(1);
      expect(await failed.getAttribute('data-line')).toBe('4');
      await admin.getByTestId('enrolment-past').first().waitFor();
      await admin.screenshot({ path: join(SCREENSHOT_DIR, 'training-enrolment-en.png'), fullPage: true });

      // The admin sets the training institute's seal: kept re-encoded, shown back, printed on the certificate below.
      await admin.getByTestId('nav-institutions').click();
      const institute = admin.locator('[data-testid=institution-row][data-code=KS-TI]');
      await institute.getByTestId('institution-seal').click();
      await admin.getByTestId('seal-none').waitFor();
      await admin.getByTestId('seal-file').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: SEAL_PNG });
      await admin.waitForFunction(() => (document.querySelector('[data-testid=seal-current] img') as HTMLImageElement | null)?.naturalWidth === 300);
      expect(await admin.getByTestId('seal-current').getAttribute('data-width')).toBe('300');
      await admin.screenshot({ path: join(SCREENSHOT_DIR, 'training-seal-en.png'), fullPage: true });

      // The trainee finds the course with an empty progress bar, reads the lesson and marks it done.
      const trainee = await suite.newPage();
      await signInInEnglish(trainee, 'trainee');
      // Home tells the trainee what is coming: the live session and the exam of the course just enrolled in.
      await trainee.getByTestId('home-session').filter({ hasText: 'Live reading: thyroid cases' }).waitFor();
      expect(await trainee.getByTestId('home-exam').filter({ hasText: COURSE }).count()).toBe(1);
      await trainee.getByTestId('nav-training').click();
      const card = trainee.locator(`[data-testid=course-card][data-title="${COURSE}"]`);
      expect(await card.getByTestId('course-credits').textContent()).toContain('2 credit hours');
      await card.getByTestId('course-progress').waitFor();
      await card.getByTestId('course-open').click();
      await trainee.waitForURL(/\/training\/courses\/[0-9a-f-]{36}$/);
      expect(await trainee.getByTestId('lesson-title').textContent()).toBe(LESSON);
      await trainee.getByTestId('lesson-complete').click();
      await trainee.getByTestId('lesson-done').waitFor();
      expect(await trainee.getByTestId('lesson-link').getAttribute('data-done')).toBe('true');
      expect(await trainee.getByTestId('course-progress').textContent()).toContain('1 of 1 lessons done');
      expect(await trainee.getByTestId('progress-exam').getAttribute('data-passed')).toBe('false');
      const session = trainee.locator('[data-testid=live-session][data-state=upcoming]');
      expect(await session.textContent()).toContain('Live reading: thyroid cases');
      expect(await session.getByTestId('live-join').getAttribute('href')).toMatch(/^\/training\/live\/[0-9a-f-]{36}$/);

      // The exam: a timer from the server's deadline, every answer autosaved, a reload resumes them.
      await trainee.getByTestId('exam-start').click();
      await trainee.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
      const seconds = Number(await trainee.getByTestId('exam-timer').getAttribute('data-seconds'));
      expect(seconds).toBeGreaterThan(19 * 60);
      expect(seconds).toBeLessThanOrEqual(20 * 60);
      /** Answers the question at `position` (1-based) correctly, once it is on screen. */
      const answer = async (position: number) => {
        const shown = trainee.locator(`[data-testid=exam-question][data-position="${position}"]`);
        await shown.waitFor();
        const stem = (await shown.getByTestId('exam-stem').textContent())!.trim();
        const question = QUESTIONS.find((q) => q.stem === stem)!;
        expect(question).toBeDefined();
        for (const i of question.correct) {
          // Each change is saved on the server at once (autosave), before the next one is made.
          const saved = trainee.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('SaveAnswer'));
          await shown.locator('label', { hasText: question.options[i] }).locator('input').check();
          expect((await (await saved).json()).errors).toBeUndefined();
        }
        await trainee.locator('[data-testid=save-state][data-state=saved]').waitFor();
      };
      await answer(1);
      await trainee.getByTestId('exam-next').click();
      await answer(2);
      expect(await trainee.getByTestId('save-state').textContent()).toContain('Saved');

      await trainee.reload();
      await trainee.getByTestId('exam-question').waitFor();
      const answered = await trainee.getByTestId('exam-nav-item').evaluateAll((items) => items.map((b) => b.getAttribute('data-answered')));
      expect(answered).toEqual(['true', 'true', 'false']);
      await trainee.getByTestId('exam-nav-item').nth(2).click();
      await answer(3);
      await trainee.screenshot({ path: join(SCREENSHOT_DIR, 'training-exam-en.png'), fullPage: true });

      // Submit with confirmation: the score, the verdict and the per-question review.
      await trainee.getByTestId('exam-submit').click();
      expect(await trainee.getByTestId('confirm-accept').textContent()).toContain('Submit');
      await trainee.getByTestId('confirm-accept').click();
      const result = trainee.getByTestId('exam-result');
      await result.waitFor();
      expect(await result.getAttribute('data-passed')).toBe('true');
      expect(await trainee.getByTestId('exam-score').textContent()).toBe('100 %');
      expect(await trainee.getByTestId('review-item').evaluateAll((items) => items.map((li) => li.getAttribute('data-correct')))).toEqual(['true', 'true', 'true']);
      // The review teaches: each question's correct answer, and the trainer's explanation where there is one.
      expect(await trainee.getByTestId('review-correct').count()).toBe(3);
      const aspiration = trainee.getByTestId('review-item').filter({ hasText: QUESTIONS[2].stem });
      expect(await aspiration.getByTestId('review-correct').textContent()).toContain('Correct answer: Fine-needle aspiration');
      expect(await aspiration.getByTestId('review-explanation').textContent()).toBe('TR5 from 1 cm: fine-needle aspiration.');

      // Back on the course: completed, and the certificate is there.
      await trainee.getByTestId('exam-back').click();
      await trainee.locator('[data-testid=course-progress][data-completed=true]').waitFor();
      expect(await trainee.getByTestId('progress-exam').getAttribute('data-passed')).toBe('true');
      expect(await trainee.getByTestId('exam-start').count()).toBe(0);
      await trainee.screenshot({ path: join(SCREENSHOT_DIR, 'training-course-en.png'), fullPage: true });
      await trainee.getByTestId('course-certificate-link').click();
      await trainee.waitForURL('**/training/certificates');
      // One navigation item is highlighted: Certificates, not Training as well.
      await trainee.locator('[data-testid=nav-certificates].is-active').waitFor();
      expect(await trainee.locator('[data-testid=main-nav] .is-active').count()).toBe(1);
      const certificate = trainee.locator('[data-testid=certificate][data-status=VALID]');
      await certificate.waitFor();
      await certificate.getByTestId('certificate-qr').waitFor();
      const code = (await certificate.getByTestId('certificate-code').textContent())!.trim();
      expect(code.length).toBeGreaterThanOrEqual(8);

      const [download] = await Promise.all([trainee.waitForEvent('download'), certificate.getByTestId('certificate-download').click()]);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(download.suggestedFilename()).toMatch(/\.pdf$/);
      // The QR code and the institute's seal.
      expect(pdfImages(pdf).filter((image) => image.width === 300 && image.height === 300)).toHaveLength(1);
      const printed = pdfText(pdf).replace(/\s+/g, ' ');
      expect(printed).toContain('Issued by Kashgar Medical Training Institute');
      expect(printed).toContain(`${SIGNER.name} ${SIGNER.title}`);

      // In Uyghur the certificates page turns right-to-left.
      await trainee.getByTestId('lang-ug').click();
      await waitForLanguage(trainee, 'ug');
      expect(await documentLanguage(trainee)).toEqual({ lang: 'ug', dir: 'rtl' });
      await certificate.getByTestId('certificate-status').filter({ hasText: 'ئىناۋەتلىك' }).waitFor();
      await trainee.screenshot({ path: join(SCREENSHOT_DIR, 'training-certificates-ug-rtl.png'), fullPage: true });
      // Twenty days before it expires, Home reminds the trainee to renew it.
      await suite.portal.api.dataSource.query(`UPDATE certificate SET expires_at = now() + interval '20 days' WHERE course_id IN (SELECT id FROM course WHERE title = $1)`, [COURSE]);
      await trainee.getByTestId('nav-home').click();
      await trainee.locator('[data-testid=home-renewal][data-expired=false]').waitFor();
      await trainee.goBack();

      // Anyone, without signing in, checks the code: VALID, with the holder and the course.
      const visitor = await suite.newPage();
      await visitor.goto(`/verify/${encodeURIComponent(code)}`);
      await visitor.getByTestId('lang-en').click();
      await waitForLanguage(visitor, 'en');
      const verdict = visitor.getByTestId('verify-result');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-status')).toBe('VALID');
      expect(await visitor.getByTestId('verify-status').textContent()).toContain('Valid');
      expect(await visitor.getByTestId('verify-holder').textContent()).toBe('Gulnar Rozi');
      expect(await visitor.getByTestId('verify-course').textContent()).toBe(COURSE);
      // The issuer and who signed for it, for anyone checking.
      expect(await visitor.getByTestId('verify-issuer').textContent()).toBe('Kashgar Medical Training Institute');
      expect(await visitor.getByTestId('verify-signer').textContent()).toBe(`${SIGNER.name}, ${SIGNER.title}`);
      expect(await visitor.getByTestId('sign-out').count()).toBe(0);
      await visitor.screenshot({ path: join(SCREENSHOT_DIR, 'training-verify-en.png'), fullPage: true });

      // The trainer's report: three enrolled (two by CSV, one by the trainer), one completed, the exam's results and its
      // questions (the version edited before anyone sat the exam is not counted twice).
      await trainer.goto(trainer.url().replace(/\/enrol$/, '/report'));
      await trainer.getByTestId('report-stats').waitFor();
      expect(await trainer.getByTestId('report-enrolled').textContent()).toBe('3');
      expect(await trainer.getByTestId('report-completion').textContent()).toBe('1 / 3 (33.3 %)');
      expect(await trainer.getByTestId('report-mean').textContent()).toBe('100 %');
      expect(await trainer.getByTestId('report-pass-rate').textContent()).toBe('100 %');
      expect(await trainer.getByTestId('item-bar').count()).toBe(3);
      // The gradebook: each of the three; the trainee passed at the first attempt. It downloads as CSV for a spreadsheet.
      const gradebookRows = trainer.getByTestId('gradebook-row');
      await gradebookRows.first().waitFor();
      expect(await gradebookRows.count()).toBe(3);
      const traineeRow = trainer.locator('[data-testid=gradebook-row][data-username=trainee]');
      expect(await traineeRow.getAttribute('data-passed')).toBe('true');
      expect(await traineeRow.getByTestId('gradebook-attempts').textContent()).toBe('1');
      expect(await traineeRow.getByTestId('gradebook-best').textContent()).toContain('100 %');
      const [gradebook] = await Promise.all([trainer.waitForEvent('download'), trainer.getByTestId('gradebook-csv').click()]);
      expect(gradebook.suggestedFilename()).toMatch(/^gradebook-trainees-[0-9a-f]{8}\.csv$/);
      const csvLines = readFileSync((await gradebook.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(csvLines[0]).toBe('username,name,institution,enrolment,lessons_done,lessons_total,attempts,best_score_percent,last_score_percent,passed,last_submitted_at');
      expect(csvLines).toHaveLength(4);
      expect(csvLines.find((line) => line.startsWith('trainee,'))).toContain(',COMPLETED,1,1,1,100,100,true,');
      const [workbook] = await Promise.all([trainer.waitForEvent('download'), trainer.getByTestId('gradebook-xlsx').click()]);
      expect(workbook.suggestedFilename()).toMatch(/^gradebook-trainees-[0-9a-f]{8}\.xlsx$/);
      const [sheet] = await readXlsxFile(readFileSync((await workbook.path())!));
      expect(sheet!.data.find((row) => row[0] === 'trainee')!.slice(3, 10)).toEqual(['COMPLETED', 1, 1, 1, 100, 100, true]);
      // The course's certificates: the trainer sees them; only an admin may revoke.
      const trainerCertificates = trainer.getByTestId('course-certificates');
      await trainerCertificates.waitFor();
      expect(await trainerCertificates.locator('tbody tr[data-status=VALID]').count()).toBe(1);
      expect(await trainer.getByTestId('revoke-start').count()).toBe(0);

      // An admin revokes it with a reason, and the public check says so.
      await admin.goto(trainer.url());
      await admin.getByTestId('revoke-start').click();
      await admin.getByTestId('revoke-reason').fill('Exam taken by someone else');
      await admin.getByTestId('revoke-confirm').click();
      await admin.locator('[data-testid=course-certificates] tbody tr[data-status=REVOKED]').waitFor();
      await visitor.reload();
      await visitor.locator('[data-testid=verify-result][data-status=REVOKED]').waitFor();
      expect(await visitor.getByTestId('verify-result').textContent()).toContain('Exam taken by someone else');

      // A mistyped code says so clearly.
      await visitor.getByTestId('verify-code').fill('NOT-A-REAL-CODE');
      await visitor.getByTestId('verify-submit').click();
      await visitor.waitForURL('**/verify/NOT-A-REAL-CODE');
      const unknown = visitor.locator('[data-testid=verify-error][data-error-code=CERTIFICATE_NOT_FOUND]');
      await unknown.waitFor();
      expect(await unknown.textContent()).toContain('No certificate has this code.');

      // Guessing codes from one address runs into the limit (30 a minute), and the page says to wait.
      const guess = 'query($code: String!) { verifyCertificate(code: $code) { status } }';
      for (let i = 0; i < 30; i++) await suite.portal.api.gql(guess, { code: `GUESS-${i}` });
      await visitor.getByTestId('verify-code').fill(code);
      await visitor.getByTestId('verify-submit').click();
      const limited = visitor.locator('[data-testid=verify-error][data-error-code=RATE_LIMITED]');
      await limited.waitFor();
      expect(await limited.textContent()).toMatch(/Too many checks from this network\. Try again in \d+ s\./);
    },
    TIMEOUT,
  );

  test(
    'autosave says "not saved — retrying" while the link is down and catches up; a change after the attempt closed elsewhere shows it closed; no attempts left',
    async () => {
      // The trainer holds the answers back until the exam closes, in an hour.
      const courseId = await courseWithOneAttempt(suite.portal.api, { reviewAfter: 'CLOSE', closesAt: new Date(Date.now() + 3600_000).toISOString() });
      const trainee = await suite.newPage();
      await signInInEnglish(trainee, 'trainee');
      await trainee.goto(`/training/courses/${courseId}`);
      expect(await trainee.getByTestId('exam-closes').textContent()).toMatch(/^closes /);
      await trainee.getByTestId('exam-start').click();
      await trainee.waitForURL(/\/training\/attempts\/[0-9a-f-]{36}$/);
      const attemptId = trainee.url().split('/').pop()!;
      await trainee.locator('[data-testid=exam-question][data-position="1"]').waitFor();

      // The link drops: the answer stays on screen, marked as not saved, and is sent again once the link is back.
      const isSave = (body: string | null) => !!body?.includes('SaveAnswer');
      await trainee.route('**/graphql', (route) => (isSave(route.request().postData()) ? route.abort('internetdisconnected') : route.continue()));
      await trainee.getByTestId('exam-option').first().check();
      const retrying = trainee.locator('[data-testid=save-state][data-state=retrying]');
      await retrying.waitFor();
      expect(await retrying.textContent()).toContain('Not saved — retrying');
      expect(await trainee.getByTestId('exam-nav-item').first().getAttribute('class')).toContain('is-unsaved');
      await trainee.unroute('**/graphql');
      await trainee.locator('[data-testid=save-state][data-state=saved]').waitFor({ timeout: 20_000 });

      // The attempt is submitted elsewhere (another tab): the next change is refused and the page shows the result.
      const submitted = await suite.portal.api.gql('mutation($id: ID!) { submitExamAttempt(attemptId: $id) { status } }', { id: attemptId }, await suite.portal.api.signIn('trainee'));
      expect(submitted.errors).toBeUndefined();
      // click, not check: the refused change does not stay on screen.
      await trainee.getByTestId('exam-option').nth(1).click();
      const result = trainee.locator('[data-testid=exam-result][data-status=SUBMITTED]');
      await result.waitFor();
      expect(await trainee.getByTestId('exam-verdict').textContent()).toContain('Not passed');
      // Right or wrong now; the correct answers only once the exam closes.
      expect(await trainee.getByTestId('review-held').textContent()).toContain('shown once the exam closes');
      expect(await trainee.getByTestId('review-correct').count()).toBe(0);

      // One attempt allowed, and it is used: the course says so instead of offering another.
      await trainee.getByTestId('exam-back').click();
      await trainee.getByTestId('exam-no-attempts').waitFor();
      expect(await trainee.getByTestId('exam-start').count()).toBe(0);
      expect(await trainee.locator('[data-testid=attempt-row][data-status=SUBMITTED]').count()).toBe(1);
    },
    TIMEOUT,
  );

  test(
    'a lesion box drawn by dragging on the picture, and a click on the lesion, are both in image pixels: the mark is graded correct, and the review shows the box around it',
    async () => {
      expect(existsSync(CASE_IMAGE)).toBe(true);
      const { api } = suite.portal;
      const trainerToken = await api.signIn('trainer');
      const ok = async <T>(query: string, variables: Record<string, unknown>, token = trainerToken): Promise<T> => {
        const result = await api.gql<T>(query, variables, token);
        expect(result.errors).toBeUndefined();
        return result.data!;
      };
      const input = { title: 'Marking breast lesions', description: 'Find the lesion.', creditHours: 1, certificateValidMonths: 12, requiredAttendanceMinutes: 0 };
      const courseId = (await ok<{ createCourse: { id: string } }>('mutation($input: CourseInput!) { createCourse(input: $input) { id } }', { input })).createCourse.id;
      const moduleId = (await ok<{ addModule: { id: string } }>('mutation($input: ModuleInput!) { addModule(input: $input) { id } }', { input: { courseId, title: 'Cases' } })).addModule.id;
      await ok('mutation($input: LessonInput!) { addLesson(input: $input) { id } }', { input: { moduleId, title: 'Look first', kind: 'TEXT', body: 'Scan the whole image.' } });

      // The trainer draws the box on the picture (shown larger than its 256 px): the stored box is in image pixels.
      const trainer = await suite.newPage();
      await serveCaseImage(trainer);
      await signInInEnglish(trainer, 'trainer');
      await trainer.goto(`/training/courses/${courseId}/edit`);
      const form = trainer.getByTestId('question-form');
      await form.getByTestId('question-kind').selectOption('MARK_LESION');
      await form.getByTestId('question-image-url').fill(CASE_IMAGE_URL);
      await form.getByTestId('question-stem').fill('Mark the solid lesion.');
      await trainer.locator('[data-testid=lesion-box-stage] img').waitFor();
      const shown = (await trainer.locator('[data-testid=lesion-box-stage] img').boundingBox())!;
      expect(shown.width).toBeGreaterThan(CASE_SIZE * 1.5);
      const from = await screenPoint(trainer, 'lesion-box-stage', [60, 70]);
      const to = await screenPoint(trainer, 'lesion-box-stage', [180, 160]);
      await trainer.mouse.move(from.x, from.y);
      await trainer.mouse.down();
      await trainer.mouse.move(to.x, to.y, { steps: 5 });
      await trainer.mouse.up();
      await trainer.getByTestId('lesion-box-drawn').waitFor();
      await trainer.waitForFunction(() => (document.querySelector('[data-testid=question-box-2]') as HTMLInputElement).value !== '');
      const drawn = await Promise.all([0, 1, 2, 3].map(async (i) => Number(await form.getByTestId(`question-box-${i}`).inputValue())));
      [60, 70, 180, 160].forEach((expected, i) => expect(Math.abs(drawn[i] - expected)).toBeLessThanOrEqual(2));
      await form.getByTestId('question-save').click();
      await trainer.getByTestId('bank-question').filter({ hasText: 'Lesion box:' }).waitFor();

      await ok('mutation($input: ExamInput!) { setExam(input: $input) { id } }', { input: { courseId, title: 'Marking', questionCount: 1, timeLimitMinutes: 10, passingScore: 0.5, maxAttempts: 1 } });
      await ok('mutation($id: ID!) { publishCourse(id: $id) { id } }', { id: courseId });
      const trainee = await suite.newPage();
      await serveCaseImage(trainee);
      await signInInEnglish(trainee, 'trainee');
      const { me } = await ok<{ me: { id: string } }>('{ me { id } }', {}, await api.signIn('trainee'));
      await ok('mutation($courseId: ID!, $userIds: [ID!]!) { enrol(courseId: $courseId, userIds: $userIds) }', { courseId, userIds: [me.id] }, await api.signIn('admin'));

      // The trainee clicks the middle of the lesion; the marker sits there and the saved point is in image pixels.
      await trainee.goto(`/training/courses/${courseId}`);
      await trainee.getByTestId('exam-start').click();
      await trainee.locator('[data-testid=lesion-stage] img').waitFor();
      const target = await screenPoint(trainee, 'lesion-stage', [120, 115]);
      const saved = trainee.waitForResponse((r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('SaveAnswer'));
      await trainee.mouse.click(target.x, target.y);
      const point: number[] = JSON.parse((await saved).request().postData()!).variables.input.point;
      expect(Math.abs(point[0] - 120)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(point[1] - 115)).toBeLessThanOrEqual(1.5);
      await trainee.getByTestId('lesion-marker').waitFor();
      await trainee.screenshot({ path: join(SCREENSHOT_DIR, 'training-mark-lesion-en.png'), fullPage: true });

      await trainee.getByTestId('exam-submit').click();
      await trainee.getByTestId('confirm-accept').click();
      await trainee.locator('[data-testid=exam-result][data-passed=true]').waitFor();
      expect(await trainee.getByTestId('review-item').getAttribute('data-correct')).toBe('true');
      // The review draws the correct box over the picture, around the trainee's mark, where the trainer drew it.
      const review = trainee.getByTestId('review-item');
      await review.getByTestId('lesion-key-box').waitFor();
      const picture = (await review.locator('[data-testid=lesion-stage] img').boundingBox())!;
      const keyBox = (await review.getByTestId('lesion-key-box').boundingBox())!;
      const mark = (await review.getByTestId('lesion-marker').boundingBox())!;
      const toImage = (x: number, y: number) => [((x - picture.x) / picture.width) * CASE_SIZE, ((y - picture.y) / picture.height) * CASE_SIZE];
      const [kx0, ky0] = toImage(keyBox.x, keyBox.y);
      const [kx1, ky1] = toImage(keyBox.x + keyBox.width, keyBox.y + keyBox.height);
      [kx0, ky0, kx1, ky1].forEach((v, i) => expect(Math.abs(v - drawn[i]!)).toBeLessThanOrEqual(3));
      const [mx, my] = toImage(mark.x + mark.width / 2, mark.y + mark.height / 2);
      expect(mx).toBeGreaterThan(kx0);
      expect(mx).toBeLessThan(kx1);
      expect(my).toBeGreaterThan(ky0);
      expect(my).toBeLessThan(ky1);
      expect(await review.textContent()).toContain('The green box is the lesion; the ring is your mark.');
      await trainee.screenshot({ path: join(SCREENSHOT_DIR, 'training-review-lesion-en.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'a trainer opens a course to a county; a trainee of a township there enrols themselves from the course page',
    async () => {
      const courseId = await courseWithOneAttempt(suite.portal.api, {}, { enrolTrainee: false });
      const trainer = await suite.newPage();
      await signInInEnglish(trainer, 'trainer');
      await trainer.goto(`/training/courses/${courseId}/enrol`);
      expect(await trainer.getByTestId('enrolment-rules').textContent()).toContain('enrol themselves from the course page');
      const state = trainer.getByTestId('self-enrolment-state');
      expect(await state.getAttribute('data-open')).toBe('false');
      await trainer.getByTestId('self-enrolment-institution').selectOption({ label: 'Shule County People’s Hospital' });
      await trainer.getByTestId('self-enrolment-save').click();
      await trainer.locator('[data-testid=self-enrolment-state][data-open=true]').waitFor();
      expect(await state.textContent()).toContain('Open to the staff of Shule County People’s Hospital');

      // The trainee works in Hanerik, a township of Shule: not enrolled, offered to enrol, and then on the course.
      const learner = await suite.newPage();
      await signInInEnglish(learner, 'trainee');
      await learner.goto(`/training/courses/${courseId}`);
      await learner.getByTestId('self-enrol').waitFor();
      expect(await learner.getByTestId('course-progress').count()).toBe(0);
      await learner.getByTestId('enrol-myself').click();
      await learner.getByTestId('course-progress').waitFor();
      await learner.getByTestId('exam-start').waitFor();
      expect(await learner.getByTestId('self-enrol').count()).toBe(0);
      await learner.screenshot({ path: join(SCREENSHOT_DIR, 'training-self-enrolled-en.png'), fullPage: true });
    },
    TIMEOUT,
  );

  test(
    'the countdown follows the server deadline; at zero the attempt shows closed and then its result, graded on the saved answers',
    async () => {
      const { api } = suite.portal;
      const courseId = await courseWithOneAttempt(api);
      const trainee = await api.signIn('trainee');
      const exam = await api.gql<{ course: { exam: { id: string } } }>('query($id: ID!) { course(id: $id) { exam { id } } }', { id: courseId }, trainee);
      const started = await api.gql<{ startExamAttempt: { id: string } }>('mutation($id: ID!) { startExamAttempt(examId: $id) { id } }', { id: exam.data!.course.exam.id }, trainee);
      const attemptId = started.data!.startExamAttempt.id;
      // Six seconds left, by the server's clock (the browser's clock plays no part).
      await api.dataSource.query(`UPDATE exam_attempt SET deadline = now() + interval '6 seconds' WHERE id = $1`, [attemptId]);

      const page = await suite.newPage();
      await signInInEnglish(page, 'trainee');
      await page.goto(`/training/attempts/${attemptId}`);
      const timer = page.getByTestId('exam-timer');
      await timer.waitFor();
      expect(Number(await timer.getAttribute('data-seconds'))).toBeLessThanOrEqual(6);
      expect(await timer.textContent()).toMatch(/^\s*00:0[0-6]\s*$/);
      await page.getByTestId('exam-option').first().check();
      await page.locator('[data-testid=save-state][data-state=saved]').waitFor();

      await page.getByTestId('exam-closed').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('exam-option').first().isDisabled()).toBe(true);
      const result = page.locator('[data-testid=exam-result][data-status=EXPIRED]');
      await result.waitFor({ timeout: 15_000 });
      expect(await result.textContent()).toContain('The time ran out');
      expect(await page.getByTestId('review-item').count()).toBe(2);
    },
    TIMEOUT,
  );
});
