import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse, type BuiltCourse, rightAnswer, userId, wrongAnswer } from '../testing/training-fixtures.js';

const GRADEBOOK = `query($c: ID!) { gradebook(courseId: $c) { courseId lessonsTotal rows { username displayName institutionName enrolmentStatus lessonsDone attempts bestScore lastScore passed lastSubmittedAt inExam } } }`;
const START = 'mutation($id: ID!) { startExamAttempt(examId: $id) { id questions { question { id stem } } } }';
const SAVE = 'mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }';

describe.each(DATABASE_KINDS)('a course’s gradebook (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let doctor: string;
  let admin: string;
  let course: BuiltCourse;

  /** One attempt by `token`, right on `rightCount` of its questions, then submitted. */
  const sit = async (token: string, rightCount: number) => {
    const attempt = (await t.gql(START, { id: course.examId }, token)).data!.startExamAttempt;
    for (const [i, q] of attempt.questions.entries()) {
      const answer = i < rightCount ? rightAnswer(q.question.stem) : wrongAnswer(q.question.stem);
      expect((await t.gql(SAVE, { i: { attemptId: attempt.id, questionId: q.question.id, ...answer } }, token)).errors).toBeUndefined();
    }
    expect((await t.gql('mutation($id: ID!) { submitExamAttempt(attemptId: $id) { id } }', { id: attempt.id }, token)).errors).toBeUndefined();
  };
  const download = (file: string, token: string) => fetch(`${t.url}/gradebooks/${course.courseId}/${file}`, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee, doctor, admin] = await Promise.all(['trainer', 'trainee', 'doctor', 'admin'].map((u) => t.signIn(u as 'trainer')));
    course = await buildCourse(t, trainer);
    await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'trainee'), await userId(t, 'doctor')] }, admin);
    // The trainee reads both lessons, fails once (1 of 4) and passes the second time (3 of 4): the course is completed.
    // The doctor reads one lesson and is mid-exam.
    for (const id of course.lessonIds) await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id }, trainee);
    await sit(trainee, 1);
    await sit(trainee, 3);
    await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id: course.lessonIds[0] }, doctor);
    await t.gql(START, { id: course.examId }, doctor);
  });
  afterAll(() => t?.close());

  it('lists every enrolled person with their lessons, attempts, best and last score, for the course’s trainer', async () => {
    const book = (await t.gql(GRADEBOOK, { c: course.courseId }, trainer)).data!.gradebook;
    expect(book.lessonsTotal).toBe(2);
    const byName = Object.fromEntries(book.rows.map((r: { username: string }) => [r.username, r]));
    expect(Object.keys(byName).sort()).toEqual(['doctor', 'trainee']);
    expect(byName.trainee).toMatchObject({ enrolmentStatus: 'COMPLETED', lessonsDone: 2, attempts: 2, bestScore: 0.75, lastScore: 0.75, passed: true, inExam: false });
    expect(new Date(byName.trainee.lastSubmittedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(byName.doctor).toMatchObject({ enrolmentStatus: 'ENROLLED', lessonsDone: 1, attempts: 0, bestScore: null, lastScore: null, passed: false, lastSubmittedAt: null, inExam: true });
  });

  it('keeps it from trainees and doctors (FORBIDDEN, audited), and lets the institution’s admin read it', async () => {
    for (const token of [trainee, doctor]) {
      expect(codeOf(await t.gql(GRADEBOOK, { c: course.courseId }, token))).toBe('FORBIDDEN');
      expect((await download('gradebook.csv', token)).status).toBe(403);
    }
    const [{ denied }] = await t.dataSource.query(`SELECT count(*)::int AS denied FROM audit_event WHERE action = 'training.report' AND outcome = 'DENIED' AND resource_id = $1`, [course.courseId]);
    expect(denied).toBeGreaterThanOrEqual(4);
    expect((await t.gql(GRADEBOOK, { c: course.courseId }, admin)).data!.gradebook.rows).toHaveLength(2);
  });

  it('downloads as CSV and Excel: a row per trainee, and each question’s difficulty; each download is audited', async () => {
    const response = await download('gradebook.csv', trainer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="gradebook-trainees-[0-9a-f]{8}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: Array<Record<string, string>> = parse(new TextDecoder().decode(bytes), { columns: true, bom: true });
    const row = rows.find((r) => r.username === 'trainee')!;
    expect(row).toMatchObject({ attempts: '2', best_score_percent: '75', last_score_percent: '75', passed: 'true', lessons_total: '2', enrolment: 'COMPLETED' });
    expect(rows.find((r) => r.username === 'doctor')).toMatchObject({ attempts: '0', best_score_percent: '', lessons_done: '1' });

    const questions: Array<Record<string, string>> = parse(await (await download('questions.csv', trainer)).text(), { columns: true, bom: true });
    expect(questions).toHaveLength(4);
    // Hardest first, as in the report.
    const rates = questions.map((q) => Number(q.correct_percent));
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(questions.every((q) => q.answered === '2')).toBe(true);
    expect((await download('other.csv', trainer)).status).toBe(404);
    expect((await download('gradebook.pdf', trainer)).status).toBe(404);

    // The same rows as an Excel workbook: numbers as numbers, the header bold.
    const workbook = await download('gradebook.xlsx', trainer);
    expect(workbook.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(workbook.headers.get('content-disposition')).toMatch(/^attachment; filename="gradebook-trainees-[0-9a-f]{8}\.xlsx"$/);
    const [sheet] = await readXlsxFile(Buffer.from(await workbook.arrayBuffer()));
    expect(sheet!.sheet).toBe('trainees');
    const [header, ...cells] = sheet!.data;
    expect(header).toEqual(['username', 'name', 'institution', 'enrolment', 'lessons_done', 'lessons_total', 'attempts', 'best_score_percent', 'last_score_percent', 'passed', 'last_submitted_at']);
    const traineeRow = cells.find((r) => r[0] === 'trainee')!;
    expect(traineeRow.slice(3, 10)).toEqual(['COMPLETED', 2, 2, 2, 75, 75, true]);
    expect(cells).toHaveLength(rows.length);
    const exports = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.gradebook-export' AND resource_id = $1 ORDER BY id`, [course.courseId]);
    expect(exports.map((e: { details: { file: string; format: string } }) => `${e.details.file}.${e.details.format}`)).toEqual(['trainees.csv', 'questions.csv', 'trainees.xlsx']);
  });
});
