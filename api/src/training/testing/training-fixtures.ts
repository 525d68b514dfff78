import type { TestApp } from '../../testing/test-app.js';

export const COURSE_INPUT = {
  title: 'Breast ultrasound: BI-RADS in practice',
  description: 'Reading breast ultrasound with BI-RADS, from the first scan to the biopsy decision.',
  creditHours: 4.5,
  certificateValidMonths: 24,
  requiredAttendanceMinutes: 0,
};

/** Four questions, one of each scoring rule; `answers` gives the right answer to each by stem. */
export const QUESTIONS = [
  { kind: 'SINGLE', stem: 'Which BI-RADS category means "probably benign"?', options: ['2', '3', '4A', '5'], correctOptions: [1], explanation: 'BI-RADS 3: under 2 % likely malignant; follow-up in 6 months.' },
  { kind: 'MULTIPLE', stem: 'Which features suggest malignancy?', options: ['Angular margins', 'Parallel orientation', 'Posterior shadowing', 'Thin capsule'], correctOptions: [0, 2] },
  { kind: 'MARK_LESION', stem: 'Mark the lesion.', options: [], correctOptions: [], lesionBox: [40, 50, 90, 80], imageUrl: 'https://example.org/case.png' },
  { kind: 'CASE_DECISION', stem: 'BI-RADS 4B: biopsy or follow-up?', options: ['Biopsy', 'Follow-up in 6 months'], correctOptions: [0] },
] as const;

export const rightAnswer = (stem: string) => {
  const q = QUESTIONS.find((x) => x.stem === stem)!;
  return q.kind === 'MARK_LESION' ? { point: [60, 60] } : { options: [...q.correctOptions] };
};
export const wrongAnswer = (stem: string) => {
  const q = QUESTIONS.find((x) => x.stem === stem)!;
  return q.kind === 'MARK_LESION' ? { point: [5, 5] } : { options: [q.options.length - 1 === q.correctOptions[0] ? 0 : q.options.length - 1] };
};

export interface BuiltCourse {
  courseId: string;
  examId: string;
  lessonIds: string[];
}

/** A published course built through the API as the trainer: one module, two lessons, the four questions, an exam of all four. */
export async function buildCourse(t: TestApp, trainer: string, exam: { timeLimitMinutes?: number; passingScore?: number; maxAttempts?: number } = {}): Promise<BuiltCourse> {
  const ok = async (query: string, variables: Record<string, unknown>) => {
    const result = await t.gql(query, variables, trainer);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const courseId = (await ok('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: COURSE_INPUT })).createCourse.id;
  const moduleId = (await ok('mutation($i: ModuleInput!) { addModule(input: $i) { id } }', { i: { courseId, title: 'Categories' } })).addModule.id;
  const lessonIds: string[] = [];
  for (const title of ['What BI-RADS means', 'Margins and shape']) {
    lessonIds.push((await ok('mutation($i: LessonInput!) { addLesson(input: $i) { id } }', { i: { moduleId, title, kind: 'TEXT', body: `${title}…` } })).addLesson.id);
  }
  for (const q of QUESTIONS) await ok('mutation($i: QuestionInput!) { addQuestion(input: $i) { id } }', { i: { courseId, ...q } });
  const examId = (
    await ok('mutation($i: ExamInput!) { setExam(input: $i) { id } }', {
      i: { courseId, title: 'Final exam', questionCount: 4, timeLimitMinutes: exam.timeLimitMinutes ?? 30, passingScore: exam.passingScore ?? 0.75, maxAttempts: exam.maxAttempts ?? 2 },
    })
  ).setExam.id;
  await ok('mutation($id: ID!) { publishCourse(id: $id) { id } }', { id: courseId });
  return { courseId, examId, lessonIds };
}

export const userId = async (t: TestApp, username: string): Promise<string> =>
  (await t.dataSource.query(`SELECT id FROM app_user WHERE username = $1`, [username]))[0].id;
