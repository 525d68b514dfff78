import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse, COURSE_INPUT, userId } from '../testing/training-fixtures.js';

const OPEN = 'mutation($c: ID!, $i: ID) { setSelfEnrolment(courseId: $c, institutionId: $i) { id selfEnrolInstitutionId } }';
const ENROL_ME = 'mutation($c: ID!) { enrolMyself(courseId: $c) { id canEnrolMyself myProgress { lessonsDone } } }';
const CAN = 'query($c: ID!) { course(id: $c) { canEnrolMyself } }';

describe.each(DATABASE_KINDS)('self-enrolment into a course opened to an institution tree (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let doctor: string;
  let courseId: string;
  const institution = async (code: string) => (await t.dataSource.query(`SELECT id FROM institution WHERE code = $1`, [code]))[0].id as string;
  const can = async (token: string, c = courseId) => (await t.gql(CAN, { c }, token)).data!.course.canEnrolMyself as boolean;

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee, doctor] = await Promise.all([t.signIn('trainer'), t.signIn('trainee'), t.signIn('doctor')]);
    courseId = (await buildCourse(t, trainer)).courseId;
  });
  afterAll(() => t?.close());

  it('lets staff of the opened institution and those under it enrol themselves, once, and nobody else', async () => {
    expect(await can(trainee)).toBe(false); // closed, as every course starts
    const shule = await institution('KS-SL-CH');
    expect(codeOf(await t.gql(OPEN, { c: courseId, i: shule }, trainee))).toBe('FORBIDDEN');
    expect((await t.gql(OPEN, { c: courseId, i: shule }, trainer)).data!.setSelfEnrolment).toEqual({ id: courseId, selfEnrolInstitutionId: shule });

    // The trainee works in Hanerik, a township of Shule; the doctor in Tokuzak, in Shufu.
    expect(await can(trainee)).toBe(true);
    expect(await can(doctor)).toBe(false);
    const refused = await t.gql(ENROL_ME, { c: courseId }, doctor);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toBe('This course is not open for self-enrolment to your institution: ask your trainer to enrol you');
    const [denied] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.take' AND outcome = 'DENIED' AND resource_id = $1`, [courseId]);
    expect(denied.details).toEqual({ reason: 'the course is not open for self-enrolment to any institution of the actor' });
    expect(await t.dataSource.query(`SELECT 1 FROM enrolment WHERE course_id = $1 AND user_id = $2`, [courseId, await userId(t, 'doctor')])).toEqual([]);

    const enrolled = (await t.gql(ENROL_ME, { c: courseId }, trainee)).data!.enrolMyself;
    expect(enrolled).toEqual({ id: courseId, canEnrolMyself: false, myProgress: { lessonsDone: 0 } });
    // Again: nothing more.
    expect((await t.gql(ENROL_ME, { c: courseId }, trainee)).errors).toBeUndefined();
    const rows = await t.dataSource.query(`SELECT e.status, i.code FROM enrolment e JOIN institution i ON i.id = e.institution_id WHERE e.course_id = $1`, [courseId]);
    expect(rows).toEqual([{ status: 'ENROLLED', code: 'KS-SL-T02' }]);
    const trail = await t.dataSource.query(`SELECT action, institution_id FROM audit_event WHERE action IN ('training.self-enrol', 'training.self-enrol-open') AND outcome = 'SUCCESS' AND resource_id = $1 ORDER BY id`, [courseId]);
    expect(trail.map((r: { action: string }) => r.action)).toEqual(['training.self-enrol-open', 'training.self-enrol']);
    expect(trail[1].institution_id).toBe(await institution('KS-SL-T02'));
  });

  it('keeps a withdrawal by staff, and offers nothing once closed or while the course is a draft', async () => {
    await t.dataSource.query(`UPDATE enrolment SET status = 'WITHDRAWN' WHERE course_id = $1`, [courseId]);
    expect(await can(trainee)).toBe(false);
    const withdrawn = await t.gql(ENROL_ME, { c: courseId }, trainee);
    expect(codeOf(withdrawn)).toBe('FORBIDDEN');
    expect(withdrawn.errors![0]!.message).toMatch(/You were withdrawn/);

    // Opened to the whole prefecture the doctor could; closed again, not.
    expect((await t.gql(OPEN, { c: courseId, i: await institution('KS-PH') }, trainer)).errors).toBeUndefined();
    expect(await can(doctor)).toBe(true);
    expect((await t.gql(OPEN, { c: courseId, i: null }, trainer)).data!.setSelfEnrolment.selfEnrolInstitutionId).toBeNull();
    expect(await can(doctor)).toBe(false);
    expect(codeOf(await t.gql(ENROL_ME, { c: courseId }, doctor))).toBe('FORBIDDEN');

    const draft = (await t.gql('mutation($i: CourseInput!) { createCourse(input: $i) { id } }', { i: { ...COURSE_INPUT, title: 'Draft, open' } }, trainer)).data!.createCourse.id;
    expect((await t.gql(OPEN, { c: draft, i: await institution('KS-PH') }, trainer)).errors).toBeUndefined();
    expect(codeOf(await t.gql(ENROL_ME, { c: draft }, doctor))).toBe('NOT_FOUND');
  });

  it('opens a course only to institutions the trainer’s institute trains (FORBIDDEN with the reason, audited)', async () => {
    await t.dataSource.query(`DELETE FROM training_mandate`);
    const refused = await t.gql(OPEN, { c: courseId, i: await institution('KS-SL-CH') }, trainer);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toBe('Your institution does not train the staff of Shule County People’s Hospital: the course can be opened only to institutions it trains');
    const [denied] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.enrol-staff' AND outcome = 'DENIED' AND resource_id = $1`, [courseId]);
    expect(denied.details).toEqual({ reason: "no training mandate of the trainer's institution covers Shule County People’s Hospital" });
    // Its own institution it trains.
    expect((await t.gql(OPEN, { c: courseId, i: await institution('KS-TI') }, trainer)).errors).toBeUndefined();
    expect(codeOf(await t.gql(OPEN, { c: courseId, i: '00000000-0000-4000-8000-000000000000' }, trainer))).toBe('NOT_FOUND');
  });
});
