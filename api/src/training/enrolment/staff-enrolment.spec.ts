import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse, userId } from '../testing/training-fixtures.js';

const SEARCH = 'query($c: ID!, $s: String!) { trainableStaff(courseId: $c, search: $s) { id username displayName institutionName enrolled } }';
const ENROL = 'mutation($c: ID!, $u: ID!) { enrolStaff(courseId: $c, userId: $u) { id username institutionName enrolled newlyEnrolled } }';

describe.each(DATABASE_KINDS)('trainers enrol staff of the institutions they train (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let courseId: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee] = await Promise.all([t.signIn('trainer'), t.signIn('trainee')]);
    courseId = (await buildCourse(t, trainer)).courseId;
  });
  afterAll(() => t?.close());

  it('finds a person by username or name within the institutions the trainer’s institute trains, and enrols them once', async () => {
    const found = (await t.gql(SEARCH, { c: courseId, s: 'Rozi' }, trainer)).data!.trainableStaff;
    expect(found).toEqual([{ id: await userId(t, 'trainee'), username: 'trainee', displayName: 'Gulnar Rozi', institutionName: 'Hanerik Township Health Centre', enrolled: false }]);
    expect((await t.gql(SEARCH, { c: courseId, s: 'trai' }, trainer)).data!.trainableStaff.map((s: { username: string }) => s.username)).toEqual(['trainee', 'trainer']);
    // LIKE's wildcards are plain text in a search.
    expect((await t.gql(SEARCH, { c: courseId, s: '%%' }, trainer)).data!.trainableStaff).toEqual([]);
    expect(codeOf(await t.gql(SEARCH, { c: courseId, s: 'r' }, trainer))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SEARCH, { c: courseId, s: 'Rozi' }, trainee))).toBe('FORBIDDEN');

    const first = (await t.gql(ENROL, { c: courseId, u: found[0].id }, trainer)).data!.enrolStaff;
    expect(first).toEqual({ id: found[0].id, username: 'trainee', institutionName: 'Hanerik Township Health Centre', enrolled: true, newlyEnrolled: true });
    expect((await t.gql(ENROL, { c: courseId, u: found[0].id }, trainer)).data!.enrolStaff.newlyEnrolled).toBe(false);
    expect((await t.gql(SEARCH, { c: courseId, s: 'Rozi' }, trainer)).data!.trainableStaff[0].enrolled).toBe(true);
    const [row] = await t.dataSource.query(`SELECT e.status, i.code FROM enrolment e JOIN institution i ON i.id = e.institution_id WHERE e.course_id = $1 AND e.user_id = $2`, [courseId, found[0].id]);
    expect(row).toEqual({ status: 'ENROLLED', code: 'KS-SL-T02' });
    expect(await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.enrol-staff' AND resource_id = $1 ORDER BY occurred_at`, [courseId])).toEqual([
      { details: { userId: found[0].id, newly: true } },
      { details: { userId: found[0].id, newly: false } },
    ]);
    // Someone who is not a trainer of the course may not enrol anyone this way.
    expect(codeOf(await t.gql(ENROL, { c: courseId, u: await userId(t, 'doctor') }, trainee))).toBe('FORBIDDEN');
  });

  it('refuses staff of an institution the trainer’s institute does not train, with the reason, audited', async () => {
    // Without the institute's mandate over the region, only its own staff are its trainers' to enrol.
    await t.dataSource.query(`DELETE FROM training_mandate`);
    const doctor = await userId(t, 'doctor');
    const refused = await t.gql(ENROL, { c: courseId, u: doctor }, trainer);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toBe('Your institution does not train the staff of Tokuzak Township Health Centre: ask an admin there to enrol them, or for a training mandate');
    const [denied] = await t.dataSource.query(`SELECT outcome, details FROM audit_event WHERE action = 'training.enrol-staff' AND outcome = 'DENIED' AND resource_id = $1`, [courseId]);
    expect(denied).toEqual({ outcome: 'DENIED', details: { reason: "no training mandate of the trainer's institution covers Tokuzak Township Health Centre" } });
    expect(await t.dataSource.query(`SELECT 1 FROM enrolment WHERE course_id = $1 AND user_id = $2`, [courseId, doctor])).toEqual([]);
    expect((await t.gql(SEARCH, { c: courseId, s: 'Ablimit' }, trainer)).data!.trainableStaff).toEqual([]);
    // Their own institution's staff still are.
    expect((await t.gql(SEARCH, { c: courseId, s: 'Zhang' }, trainer)).data!.trainableStaff.map((s: { username: string }) => s.username)).toEqual(['trainer']);
  });

  it('lets the trained institution’s admins grant and withdraw a mandate, which opens and closes enrolment by the trainers', async () => {
    const admin = await t.signIn('admin');
    const code = async (c: string) => (await t.dataSource.query(`SELECT id FROM institution WHERE code = $1`, [c]))[0].id as string;
    const [institute, shufu, hospital] = [await code('KS-TI'), await code('KS-SF-CH'), await code('KS-PH')];
    const SET = 'mutation($t: ID!, $i: ID!, $g: Boolean!) { setTrainingMandate(trainerInstitutionId: $t, institutionId: $i, granted: $g) }';
    expect(codeOf(await t.gql(SET, { t: institute, i: shufu, g: true }, trainer))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(SET, { t: hospital, i: shufu, g: true }, admin))).toBe('BAD_USER_INPUT'); // not a training institute
    expect((await t.gql(SET, { t: institute, i: shufu, g: true }, admin)).data).toEqual({ setTrainingMandate: true });
    expect((await t.gql('{ trainingMandates { trainerInstitutionName institutionName } }', {}, admin)).data!.trainingMandates).toEqual([
      { trainerInstitutionName: 'Kashgar Medical Training Institute', institutionName: 'Shufu County People’s Hospital' },
    ]);
    // Tokuzak is under Shufu: its doctor is now the institute's trainers' to enrol.
    const doctor = await userId(t, 'doctor');
    expect((await t.gql(ENROL, { c: courseId, u: doctor }, trainer)).data!.enrolStaff).toMatchObject({ username: 'doctor', newlyEnrolled: true });
    expect((await t.gql(SET, { t: institute, i: shufu, g: false }, admin)).data).toEqual({ setTrainingMandate: false });
    expect((await t.gql(SEARCH, { c: courseId, s: 'Ablimit' }, trainer)).data!.trainableStaff).toEqual([]);
    const trail = await t.dataSource.query(`SELECT action, outcome FROM audit_event WHERE action LIKE 'training.mandate-%' ORDER BY occurred_at`);
    expect(trail.map((r: { action: string; outcome: string }) => `${r.action} ${r.outcome}`)).toEqual([
      'training.mandate-manage DENIED', // the trainer's try
      'training.mandate-grant SUCCESS',
      'training.mandate-withdraw SUCCESS',
    ]);
  });
});
