import { Institution } from '../../identity/institution.entity.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { createSignedInUser } from '../../testing/users.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { ExamsService } from './exams.service.js';
import { buildCourse, type BuiltCourse, QUESTIONS, rightAnswer, userId, wrongAnswer } from '../testing/training-fixtures.js';

const ATTEMPT = `id status score passed deadline serverNow submittedAt reviewOpensAt
  questions { position correct savedAnswer { options point } question { id stem kind options imageUrl } review { correctOptions lesionBox explanation } }`;
const START = `mutation($id: ID!) { startExamAttempt(examId: $id) { ${ATTEMPT} } }`;
const SAVE = 'mutation($i: AnswerInput!) { saveAnswer(input: $i) { position question { id } savedAnswer { options point } correct } }';
const SUBMIT = `mutation($id: ID!) { submitExamAttempt(attemptId: $id) { ${ATTEMPT} } }`;

interface AttemptView {
  id: string;
  status: string;
  score: number | null;
  passed: boolean | null;
  deadline: string;
  serverNow: string;
  reviewOpensAt: string | null;
  questions: Array<{ position: number; correct: boolean | null; savedAnswer: unknown; question: { id: string; stem: string }; review: { correctOptions: number[]; lesionBox: number[] | null; explanation: string } | null }>;
}

/** What the review should show for each question of an attempt: the key and the explanation from the fixtures. */
const keysOf = (attempt: AttemptView) =>
  attempt.questions.map((q) => {
    const question = QUESTIONS.find((x) => x.stem === q.question.stem)!;
    return { correctOptions: [...question.correctOptions], lesionBox: 'lesionBox' in question ? [...question.lesionBox] : null, explanation: 'explanation' in question ? question.explanation : '' };
  });

