import { codeOf, createTestApp, type GqlResult, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse, type BuiltCourse, QUESTIONS, rightAnswer, userId } from '../testing/training-fixtures.js';

const OUTLINE = 'query($id: ID!) { course(id: $id) { modules { id title position lessons { id title body position } } } }';
const BANK = 'query($c: ID!) { questions(courseId: $c) { id lineageId version state position stem options } }';
const ATTEMPT = 'id status score questions { correct question { id stem version options } }';
const SINGLE = QUESTIONS[0];

interface BankItem { id: string; lineageId: string; version: number; state: string; position: number; stem: string; options: string[] }
interface AttemptView { id: string; status: string; score: number | null; questions: Array<{ correct: boolean | null; question: { id: string; stem: string; version: number; options: string[] } }> }

describe.each(DATABASE_KINDS)('maintaining a course: edit, delete, reorder, question versions (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let doctor: string;
  let course: BuiltCourse;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as GqlResult
  const ok = async <T = Record<string, any>>(query: string, variables: Record<string, unknown>, token = trainer): Promise<T> => {
    const result: GqlResult<T> = await t.gql<T>(query, variables, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const bank = async () => (await ok<{ questions: BankItem[] }>(BANK, { c: course.courseId })).questions;
  const audited = async (action: string) =>
    (await t.dataSource.query(`SELECT details FROM audit_event WHERE action = $1 AND resource_id = $2 ORDER BY occurred_at`, [action, course.courseId])).map((r: { details: unknown }) => r.details);

  beforeAll(async () => {
    t = await createTestApp(kind);
    const admin = await t.signIn('admin');
    [trainer, trainee, doctor] = await Promise.all([t.signIn('trainer'), t.signIn('trainee'), t.signIn('doctor')]);
    course = await buildCourse(t, trainer);
    await ok('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'trainee'), await userId(t, 'doctor')] }, admin);
  });
  afterAll(() => t?.close());

  it('edits, reorders and deletes lessons and modules; trainees may not; every change is audited', async () => {
    const [module] = (await ok(OUTLINE, { id: course.courseId })).course.modules;
    const [first, second] = module.lessons;
    const edited = await ok('mutation($id: ID!, $i: LessonContentInput!) { updateLesson(id: $id, input: $i) { id title body kind } }', {
      id: first.id,
      i: { title: 'What the BI-RADS categories mean', kind: 'TEXT', body: 'Category 3 is probably benign.' },
    });
    expect(edited.updateLesson).toEqual({ id: first.id, title: 'What the BI-RADS categories mean', body: 'Category 3 is probably benign.', kind: 'TEXT' });
    // A media link that is not a teaching case or https is refused on edit as on creation, and nothing changes.
    const badMedia = await t.gql('mutation($id: ID!, $i: LessonContentInput!) { updateLesson(id: $id, input: $i) { id } }', { id: first.id, i: { title: 'X', kind: 'IMAGE', body: '', mediaUrl: '/images/1' } }, trainer);
    expect(codeOf(badMedia)).toBe('BAD_USER_INPUT');

    const reordered = await ok('mutation($i: ReorderInput!) { reorderLessons(input: $i) { id position } }', { i: { parentId: module.id, ids: [second.id, first.id] } });
    expect(reordered.reorderLessons).toEqual([{ id: second.id, position: 1 }, { id: first.id, position: 2 }]);
    // An order that leaves one out (a page opened before a lesson was added) is refused whole.
    expect(codeOf(await t.gql('mutation($i: ReorderInput!) { reorderLessons(input: $i) { id } }', { i: { parentId: module.id, ids: [first.id] } }, trainer))).toBe('CONFLICT');

    const forbidden = await t.gql('mutation($id: ID!, $i: LessonContentInput!) { updateLesson(id: $id, input: $i) { id } }', { id: first.id, i: { title: 'Mine now', kind: 'TEXT', body: '' } }, trainee);
    expect(codeOf(forbidden)).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('mutation($id: ID!) { deleteLesson(id: $id) }', { id: first.id }, trainee))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('mutation($i: ReorderInput!) { reorderLessons(input: $i) { id } }', { i: { parentId: module.id, ids: [first.id, second.id] } }, trainee))).toBe('FORBIDDEN');

    // A second module, moved first, renamed, then deleted with its lesson (and the trainee's completion of it).
    const extra = (await ok('mutation($i: ModuleInput!) { addModule(input: $i) { id } }', { i: { courseId: course.courseId, title: 'Extra' } })).addModule.id;
    const extraLesson = (await ok('mutation($i: LessonInput!) { addLesson(input: $i) { id } }', { i: { moduleId: extra, title: 'Extra lesson', kind: 'TEXT', body: '…' } })).addLesson.id;
    await ok('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id: extraLesson }, trainee);
    await ok('mutation($i: ReorderInput!) { reorderModules(input: $i) { id } }', { i: { parentId: course.courseId, ids: [extra, module.id] } });
    await ok('mutation($id: ID!) { updateModule(id: $id, title: "Optional extras") { id } }', { id: extra });
    let outline = (await ok(OUTLINE, { id: course.courseId })).course.modules;
    expect(outline.map((m: { title: string; position: number }) => [m.title, m.position])).toEqual([['Optional extras', 1], ['Categories', 2]]);
    expect(codeOf(await t.gql('mutation($id: ID!) { deleteModule(id: $id) }', { id: extra }, trainee))).toBe('FORBIDDEN');
    expect((await ok('mutation($id: ID!) { deleteModule(id: $id) }', { id: extra })).deleteModule).toBe(true);
    outline = (await ok(OUTLINE, { id: course.courseId })).course.modules;
    expect(outline.map((m: { id: string }) => m.id)).toEqual([module.id]);
    expect(await t.dataSource.query(`SELECT 1 FROM lesson_completion WHERE lesson_id = $1`, [extraLesson])).toEqual([]);
    const progress = (await ok('query($id: ID!) { course(id: $id) { myProgress { lessonsTotal lessonsDone } } }', { id: course.courseId }, trainee)).course.myProgress;
    expect(progress).toEqual({ lessonsTotal: 2, lessonsDone: 0 });

    expect(await audited('training.lesson-update')).toEqual([expect.objectContaining({ lessonId: first.id, changed: ['title', 'body'] })]);
    expect(await audited('training.lesson-reorder')).toEqual([{ moduleId: module.id, order: [second.id, first.id] }]);
    expect(await audited('training.module-delete')).toEqual([{ moduleId: extra, title: 'Optional extras' }]);
    const [{ denied }] = await t.dataSource.query(`SELECT count(*)::int AS denied FROM audit_event WHERE action = 'training.author' AND outcome = 'DENIED' AND resource_id = $1`, [course.courseId]);
    expect(denied).toBeGreaterThanOrEqual(4);
  });

  it('versions a question edited during an open attempt: the attempt is shown, graded and reviewed with the version it drew', async () => {
    const before = await bank();
    const single = before.find((q) => q.stem === SINGLE.stem)!;
    const open = (await ok<{ startExamAttempt: AttemptView }>(`mutation($id: ID!) { startExamAttempt(examId: $id) { ${ATTEMPT} } }`, { id: course.examId }, trainee)).startExamAttempt;
    expect(open.questions.find((q) => q.question.id === single.id)?.question.version).toBe(1);

    // The key moves from "3" to "4A" and the stem changes, while the trainee is in the exam.
    const edit = { kind: 'SINGLE', stem: 'Which BI-RADS category first calls for a biopsy?', options: ['2', '3', '4A', '5'], correctOptions: [2], explanation: '4A: low suspicion, biopsy.' };
    const v2 = (await ok<{ updateQuestion: BankItem }>('mutation($id: ID!, $i: QuestionContentInput!) { updateQuestion(id: $id, input: $i) { id lineageId version state position stem options } }', { id: single.id, i: edit })).updateQuestion;
    expect(v2).toMatchObject({ lineageId: single.lineageId, version: 2, state: 'CURRENT', position: single.position, stem: edit.stem });
    expect(v2.id).not.toBe(single.id);
    // Editing the old version again (a second tab) is refused: it is no longer the current one.
    expect(codeOf(await t.gql('mutation($id: ID!, $i: QuestionContentInput!) { updateQuestion(id: $id, input: $i) { id } }', { id: single.id, i: edit }, trainer))).toBe('CONFLICT');
    // The bank lists the current version in the same place; keys follow it.
    const after = await bank();
    expect(after.map((q) => q.lineageId)).toEqual(before.map((q) => q.lineageId));
    expect(after.find((q) => q.lineageId === single.lineageId)).toMatchObject({ id: v2.id, version: 2 });
    const keys = (await ok('query($c: ID!) { questionKeys(courseId: $c) { questionId correctOptions } }', { c: course.courseId })).questionKeys;
    expect(keys).toContainEqual({ questionId: v2.id, correctOptions: [2] });

    // The open attempt still shows version 1 and takes its answers; the old key ("3") is right for it.
    const reloaded = (await ok<{ startExamAttempt: AttemptView }>(`mutation($id: ID!) { startExamAttempt(examId: $id) { ${ATTEMPT} } }`, { id: course.examId }, trainee)).startExamAttempt;
    expect(reloaded.id).toBe(open.id);
    expect(reloaded.questions.find((q) => q.question.id === single.id)?.question).toMatchObject({ stem: SINGLE.stem, version: 1 });
    for (const q of reloaded.questions) {
      const answer = q.question.id === single.id ? { options: [1] } : rightAnswer(q.question.stem);
      await ok('mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }', { i: { attemptId: open.id, questionId: q.question.id, ...answer } }, trainee);
    }
    const submitted = (await ok<{ submitExamAttempt: AttemptView }>(`mutation($id: ID!) { submitExamAttempt(attemptId: $id) { ${ATTEMPT} } }`, { id: open.id }, trainee)).submitExamAttempt;
    expect(submitted).toMatchObject({ status: 'SUBMITTED', score: 1 });
    // Reviewed later (by the trainee or the trainer): still version 1's text, graded right.
    for (const token of [trainee, trainer]) {
      const review = (await ok<{ examAttempt: AttemptView }>(`query($id: ID!) { examAttempt(id: $id) { ${ATTEMPT} } }`, { id: open.id }, token)).examAttempt;
      expect(review.questions.find((q) => q.question.id === single.id)).toEqual({ correct: true, question: { id: single.id, stem: SINGLE.stem, version: 1, options: [...SINGLE.options] } });
    }

    // A new attempt draws only the current version, graded by the new key.
    const fresh = (await ok<{ startExamAttempt: AttemptView }>(`mutation($id: ID!) { startExamAttempt(examId: $id) { ${ATTEMPT} } }`, { id: course.examId }, doctor)).startExamAttempt;
    const ids = fresh.questions.map((q) => q.question.id);
    expect(ids).toContain(v2.id);
    expect(ids).not.toContain(single.id);
    for (const q of fresh.questions) {
      const answer = q.question.id === v2.id ? { options: [1] } : rightAnswer(q.question.stem);
      await ok('mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }', { i: { attemptId: fresh.id, questionId: q.question.id, ...answer } }, doctor);
    }
    const graded = (await ok<{ submitExamAttempt: AttemptView }>(`mutation($id: ID!) { submitExamAttempt(attemptId: $id) { ${ATTEMPT} } }`, { id: fresh.id }, doctor)).submitExamAttempt;
    expect(graded.score).toBe(0.75);
    expect(graded.questions.find((q) => q.question.id === v2.id)?.correct).toBe(false);
    // Item statistics keep the versions apart: version 1 as the trainee answered it, version 2 as the doctor did.
    const items = (await ok('query($c: ID!) { courseReport(courseId: $c) { items { questionId answered correctRate } } }', { c: course.courseId })).courseReport.items;
    expect(items).toHaveLength(QUESTIONS.length + 1);
    expect(items).toEqual(expect.arrayContaining([{ questionId: single.id, answered: 1, correctRate: 1 }, { questionId: v2.id, answered: 1, correctRate: 0 }]));
    expect(await audited('training.question-update')).toEqual([{ questionId: v2.id, lineageId: single.lineageId, previousVersionId: single.id, version: 2 }]);
  });

  it('retires a question attempts used instead of deleting it, deletes an unused one, and reorders the bank', async () => {
    const used = (await bank()).find((q) => q.stem === QUESTIONS[1].stem)!;
    const removal = (await ok('mutation($id: ID!) { deleteQuestion(id: $id) { questionId retired message } }', { id: used.id })).deleteQuestion;
    expect(removal).toEqual({ questionId: used.id, retired: true, message: expect.stringMatching(/^Retired, not deleted/) });
    expect((await bank()).find((q) => q.id === used.id)?.state).toBe('RETIRED');
    // Retired: kept for the attempts that used it, never drawn again (the bank now has 3 current of the 4 the exam draws).
    expect(codeOf(await t.gql('mutation($id: ID!, $i: QuestionContentInput!) { updateQuestion(id: $id, input: $i) { id } }', { id: used.id, i: { kind: 'SINGLE', stem: 'Back?', options: ['a', 'b'], correctOptions: [0] } }, trainer))).toBe('CONFLICT');

    const added = (await ok('mutation($i: QuestionInput!) { addQuestion(input: $i) { id position } }', { i: { courseId: course.courseId, kind: 'SINGLE', stem: 'A new one?', options: ['Yes', 'No'], correctOptions: [0] } })).addQuestion;
    const current = await bank();
    expect(added.position).toBe(current.length);
    const order = [added.id, ...current.filter((q) => q.id !== added.id).map((q) => q.id)];
    const reordered = (await ok('mutation($i: ReorderInput!) { reorderQuestions(input: $i) { id position } }', { i: { parentId: course.courseId, ids: order } })).reorderQuestions;
    expect(reordered.map((q: { id: string }) => q.id)).toEqual(order);
    expect(reordered.map((q: { position: number }) => q.position)).toEqual(order.map((_, i) => i + 1));
    expect(codeOf(await t.gql('mutation($i: ReorderInput!) { reorderQuestions(input: $i) { id } }', { i: { parentId: course.courseId, ids: order } }, trainee))).toBe('FORBIDDEN');

    expect((await ok('mutation($id: ID!) { deleteQuestion(id: $id) { retired message } }', { id: added.id })).deleteQuestion).toEqual({ retired: false, message: 'Deleted: no attempt had used it.' });
    expect(await t.dataSource.query(`SELECT 1 FROM question WHERE id = $1`, [added.id])).toEqual([]);
    expect(codeOf(await t.gql('mutation($id: ID!) { deleteQuestion(id: $id) { retired } }', { id: used.id }, trainee))).toBe('FORBIDDEN');
    expect((await audited('training.question-delete')).map((d: { retired: boolean }) => d.retired)).toEqual([true, false]);
  });

  it('duplicates a course for a new cohort: outline, current questions and exam settings, no trainees or attempts', async () => {
    const source = (await ok('query($id: ID!) { course(id: $id) { creditHours modules { title position lessons { title body kind position } } exam { title questionCount passingScore maxAttempts } } }', { id: course.courseId })).course;
    const current = (await bank()).filter((q) => q.state === 'CURRENT');
    expect(codeOf(await t.gql('mutation($id: ID!) { duplicateCourse(id: $id, title: "Spring cohort") { id } }', { id: course.courseId }, trainee))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql('mutation($id: ID!) { duplicateCourse(id: $id, title: " ") { id } }', { id: course.courseId }, trainer))).toBe('BAD_USER_INPUT');
    const copy = (await ok('mutation($id: ID!) { duplicateCourse(id: $id, title: "BI-RADS, spring cohort") { id title published creditHours modules { title position lessons { title body kind position } } exam { title questionCount passingScore maxAttempts } } }', { id: course.courseId })).duplicateCourse;
    expect(copy).toMatchObject({ title: 'BI-RADS, spring cohort', published: false, creditHours: source.creditHours, modules: source.modules, exam: source.exam });
    const copied = await t.dataSource.query(`SELECT stem, version, state, position, correct_options FROM question WHERE course_id = $1 ORDER BY position`, [copy.id]);
    // The current versions only (the edited question as its version 2 text, the retired one left behind), each new at version 1.
    expect(copied.map((q: { stem: string }) => q.stem)).toEqual(current.map((q) => q.stem));
    expect(copied.every((q: { version: number; state: string }) => q.version === 1 && q.state === 'CURRENT')).toBe(true);
    expect(copied.map((q: { position: number }) => q.position)).toEqual(current.map((_, i) => i + 1));
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM enrolment WHERE course_id = $1) AS enrolled, (SELECT count(*)::int FROM exam_attempt WHERE course_id = $1) AS attempts`,
      [copy.id],
    );
    expect(counts).toEqual({ enrolled: 0, attempts: 0 });
    expect(await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.course-duplicate' AND resource_id = $1`, [copy.id])).toEqual([{ details: { from: course.courseId } }]);
  });
});
