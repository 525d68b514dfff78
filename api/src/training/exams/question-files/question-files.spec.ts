import pngjs from 'pngjs';
import { buildPng } from '../../../imaging/decode/png-bytes.test-util.js';
import { codeOf, createTestApp, type GqlResult, type TestApp } from '../../../testing/test-app.js';
import { DATABASE_KINDS } from '../../../testing/test-database.js';
import { COURSE_INPUT } from '../../testing/training-fixtures.js';

const BANK = 'query($c: ID!) { questions(courseId: $c) { id kind stem options imageUrl state } questionKeys(courseId: $c) { questionId correctOptions lesionBox explanation } }';

/** A Moodle-style GIFT file: three importable questions and three that are not, each at a known line. */
const GIFT = [
  '// BI-RADS revision, exported from Moodle',
  '$CATEGORY: $course$/BI-RADS',
  '',
  '::Q1:: Which BI-RADS category means "probably benign"? {',
  '  ~2',
  '  =3#Under 2 % likely malignant',
  '  ~4A',
  '  ####BI-RADS 3\\: follow-up in 6 months.',
  '}',
  '',
  '::Q2:: Which features suggest malignancy? {~%50%Angular margins ~%-100%Parallel orientation ~%50%Posterior shadowing}',
  '',
  '::Broken:: A question whose answers never close { =yes ~no',
  '',
  '::Essay:: Describe the margins of this lesion. {}',
  '',
  'Simple cysts need a biopsy. {F}',
  '',
  '::Short:: No {=a ~b}',
].join('\n');

/** The import's answer (QuestionImportReport). */
interface Report {
  questions: number;
  imported: number;
  failed: number;
  errors: Array<{ line: number; message: string }>;
}

/** Four rows of burned-in text (bright strokes on black) over tissue texture. */
const PIXELS = (width: number, height: number) => Array.from({ length: width * height }, (_, i) => (Math.floor(i / width) < 4 ? (i % 5 < 2 ? 255 : 0) : 60 + (i % 90)));