describe.each(DATABASE_KINDS)('timed exams, graded on the server (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let doctor: string;
  let admin: string;
  let course: BuiltCourse;
  let first: AttemptView;

  const answerAll = async (token: string, attempt: AttemptView, right: (stem: string) => boolean) => {
    for (const q of attempt.questions) {
      const answer = right(q.question.stem) ? rightAnswer(q.question.stem) : wrongAnswer(q.question.stem);
      const saved = await t.gql(SAVE, { i: { attemptId: attempt.id, questionId: q.question.id, ...answer } }, token);
      expect(saved.errors).toBeUndefined();
    }
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee, doctor, admin] = await Promise.all(['trainer', 'trainee', 'doctor', 'admin'].map((u) => t.signIn(u as 'trainer')));
    course = await buildCourse(t, trainer);
    const enrolled = await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'trainee'), await userId(t, 'doctor')] }, admin);
    expect(enrolled.data).toEqual({ enrol: 2 });
    // Enrolling again adds nobody.
    expect((await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'trainee')] }, admin)).data).toEqual({ enrol: 0 });
  });
  afterAll(() => t?.close());

  it('keeps authoring and answer keys to trainers', async () => {
    expect(codeOf(await t.gql('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: { title: 'Mine', description: '', creditHours: 1, certificateValidMonths: 12, requiredAttendanceMinutes: 0 } }, trainee))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('query($c: ID!) { questionKeys(courseId: $c) { questionId } }', { c: course.courseId }, trainee))).toBe('FORBIDDEN');
    // Admins run enrolment and reports, but an exam's answers stay with its authors.
    expect(codeOf(await t.gql('query($c: ID!) { questionKeys(courseId: $c) { questionId } }', { c: course.courseId }, admin))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('query($c: ID!) { questions(courseId: $c) { id } }', { c: course.courseId }, trainee))).toBe('FORBIDDEN');
    // The Question type has no key at all: asking for one is a schema error, not an empty field.
    const probe = await t.gql('query($c: ID!) { course(id: $c) { exam { id } } questions(courseId: $c) { correctOptions } }', { c: course.courseId }, trainer);
    expect(probe.errors?.[0]?.message).toMatch(/correctOptions/);
    // A draft course is the trainers' until published: the catalogue leaves it out, reading it is NOT_FOUND.
    const draft = (await t.gql('mutation($i: CourseInput!) { createCourse(input: $i) { id published } }', { i: { title: 'Draft course', description: '', creditHours: 1, certificateValidMonths: 12, requiredAttendanceMinutes: 0 } }, trainer)).data!.createCourse;
    expect(draft.published).toBe(false);
    const catalogue = async (token: string) => (await t.gql('{ courses { id } }', {}, token)).data!.courses.map((c: { id: string }) => c.id);
    expect(await catalogue(trainer)).toEqual(expect.arrayContaining([draft.id, course.courseId]));
    expect(await catalogue(trainee)).toContain(course.courseId);
    expect(await catalogue(trainee)).not.toContain(draft.id);
    expect(codeOf(await t.gql('query($id: ID!) { course(id: $id) { id } }', { id: draft.id }, trainee))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql('mutation($id: ID!) { publishCourse(id: $id) { id } }', { id: draft.id }, trainer))).toBe('BAD_USER_INPUT'); // no lessons yet
    const keys = await t.gql('query($c: ID!) { questionKeys(courseId: $c) { questionId correctOptions lesionBox } }', { c: course.courseId }, trainer);
    expect(keys.data!.questionKeys).toHaveLength(4);
    // A question with a key outside its options is refused.
    const bad = await t.gql('mutation($i: QuestionInput!) { addQuestion(input: $i) { id } }', { i: { courseId: course.courseId, kind: 'SINGLE', stem: 'Broken?', options: ['a', 'b'], correctOptions: [5] } }, trainer);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });

  it('starts once, resumes on reload, and saves answers as the trainee goes', async () => {
    const started = await t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, trainee);
    first = started.data!.startExamAttempt;
    expect(first.status).toBe('IN_PROGRESS');
    expect(first.questions.map((q) => q.position)).toEqual([1, 2, 3, 4]);
    const limitMs = new Date(first.deadline).getTime() - new Date(first.serverNow).getTime();
    expect(limitMs).toBeGreaterThan(29 * 60_000);
    expect(limitMs).toBeLessThanOrEqual(30 * 60_000);
    expect(first.questions.every((q) => q.correct === null && q.savedAnswer === null && q.review === null)).toBe(true);

    // Three right, one wrong; the multiple-choice one is changed once (the last save counts).
    const wrongStem = first.questions[0]!.question.stem;
    await answerAll(trainee, first, (stem) => stem !== wrongStem);
    const reloaded = (await t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, trainee)).data!.startExamAttempt;
    expect(reloaded.id).toBe(first.id);
    expect(reloaded.questions.map((q) => q.question.id)).toEqual(first.questions.map((q) => q.question.id));
    expect(reloaded.questions.every((q) => q.savedAnswer !== null)).toBe(true);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM exam_answer WHERE attempt_id = $1`, [first.id]);
    expect(count).toBe(4);
  });

  it('refuses tampering: a question outside the draw, someone else’s attempt, a score in the request', async () => {
    const foreign = await t.gql(SAVE, { i: { attemptId: first.id, questionId: '00000000-0000-4000-8000-000000000000', options: [0] } }, trainee);
    expect(codeOf(foreign)).toBe('QUESTION_NOT_IN_ATTEMPT');
    const notMine = await t.gql(SAVE, { i: { attemptId: first.id, questionId: first.questions[0]!.question.id, options: [0] } }, doctor);
    expect(codeOf(notMine)).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(`query($id: ID!) { examAttempt(id: $id) { id } }`, { id: first.id }, doctor))).toBe('NOT_FOUND');
    const scored = await t.gql(SAVE, { i: { attemptId: first.id, questionId: first.questions[0]!.question.id, options: [1], score: 1, correct: true } }, trainee);
    expect(scored.data).toBeUndefined();
    expect(scored.errors?.[0]?.message).toMatch(/"score" is not defined/);
    // Nothing of that reached the saved answer.
    const [row] = await t.dataSource.query(`SELECT options, correct FROM exam_answer WHERE attempt_id = $1 AND question_id = $2`, [first.id, first.questions[0]!.question.id]);
    expect(row.correct).toBeNull();
  });

  it('grades on submit, and refuses a second submission and later answers without counting anything twice', async () => {
    const submitted = (await t.gql<{ submitExamAttempt: AttemptView }>(SUBMIT, { id: first.id }, trainee)).data!.submitExamAttempt;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', score: 0.75, passed: true });
    expect(submitted.questions.map((q) => q.correct)).toEqual([false, true, true, true]);
    // The exam reviews at submission: each question with its correct answer (the lesion's box) and the explanation.
    expect(submitted.reviewOpensAt).toBeNull();
    expect(submitted.questions.map((q) => q.review)).toEqual(keysOf(submitted));
    expect(codeOf(await t.gql(SUBMIT, { id: first.id }, trainee))).toBe('ATTEMPT_CLOSED');
    expect(codeOf(await t.gql(SAVE, { i: { attemptId: first.id, questionId: first.questions[0]!.question.id, ...rightAnswer(first.questions[0]!.question.stem) } }, trainee))).toBe('ATTEMPT_CLOSED');
    const again = (await t.gql<{ examAttempt: AttemptView }>(`query($id: ID!) { examAttempt(id: $id) { ${ATTEMPT} } }`, { id: first.id }, trainee)).data!.examAttempt;
    expect(again).toMatchObject({ status: 'SUBMITTED', score: 0.75 });
    const [{ graded }] = await t.dataSource.query(`SELECT count(*)::int AS graded FROM exam_answer WHERE attempt_id = $1 AND correct IS NOT NULL`, [first.id]);
    expect(graded).toBe(4);
    // Trainers see the closed attempt too.
    expect((await t.gql(`query($id: ID!) { examAttempt(id: $id) { score } }`, { id: first.id }, trainer)).data).toEqual({ examAttempt: { score: 0.75 } });
  });

  it('enforces the time limit on the server: answers after it are refused, the attempt is graded as EXPIRED', async () => {
    const second = (await t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, trainee)).data!.startExamAttempt;
    expect(second.id).not.toBe(first.id);
    const [q1] = second.questions;
    await t.gql(SAVE, { i: { attemptId: second.id, questionId: q1!.question.id, ...rightAnswer(q1!.question.stem) } }, trainee);
    await t.dataSource.query(`UPDATE exam_attempt SET deadline = now() - interval '1 second' WHERE id = $1`, [second.id]);
    const late = await t.gql(SAVE, { i: { attemptId: second.id, questionId: second.questions[1]!.question.id, ...rightAnswer(second.questions[1]!.question.stem) } }, trainee);
    expect(codeOf(late)).toBe('ATTEMPT_CLOSED');
    expect(late.errors![0]!.message).toMatch(/time limit/);
    const closed = (await t.gql<{ examAttempt: AttemptView }>(`query($id: ID!) { examAttempt(id: $id) { ${ATTEMPT} } }`, { id: second.id }, trainee)).data!.examAttempt;
    expect(closed).toMatchObject({ status: 'EXPIRED', score: 0.25, passed: false });
    expect(codeOf(await t.gql(SUBMIT, { id: second.id }, trainee))).toBe('ATTEMPT_CLOSED');
    // Two attempts allowed, two used.
    expect(codeOf(await t.gql(START, { id: course.examId }, trainee))).toBe('ATTEMPTS_EXHAUSTED');
  });

  it('holds the answers back until the exam closes, for the trainee (not the trainer), and starts nothing after it', async () => {
    const held = await buildCourse(t, trainer);
    const setExam = (extra: Record<string, unknown>) =>
      t.gql('mutation($i: ExamInput!) { setExam(input: $i) { id reviewAfter closesAt } }', { i: { courseId: held.courseId, title: 'Final exam', questionCount: 4, timeLimitMinutes: 30, passingScore: 0.75, maxAttempts: 2, ...extra } }, trainer);
    const noClose = await setExam({ reviewAfter: 'CLOSE' });
    expect(codeOf(noClose)).toBe('BAD_USER_INPUT');
    expect(noClose.errors![0]!.extensions).toMatchObject({ field: 'closesAt' });
    // It closes in ten minutes, before the 30-minute limit would end an attempt started now.
    const closesAt = new Date(Date.now() + 10 * 60_000);
    const set = await setExam({ reviewAfter: 'CLOSE', closesAt: closesAt.toISOString() });
    expect(set.data!.setExam).toMatchObject({ reviewAfter: 'CLOSE', closesAt: closesAt.toISOString() });
    const [audited] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.exam-set' AND resource_id = $1 ORDER BY id DESC LIMIT 1`, [held.examId]);
    expect(audited.details).toMatchObject({ reviewAfter: 'CLOSE', closesAt: closesAt.toISOString() });
    await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: held.courseId, u: [await userId(t, 'trainee')] }, admin);

    const attempt = (await t.gql<{ startExamAttempt: AttemptView }>(START, { id: held.examId }, trainee)).data!.startExamAttempt;
    expect(new Date(attempt.deadline).getTime()).toBe(closesAt.getTime());
    await answerAll(trainee, attempt, () => true);
    const submitted = (await t.gql<{ submitExamAttempt: AttemptView }>(SUBMIT, { id: attempt.id }, trainee)).data!.submitExamAttempt;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', score: 1, reviewOpensAt: closesAt.toISOString() });
    expect(submitted.questions.map((q) => [q.correct, q.review])).toEqual(submitted.questions.map(() => [true, null]));
    // The course's trainer reviews the attempt at once.
    const read = (token: string) => t.gql<{ examAttempt: AttemptView }>(`query($id: ID!) { examAttempt(id: $id) { ${ATTEMPT} } }`, { id: attempt.id }, token);
    expect((await read(trainer)).data!.examAttempt.questions.map((q) => q.review)).toEqual(keysOf(submitted));
    // An admin sees the answers and their grading, never the key: that stays with the course's authors.
    const byAdmin = (await read(admin)).data!.examAttempt;
    expect(byAdmin.questions.map((q) => [q.correct, q.review])).toEqual(submitted.questions.map(() => [true, null]));

    // The exam closes: the trainee sees the answers, and no attempt starts any more.
    await t.dataSource.query(`UPDATE exam SET closes_at = now() - interval '1 second' WHERE id = $1`, [held.examId]);
    const reviewed = (await read(trainee)).data!.examAttempt;
    expect(reviewed.reviewOpensAt).toBeNull();
    expect(reviewed.questions.map((q) => q.review)).toEqual(keysOf(submitted));
    const late = await t.gql(START, { id: held.examId }, trainee);
    expect(codeOf(late)).toBe('EXAM_CLOSED');
    const [{ attempts }] = await t.dataSource.query(`SELECT count(*)::int AS attempts FROM exam_attempt WHERE exam_id = $1`, [held.examId]);
    expect(attempts).toBe(1);
  });

  it('closes abandoned attempts in the periodic sweep', async () => {
    const attempt = (await t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, doctor)).data!.startExamAttempt;
    await answerAll(doctor, attempt, () => true);
    await t.dataSource.query(`UPDATE exam_attempt SET deadline = now() - interval '1 second' WHERE id = $1`, [attempt.id]);
    expect(await t.app.get(ExamsService).sweep()).toBe(1);
    const [row] = await t.dataSource.query(`SELECT status, score, passed FROM exam_attempt WHERE id = $1`, [attempt.id]);
    expect(row).toEqual({ status: 'EXPIRED', score: 1, passed: true });
  });

  it('resumes one attempt for simultaneous starts and accepts exactly one of simultaneous submissions', async () => {
    // The doctor has one attempt left.
    const starts = await Promise.all([1, 2, 3].map(() => t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, doctor)));
    const ids = new Set(starts.map((s) => s.data!.startExamAttempt.id));
    expect(ids.size).toBe(1);
    const attempt = starts[0]!.data!.startExamAttempt;
    await answerAll(doctor, attempt, () => true);
    const submits = await Promise.all([1, 2, 3].map(() => t.gql(SUBMIT, { id: attempt.id }, doctor)));
    expect(submits.filter((s) => s.data).length).toBe(1);
    expect(submits.filter((s) => codeOf(s) === 'ATTEMPT_CLOSED').length).toBe(2);
  });

  it('reports completion, scores and the hardest questions first', async () => {
    const report = (await t.gql('query($c: ID!) { courseReport(courseId: $c) { enrolled meanScore passRate items { stem answered correctRate } } }', { c: course.courseId }, trainer)).data!.courseReport;
    expect(report.enrolled).toBe(2);
    expect(report.passRate).toBe(1);
    expect(report.meanScore).toBeCloseTo((0.75 + 0.25 + 1 + 1) / 4, 5);
    const hardest = report.items[0];
    expect(hardest.stem).toBe(first.questions[0]!.question.stem);
    expect(hardest.correctRate).toBeLessThan(report.items[report.items.length - 1].correctRate);
    expect(codeOf(await t.gql('query($c: ID!) { courseReport(courseId: $c) { enrolled } }', { c: course.courseId }, trainee))).toBe('FORBIDDEN');
  });

  it('starts a cohort pressing Start at once: each trainee one attempt with a draw of its own', async () => {
    const { id: institutionId } = await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SL-T02' });
    const cohort = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => createSignedInUser(t, admin, `cohort.trainee.${n}`, [{ role: 'TRAINEE', institutionId }])),
    );
    const enrolled = await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: cohort.map((c) => c.id) }, admin);
    expect(enrolled.data).toEqual({ enrol: cohort.length });
    // Two presses each: created together, and the second press of a trainee resumes the first.
    const starts = await Promise.all(cohort.flatMap((c) => [c, c]).map((c) => t.gql<{ startExamAttempt: AttemptView }>(START, { id: course.examId }, c.token)));
    expect(starts.map((s) => s.errors)).toEqual(starts.map(() => undefined));
    const attempts = starts.map((s) => s.data!.startExamAttempt);
    for (let i = 0; i < cohort.length; i++) expect(attempts[2 * i]!.id).toBe(attempts[2 * i + 1]!.id);
    expect(new Set(attempts.map((a) => a.id)).size).toBe(cohort.length);
    for (const attempt of attempts) {
      expect(attempt.status).toBe('IN_PROGRESS');
      expect(attempt.questions.map((q) => q.position)).toEqual([1, 2, 3, 4]);
      expect(new Set(attempt.questions.map((q) => q.question.id)).size).toBe(4);
    }
    const [{ owners }] = await t.dataSource.query(`SELECT count(DISTINCT user_id)::int AS owners FROM exam_attempt WHERE id = ANY ($1::uuid[])`, [[...new Set(attempts.map((a) => a.id))]]);
    expect(owners).toBe(cohort.length);
  });
});
