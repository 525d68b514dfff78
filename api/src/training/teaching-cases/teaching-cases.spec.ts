import pngjs from 'pngjs';
import { Institution } from '../../identity/institution.entity.js';
import { makeDicom } from '../../imaging/dicom/testing/make-dicom.js';
import { readDicom } from '../../imaging/dicom/read-dicom.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { createStudy, registerPatient } from '../../testing/clinical-fixtures.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse } from '../testing/training-fixtures.js';

const ROWS = 200;
const COLS = 240;
const BANNER = 20;
/** The scanner's top banner with the patient's name burned in (bright strokes), tissue texture below. */
const pixel = (x: number, y: number) => (y < BANNER ? (x % 7 < 3 ? 255 : 0) : 40 + ((x * 3 + y * 5) % 120));
const SECRETS = ['Tursun', 'Ayshem', 'SCN-777', '19750308', 'Tokuzak'];

const decodePng = (bytes: Buffer) => pngjs.PNG.sync.read(bytes);
/** The grey value at (x, y) of an 8-bit PNG as pngjs returns it (RGBA). */
const grey = (png: pngjs.PNG, x: number, y: number) => png.data[(y * png.width + x) * 4]!;

describe.each(DATABASE_KINDS)('teaching cases from real studies, de-identified (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let trainer: string;
  let trainee: string;
  let imageIds: { dicom: string; png: string };

  const imageOf = async (studyId: string) => (await t.gql('query($id: ID!) { study(id: $id) { images { id } } }', { id: studyId }, doctor)).data!.study.images[0].id as string;
  const createCase = (imageId: string, token = doctor) =>
    t.gql('mutation($id: ID!) { createTeachingCase(imageId: $id) { id mediaUrl width height method } }', { id: imageId }, token);

  beforeAll(async () => {
    t = await createTestApp(kind);
    [doctor, trainer, trainee] = await Promise.all(['doctor', 'trainer', 'trainee'].map((u) => t.signIn(u as 'doctor')));
    const institutionId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    const patientId = await registerPatient(t, doctor, institutionId, 'Tursun Ayshem');
    const dicom = makeDicom({
      rows: ROWS,
      cols: COLS,
      pixel,
      patient: { name: 'Tursun^Ayshem', id: 'SCN-777', sex: 'F', birthDate: '19750308' },
      extra: { InstitutionName: 'Tokuzak Township Health Centre' },
    });
    const png = encodeGrayPng({ width: COLS, height: ROWS, data: Uint8Array.from({ length: ROWS * COLS }, (_, i) => pixel(i % COLS, Math.floor(i / COLS))) });
    imageIds = {
      dicom: await imageOf(await createStudy(t, doctor, patientId, 'BREAST', dicom)),
      png: await imageOf(await createStudy(t, doctor, patientId, 'BREAST', png)),
    };
  });
  afterAll(() => t?.close());

  it('builds a case from a DICOM whose tags and top banner name the patient, and the case carries neither', async () => {
    const created = await createCase(imageIds.dicom);
    expect(created.errors).toBeUndefined();
    const teachingCase = created.data!.createTeachingCase;
    expect(teachingCase).toMatchObject({ mediaUrl: `/training-media/${teachingCase.id}`, width: COLS, height: ROWS });
    expect(teachingCase.method).toMatch(/PS3.15 Basic Profile.*burned-in text blanked in 1 boxes/);

    // The stored de-identified DICOM: no name, ID, birth date or institution in any tag.
    const [row] = await t.dataSource.query(`SELECT dicom_sha256, png_sha256 FROM teaching_case WHERE id = $1`, [teachingCase.id]);
    const stored = await t.app.get<BlobStore>(BLOB_STORE).get(row.dicom_sha256);
    for (const secret of SECRETS) expect(stored.toString('latin1')).not.toContain(secret);
    expect((await readDicom(stored)).patient).toMatchObject({ name: 'ANONYMOUS', birthDate: null });

    // What trainees are served: the banner is blank, the tissue untouched.
    const served = await fetch(`${t.url}${teachingCase.mediaUrl}`, { headers: { authorization: `Bearer ${trainee}` } });
    expect(served.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await served.arrayBuffer());
    for (const secret of SECRETS) expect(bytes.toString('latin1')).not.toContain(secret);
    const image = decodePng(bytes);
    let bannerMax = 0;
    for (let y = 0; y < BANNER; y++) for (let x = 0; x < COLS; x++) bannerMax = Math.max(bannerMax, grey(image, x, y));
    expect(bannerMax).toBe(0);
    expect(grey(image, 50, 100)).toBe(pixel(50, 100));
    expect((await fetch(`${t.url}${teachingCase.mediaUrl}`)).status).toBe(401);

    const [audit] = await t.dataSource.query(`SELECT resource_id, details FROM audit_event WHERE action = 'training.teaching-case-create'`);
    expect(audit).toMatchObject({ resource_id: imageIds.dicom, details: { teachingCaseId: teachingCase.id } });
  });

  it('blanks the burned-in text of PNG and JPEG images too', async () => {
    const teachingCase = (await createCase(imageIds.png)).data!.createTeachingCase;
    expect(teachingCase.method).toMatch(/re-encoded without metadata; burned-in text blanked in 1 boxes/);
    const image = decodePng(Buffer.from(await (await fetch(`${t.url}${teachingCase.mediaUrl}`, { headers: { authorization: `Bearer ${trainee}` } })).arrayBuffer()));
    expect(grey(image, 1, 1)).toBe(0);
    expect(grey(image, 50, 100)).toBe(pixel(50, 100));
  });

  it('shows the clinician what it would blank, and blanks exactly the boxes they settle on', async () => {
    const BLANKING = 'query($id: ID!) { teachingCaseBlanking(imageId: $id) { width height boxes keptRegions } }';
    const proposed = (await t.gql(BLANKING, { id: imageIds.png }, doctor)).data!.teachingCaseBlanking;
    expect(proposed).toMatchObject({ width: COLS, height: ROWS, keptRegions: [] });
    // One box over the burned-in banner, from the top edge to below its last row.
    expect(proposed.boxes).toHaveLength(1);
    const [[x0, y0, x1, y1]] = proposed.boxes;
    expect([x0, y0]).toEqual([0, 0]);
    expect(x1).toBe(COLS - 1);
    expect(y1).toBeGreaterThanOrEqual(BANNER - 1);
    expect(y1).toBeLessThan(BANNER + 8);
    expect(codeOf(await t.gql(BLANKING, { id: imageIds.png }, trainer))).toBe('FORBIDDEN');

    // The clinician keeps the banner box and adds one over a caliper label in the tissue.
    const chosen = [proposed.boxes[0], [100, 100, 139, 119]];
    const made = await t.gql('mutation($id: ID!, $b: [[Int!]!]) { createTeachingCase(imageId: $id, blankBoxes: $b) { id mediaUrl method } }', { id: imageIds.png, b: chosen }, doctor);
    const teachingCase = made.data!.createTeachingCase;
    expect(teachingCase.method).toMatch(/burned-in text blanked in 2 boxes the clinician chose/);
    const image = decodePng(Buffer.from(await (await fetch(`${t.url}${teachingCase.mediaUrl}`, { headers: { authorization: `Bearer ${trainee}` } })).arrayBuffer()));
    expect(grey(image, 5, 5)).toBe(0);
    expect(grey(image, 120, 110)).toBe(0);
    expect(grey(image, 50, 100)).toBe(pixel(50, 100));
    const [audit] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.teaching-case-create' AND details->>'teachingCaseId' = $1`, [teachingCase.id]);
    expect(audit.details.chosenBoxes).toEqual(chosen);

    // Boxes outside the image are refused, and nothing is made.
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM teaching_case`))[0].n;
    const outside = await t.gql('mutation($id: ID!, $b: [[Int!]!]) { createTeachingCase(imageId: $id, blankBoxes: $b) { id } }', { id: imageIds.png, b: [[0, 0, COLS, 10]] }, doctor);
    expect(codeOf(outside)).toBe('BAD_USER_INPUT');
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM teaching_case`))[0].n).toBe(before);
  });

  it('needs read access to the original, and course material links only to de-identified cases', async () => {
    expect(codeOf(await createCase(imageIds.dicom, trainer))).toBe('FORBIDDEN');
    const teachingCaseId = (await createCase(imageIds.dicom)).data!.createTeachingCase.id;
    // The trainer cannot see the study, but finds the de-identified case to use it.
    const listed = (await t.gql('{ teachingCases(limit: 5) { id mediaUrl } }', {}, trainer)).data!.teachingCases as Array<{ id: string }>;
    expect(listed[0]).toEqual({ id: teachingCaseId, mediaUrl: `/training-media/${teachingCaseId}` });
    expect(codeOf(await t.gql('{ teachingCases { id } }', {}, trainee))).toBe('FORBIDDEN');
    const { courseId } = await buildCourse(t, trainer);
    const moduleId = (await t.gql('query($id: ID!) { course(id: $id) { modules { id } } }', { id: courseId }, trainer)).data!.course.modules[0].id;
    const lesson = await t.gql('mutation($i: LessonInput!) { addLesson(input: $i) { kind mediaUrl teachingCaseId } }', { i: { moduleId, title: 'Case: BI-RADS 4A', kind: 'CASE', body: 'What do you see?', teachingCaseId } }, trainer);
    expect(lesson.data!.addLesson).toEqual({ kind: 'CASE', mediaUrl: `/training-media/${teachingCaseId}`, teachingCaseId });
    const imageLesson = (mediaUrl: string) =>
      t.gql('mutation($i: LessonInput!) { addLesson(input: $i) { mediaUrl } }', { i: { moduleId, title: 'Raw', kind: 'IMAGE', body: '', mediaUrl } }, trainer);
    // A study image, also dressed up as teaching media (traversal, encoded or not), or a case that does not exist.
    for (const mediaUrl of [
      `/images/${imageIds.dicom}`,
      `/training-media/../images/${imageIds.dicom}`,
      `/training-media/%2e%2e/images/${imageIds.dicom}`,
      `/training-media/${teachingCaseId}/../../images/${imageIds.dicom}`,
      `/training-media/${imageIds.dicom}`,
      'http://example.org/case.png',
      'javascript:alert(1)',
    ]) {
      const refused = await imageLesson(mediaUrl);
      expect([mediaUrl, codeOf(refused), refused.errors?.[0]?.extensions?.field]).toEqual([mediaUrl, 'BAD_USER_INPUT', 'mediaUrl']);
    }
    expect((await imageLesson(`/training-media/${teachingCaseId}`)).data!.addLesson.mediaUrl).toBe(`/training-media/${teachingCaseId}`);
    expect((await imageLesson('https://example.org/a/../case.png')).data!.addLesson.mediaUrl).toBe('https://example.org/case.png');
  });
});
