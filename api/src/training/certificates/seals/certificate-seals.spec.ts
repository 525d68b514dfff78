import sharp from 'sharp';
import { buildPng } from '../../../imaging/decode/png-bytes.test-util.js';
import { pdfImages } from '../../../testing/pdf-text.js';
import { codeOf, createTestApp, type GqlResult, type TestApp } from '../../../testing/test-app.js';
import { DATABASE_KINDS } from '../../../testing/test-database.js';
import { buildCourse, rightAnswer, userId } from '../../testing/training-fixtures.js';

const SEAL = 'query($i: ID!) { certificateSeal(institutionId: $i) { institutionId width height setAt imageUrl } }';

/** A red stamp on a transparent ground, larger than a seal is kept, with a name in its metadata. */
async function stampPng(width: number, height: number): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const x = p % width;
    const y = Math.floor(p / width);
    const ring = Math.abs(Math.hypot(x - width / 2, y - height / 2) - Math.min(width, height) * 0.4) < 12;
    rgba.set(ring ? [200, 20, 30, 255] : [0, 0, 0, 0], p * 4);
  }
  const png = await sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
  // The same pixels again, with a tEXt chunk that must not survive.
  const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return Buffer.from(buildPng({ width, height, bitDepth: 8, colorType: 6, samples: [...data], text: { Author: 'Secretary Tursun Ayshem' } }));
}

describe.each(DATABASE_KINDS)('certificate seals (%s)', (kind) => {
  let t: TestApp;
  let admin: string;
  let trainer: string;
  let trainee: string;
  let institute: string;

  const put = (body: Buffer, token = admin, institutionId = institute) =>
    fetch(`${t.url}/certificates/seals/${institutionId}`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body });
  const certify = async (courseId: string, examId: string, lessonIds: string[]) => {
    const attempt = (await t.gql(`mutation($id: ID!) { startExamAttempt(examId: $id) { id questions { question { id stem } } } }`, { id: examId }, trainee)).data!.startExamAttempt;
    for (const q of attempt.questions) await t.gql('mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }', { i: { attemptId: attempt.id, questionId: q.question.id, ...rightAnswer(q.question.stem) } }, trainee);
    await t.gql('mutation($id: ID!) { submitExamAttempt(attemptId: $id) { passed } }', { id: attempt.id }, trainee);
    for (const id of lessonIds) await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id }, trainee);
    const progress = (await t.gql('query($id: ID!) { course(id: $id) { myProgress { certificate { pdfUrl } } } }', { id: courseId }, trainee)).data!.course.myProgress;
    const pdf = await fetch(`${t.url}${progress.certificate.pdfUrl}`, { headers: { authorization: `Bearer ${trainee}` } });
    return Buffer.from(await pdf.arrayBuffer());
  };
  const newCertificate = async () => {
    const course = await buildCourse(t, trainer);
    await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'trainee')] }, admin);
    return certify(course.courseId, course.examId, course.lessonIds);
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    [admin, trainer, trainee] = await Promise.all([t.signIn('admin'), t.signIn('trainer'), t.signIn('trainee')]);
    institute = (await t.dataSource.query(`SELECT id FROM institution WHERE code = 'KS-TI'`))[0].id;
  });
  afterAll(() => t?.close());

  it('keeps the admin’s seal re-encoded (colour and transparency kept, metadata dropped, 600 px at most) and audits it', async () => {
    expect((await t.gql(SEAL, { i: institute }, admin)).data).toEqual({ certificateSeal: null });
    const response = await put(await stampPng(1200, 900));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ institutionId: institute, width: 600, height: 450, setAt: expect.any(String), imageUrl: `/certificates/seals/${institute}.png` });
    const seal = (await t.gql(SEAL, { i: institute }, admin)).data!.certificateSeal;
    expect(seal).toMatchObject({ width: 600, height: 450, imageUrl: `/certificates/seals/${institute}.png` });

    const kept = Buffer.from(await (await fetch(`${t.url}${seal.imageUrl}`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    expect(kept.includes(Buffer.from('Tursun'))).toBe(false);
    const meta = await sharp(kept).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 600, height: 450, hasAlpha: true });
    const { data } = await sharp(kept).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 4)]).toEqual([0, 0, 0, 0]);

    const [audit] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.seal-set' AND resource_id = $1`, [institute]);
    expect(audit.details).toMatchObject({ width: 600, height: 450 });
  });

  it('refuses anyone but the institution’s admins, and files that are not images, changing nothing', async () => {
    for (const token of [trainer, trainee]) expect((await put(await stampPng(60, 60), token)).status).toBe(403);
    expect(codeOf((await t.gql(SEAL, { i: institute }, trainer)) as GqlResult)).toBe('FORBIDDEN');
    const notImage = await put(Buffer.from('%PDF-1.4 not an image'));
    expect(notImage.status).toBe(400);
    expect(await notImage.json()).toMatchObject({ errors: [{ message: 'The seal must be a PNG or JPEG image' }] });
    expect((await t.gql(SEAL, { i: institute }, admin)).data!.certificateSeal).toMatchObject({ width: 600, height: 450 });
  });

  it('prints the seal on certificates issued while it is set; a certificate keeps the seal it was issued with', async () => {
    // The PDF draws the QR code and the seal (the seal with its transparency as a soft mask).
    const sealed = pdfImages(await newCertificate());
    expect(sealed.filter((i) => i.width === 600 && i.height === 450)).toHaveLength(1);

    const removed = await fetch(`${t.url}/certificates/seals/${institute}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    expect(await removed.json()).toEqual({ removed: true });
    expect(pdfImages(await newCertificate()).filter((i) => i.width === 600)).toHaveLength(0);
    // The first certificate still has it.
    const [first] = await t.dataSource.query(`SELECT seal_sha256 FROM certificate WHERE seal_sha256 IS NOT NULL`);
    expect(first.seal_sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