describe.each(DATABASE_KINDS)('question bank files: GIFT and JSON import and export (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers
  const ok = async (query: string, variables: Record<string, unknown>, token = trainer): Promise<any> => {
    const result = await t.gql(query, variables, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };
  const newCourse = async (title: string) => (await ok('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: { ...COURSE_INPUT, title } })).createCourse.id as string;
  const importFile = (courseId: string, format: string, body: string | Buffer, { dryRun = false, token = trainer, type = 'text/plain' } = {}) =>
    fetch(`${t.url}/question-banks/${courseId}/import?format=${format}${dryRun ? '&dryRun=true' : ''}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type },
      body,
    });
  const exportFile = (courseId: string, format: string, token = trainer) => fetch(`${t.url}/question-banks/${courseId}/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  const bank = async (courseId: string) => {
    const { questions, questionKeys } = await ok(BANK, { c: courseId });
    const keys = new Map(questionKeys.map((k: { questionId: string }) => [k.questionId, k]));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers
    return questions.map((q: any) => ({ ...q, key: keys.get(q.id) }));
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee] = await Promise.all([t.signIn('trainer'), t.signIn('trainee')]);
  });
  afterAll(() => t?.close());

  it('imports a GIFT file question by question: the good ones in order with their keys, each bad one at its line with the reason', async () => {
    const courseId = await newCourse('GIFT import');
    // A dry run reports the same and writes nothing.
    const dry = await (await importFile(courseId, 'gift', GIFT, { dryRun: true })).json();
    expect(dry).toMatchObject({ dryRun: true, questions: 6, valid: 3, imported: 0, failed: 3 });
    expect(await bank(courseId)).toEqual([]);

    const response = await importFile(courseId, 'gift', GIFT);
    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report).toMatchObject({ format: 'gift', dryRun: false, questions: 6, valid: 3, imported: 3, failed: 3 });
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual([13, 15, 19]);
    expect(report.errors[0].message).toMatch(/^GIFT syntax: Expected/);
    expect(report.errors[1].message).toMatch(/^Essay questions are not imported/);
    expect(report.errors[2].message).toMatch(/^stem: stem must be longer than or equal to 3 characters/);

    const imported = await bank(courseId);
    expect(imported.map((q: { kind: string; stem: string; options: string[] }) => [q.kind, q.stem, q.options])).toEqual([
      ['SINGLE', 'Which BI-RADS category means "probably benign"?', ['2', '3', '4A']],
      ['MULTIPLE', 'Which features suggest malignancy?', ['Angular margins', 'Parallel orientation', 'Posterior shadowing']],
      ['SINGLE', 'Simple cysts need a biopsy.', ['True', 'False']],
    ]);
    expect(imported.map((q: { key: { correctOptions: number[] } }) => q.key.correctOptions)).toEqual([[1], [0, 2], [1]]);
    expect(imported[0].key.explanation).toBe('BI-RADS 3: follow-up in 6 months.\n“3”: Under 2 % likely malignant');

    const [audit] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.question-import' AND resource_id = $1`, [courseId]);
    expect(audit.details).toMatchObject({ format: 'gift', imported: 3, failed: 3, questionIds: imported.map((q: { id: string }) => q.id) });
  });

  it('exports GIFT that imports back to the same questions, and says which questions only the JSON file carries', async () => {
    const from = await newCourse('GIFT round trip');
    await importFile(from, 'gift', GIFT);
    await ok('mutation($i: QuestionInput!) { addQuestion(input: $i) { id } }', {
      i: { courseId: from, kind: 'MARK_LESION', stem: 'Mark the lesion.', options: [], correctOptions: [], lesionBox: [4, 5, 9, 8], imageUrl: 'https://example.org/case.png' },
    });
    const exported = await exportFile(from, 'gift');
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="question-bank-[0-9a-f]{8}\.gift\.txt"/);
    const text = await exported.text();
    expect(text).toContain('// 1 questions with pictures (image marking, cases) are only in the JSON export');
    expect(text).toContain('BI-RADS 3\\: follow-up in 6 months.');

    const to = await newCourse('GIFT round trip, copy');
    expect(await (await importFile(to, 'gift', text)).json()).toMatchObject({ questions: 3, imported: 3, failed: 0 });
    const strip = (qs: Array<{ kind: string; stem: string; options: string[]; key: { correctOptions: number[]; explanation: string } }>) =>
      qs.map((q) => ({ kind: q.kind, stem: q.stem, options: q.options, correct: q.key.correctOptions, explanation: q.key.explanation }));
    expect(strip(await bank(to))).toEqual(strip((await bank(from)).filter((q: { kind: string }) => q.kind !== 'MARK_LESION')));
  });

  it('carries image-marking questions and their pictures in the JSON file: cleaned into new teaching cases elsewhere, the same case on this server', async () => {
    const from = await newCourse('JSON with pictures');
    // A picture with a name in its metadata and burned-in text in its top rows.
    const png = Buffer.from(buildPng({ width: 40, height: 30, bitDepth: 8, colorType: 0, samples: PIXELS(40, 30), text: { Comment: 'Patient: Tursun Ayshem' } }));
    const file = {
      format: 'oasis-question-bank',
      version: 1,
      course: 'Exported elsewhere',
      questions: [
        { kind: 'MARK_LESION', stem: 'Mark the lesion.', options: [], correctOptions: [], lesionBox: [10, 12, 30, 25], explanation: 'The hypoechoic mass.', image: { png: png.toString('base64') } },
        { kind: 'SINGLE', stem: 'Which BI-RADS category?', options: ['3', '4A'], correctOptions: [1] },
        { kind: 'MARK_LESION', stem: 'No box given', options: [], correctOptions: [], image: { png: png.toString('base64') } },
        { kind: 'SINGLE', stem: 'A picture that is not one', options: ['a', 'b'], correctOptions: [0], image: { png: Buffer.from('not a png').toString('base64') } },
        { kind: 'SINGLE', stem: 'Typo in a field', options: ['a', 'b'], correctOption: [0] },
      ],
    };
    const text = JSON.stringify(file, null, 2);
    const report = (await (await importFile(from, 'json', text, { type: 'application/json' })).json()) as Report;
    expect(report).toMatchObject({ format: 'json', questions: 5, imported: 2, failed: 3 });
    // Each question's line is its opening brace's, the line before its kind's.
    const lineOf = (stem: string) => text.split('\n').findIndex((l) => l.includes(stem)) - 1;
    expect(report.errors.map((e: { line: number }) => e.line)).toEqual([lineOf('No box given'), lineOf('A picture that is not one'), lineOf('Typo in a field')]);
    expect(report.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/lesionBox/),
      expect.stringMatching(/could not|not a|PNG/i),
      'Unknown fields: correctOption',
    ]);
    // Nothing of a refused question is written, its picture neither: one teaching case, for the one imported.
    const cases = await t.dataSource.query(`SELECT id, source_image_id, method, width, height FROM teaching_case`);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ source_image_id: null, width: 40, height: 30, method: expect.stringMatching(/^Imported with a question bank file: PNG re-encoded without metadata; burned-in text blanked in 1 boxes/) });
    const [marking, single] = await bank(from);
    expect(marking).toMatchObject({ kind: 'MARK_LESION', imageUrl: `/training-media/${cases[0].id}`, key: { lesionBox: [10, 12, 30, 25], explanation: 'The hypoechoic mass.' } });
    expect(single).toMatchObject({ kind: 'SINGLE', imageUrl: null, key: { correctOptions: [1] } });
    // The served picture has no metadata left and its banner blanked.
    const served = Buffer.from(await (await fetch(`${t.url}${marking.imageUrl}`, { headers: { authorization: `Bearer ${trainee}` } })).arrayBuffer());
    expect(served.includes(Buffer.from('Tursun'))).toBe(false);
    const decoded = pngjs.PNG.sync.read(served);
    expect(decoded.data[0]).toBe(0);

    // Exported and imported on this server (a bank copied to a new cohort's course): the same teaching case.
    const exported = await (await exportFile(from, 'json')).text();
    expect(JSON.parse(exported).questions[0]).toMatchObject({ kind: 'MARK_LESION', lesionBox: [10, 12, 30, 25], image: { teachingCaseId: cases[0].id, png: expect.any(String) } });
    const to = await newCourse('JSON copy');
    expect(await (await importFile(to, 'json', exported, { type: 'application/octet-stream' })).json()).toMatchObject({ imported: 2, failed: 0 });
    expect((await bank(to))[0].imageUrl).toBe(`/training-media/${cases[0].id}`);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM teaching_case`)).toEqual([{ n: 1 }]);
  });

  it('refuses trainees, unknown formats, broken JSON and text that is not UTF-8, with coded errors and nothing written', async () => {
    const courseId = await newCourse('Refusals');
    expect(await (await importFile(courseId, 'gift', GIFT, { token: trainee })).json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect((await exportFile(courseId, 'json', trainee)).status).toBe(403);
    expect((await importFile(courseId, 'xml', GIFT)).status).toBe(400);
    const broken = await (await importFile(courseId, 'json', '{\n  "format": "oasis-question-bank",\n  "version": 1,\n  "questions": [ { "kind": "SINGLE" ]\n}', { type: 'text/plain' })).json();
    expect(broken).toMatchObject({ questions: 1, imported: 0, failed: 1, errors: [{ line: 4, message: expect.stringMatching(/^JSON syntax/) }] });
    expect(await (await importFile(courseId, 'json', '{"questions": []}')).json()).toMatchObject({ failed: 1, errors: [{ line: 1, message: expect.stringMatching(/Not an Oasis question bank file/) }] });
    const gbk = Buffer.from([0x3a, 0x3a, 0xc8, 0xe9, 0xcf, 0xd9, 0x3a, 0x3a, 0x20, 0x7b, 0x54, 0x7d]);
    expect(codeOf((await (await importFile(courseId, 'gift', gbk)).json()) as GqlResult)).toBe('BAD_USER_INPUT');
    expect(await bank(courseId)).toEqual([]);
  });
});
