import { randomUUID } from 'node:crypto';
import { pdfText } from '../../testing/pdf-text.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { newVerificationCode } from './certificate-code.js';
import { VERIFY_LIMIT_PER_MINUTE } from './certificates.service.js';
import { buildCourse, type BuiltCourse, COURSE_INPUT, rightAnswer, userId } from '../testing/training-fixtures.js';

const PROGRESS = 'lessonsTotal lessonsDone attendanceMinutes examPassed completed certificate { id status verificationCode holderName institutionName creditHours expiresAt pdfUrl }';
const VERIFY = 'query($c: String!) { verifyCertificate(code: $c) { status holderName courseTitle issuerName signerName signerTitle creditHours revokedReason } }';
const SIGNER = { certificateSignerName: 'Dr. Aziz Hamit', certificateSignerTitle: 'Director of training' };
const CERT = 'id status verificationCode renewsId supersededBy revokedReason';

describe.each(DATABASE_KINDS)('course completion, certificates and live sessions (%s)', (kind) => {
  let t: TestApp;
  let trainer: string;
  let trainee: string;
  let doctor: string;
  let admin: string;
  let course: BuiltCourse;
  let certificate: { id: string; verificationCode: string };
  let renewed: { id: string; verificationCode: string };

  const passExam = async (token: string, examId: string) => {
    const attempt = (await t.gql(`mutation($id: ID!) { startExamAttempt(examId: $id) { id questions { question { id stem } } } }`, { id: examId }, token)).data!.startExamAttempt;
    for (const q of attempt.questions) {
      await t.gql('mutation($i: AnswerInput!) { saveAnswer(input: $i) { position } }', { i: { attemptId: attempt.id, questionId: q.question.id, ...rightAnswer(q.question.stem) } }, token);
    }
    const submitted = await t.gql('mutation($id: ID!) { submitExamAttempt(attemptId: $id) { passed } }', { id: attempt.id }, token);
    expect(submitted.data).toEqual({ submitExamAttempt: { passed: true } });
  };
  const progress = async (token: string, courseId: string) => (await t.gql(`query($id: ID!) { course(id: $id) { myProgress { ${PROGRESS} } } }`, { id: courseId }, token)).data!.course.myProgress;
  const enrol = (courseId: string, ...users: string[]) =>
    Promise.all(users.map((u) => userId(t, u))).then((ids) => t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: courseId, u: ids }, admin));

  beforeAll(async () => {
    t = await createTestApp(kind);
    [trainer, trainee, doctor, admin] = await Promise.all(['trainer', 'trainee', 'doctor', 'admin'].map((u) => t.signIn(u as 'trainer')));
    course = await buildCourse(t, trainer, { maxAttempts: 3 });
    await t.gql('mutation($id: ID!, $i: CourseInput!) { updateCourse(id: $id, input: $i) { id } }', { id: course.courseId, i: { ...COURSE_INPUT, ...SIGNER } }, trainer);
    await enrol(course.courseId, 'trainee');
  });
  afterAll(() => t?.close());

  it('issues the certificate once the lessons are done and the exam passed', async () => {
    expect(await progress(doctor, course.courseId)).toBeNull(); // not enrolled
    await passExam(trainee, course.examId);
    expect(await progress(trainee, course.courseId)).toMatchObject({ lessonsTotal: 2, lessonsDone: 0, examPassed: true, completed: false, certificate: null });
    await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id: course.lessonIds[0] }, trainee);
    const again = await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id: course.lessonIds[0] }, trainee);
    expect(again.data).toEqual({ completeLesson: { lessonsDone: 1 } });
    const done = (await t.gql(`mutation($id: ID!) { completeLesson(lessonId: $id) { ${PROGRESS} } }`, { id: course.lessonIds[1] }, trainee)).data!.completeLesson;
    expect(done).toMatchObject({ lessonsDone: 2, completed: true });
    expect(done.certificate).toMatchObject({ status: 'VALID', holderName: 'Gulnar Rozi', institutionName: 'Hanerik Township Health Centre', creditHours: COURSE_INPUT.creditHours });
    expect(done.certificate.verificationCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(done.certificate.pdfUrl).toBe(`/certificates/${done.certificate.id}.pdf`);
    const months = (new Date(done.certificate.expiresAt).getTime() - Date.now()) / (30.44 * 86_400_000);
    expect(Math.round(months)).toBe(24);
    certificate = done.certificate;
    // Reading progress again issues nothing more.
    await progress(trainee, course.courseId);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM certificate WHERE course_id = $1`, [course.courseId]);
    expect(count).toBe(1);
    expect((await t.gql('query($c: ID!) { courseReport(courseId: $c) { completed } }', { c: course.courseId }, trainer)).data).toEqual({ courseReport: { completed: 1 } });
  });

  it('lets anyone verify without signing in, and gives the holder a PDF with the code and its QR', async () => {
    const verified = await t.gql(VERIFY, { c: certificate.verificationCode });
    expect(verified.data!.verifyCertificate).toEqual({
      status: 'VALID',
      holderName: 'Gulnar Rozi',
      courseTitle: COURSE_INPUT.title,
      issuerName: 'Kashgar Medical Training Institute',
      signerName: SIGNER.certificateSignerName,
      signerTitle: SIGNER.certificateSignerTitle,
      creditHours: COURSE_INPUT.creditHours,
      revokedReason: null,
    });
    // Typed from paper: lower case, no dashes.
    expect((await t.gql(VERIFY, { c: certificate.verificationCode.replace(/-/g, '').toLowerCase() })).data!.verifyCertificate.status).toBe('VALID');

    const pdf = await fetch(`${t.url}/certificates/${certificate.id}.pdf`, { headers: { authorization: `Bearer ${trainee}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(`verify:${certificate.verificationCode}`);
    const text = pdfText(bytes).replace(/\s+/g, ' ');
    expect(text).toContain('Issued by Kashgar Medical Training Institute');
    expect(text).toContain(`${SIGNER.certificateSignerName} ${SIGNER.certificateSignerTitle}`);
    expect(text).toContain(`${COURSE_INPUT.creditHours} credit hours`);
    expect((await fetch(`${t.url}/certificates/${certificate.id}.pdf`, { headers: { authorization: `Bearer ${doctor}` } })).status).toBe(403);
    expect((await fetch(`${t.url}/certificates/${certificate.id}.pdf`)).status).toBe(401);
    expect((await fetch(`${t.url}/certificates/${certificate.id}.pdf`, { headers: { authorization: `Bearer ${trainer}` } })).status).toBe(200);
  });

  it('expires, and renews with a new code only after the exam is passed again', async () => {
    await t.dataSource.query(`UPDATE certificate SET expires_at = now() - interval '1 day' WHERE id = $1`, [certificate.id]);
    expect((await t.gql(VERIFY, { c: certificate.verificationCode })).data!.verifyCertificate.status).toBe('EXPIRED');
    const refused = await t.gql(`mutation($id: ID!) { renewCertificate(id: $id) { ${CERT} } }`, { id: certificate.id }, trainee);
    expect(codeOf(refused)).toBe('REQUIREMENTS_NOT_MET');
    await passExam(trainee, course.examId);
    renewed = (await t.gql(`mutation($id: ID!) { renewCertificate(id: $id) { ${CERT} } }`, { id: certificate.id }, trainee)).data!.renewCertificate;
    expect(renewed).toMatchObject({ status: 'VALID', renewsId: certificate.id });
    expect(renewed.verificationCode).not.toBe(certificate.verificationCode);
    const mine = (await t.gql(`query { myCertificates { ${CERT} } }`, {}, trainee)).data!.myCertificates;
    expect(mine).toEqual([expect.objectContaining({ id: renewed.id, status: 'VALID' }), expect.objectContaining({ id: certificate.id, status: 'EXPIRED', supersededBy: renewed.id })]);
    expect(codeOf(await t.gql(`mutation($id: ID!) { renewCertificate(id: $id) { id } }`, { id: certificate.id }, trainee))).toBe('CONFLICT');
  });

  it('is revoked by an admin only, with a reason shown publicly and audited; a revoked one is not re-issued or renewed', async () => {
    const revoke = 'mutation($id: ID!, $r: String!) { revokeCertificate(id: $id, reason: $r) { status revokedReason } }';
    expect(codeOf(await t.gql(revoke, { id: renewed.id, r: 'Cheating' }, trainee))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(revoke, { id: renewed.id, r: 'Cheating' }, trainer))).toBe('FORBIDDEN');
    const revoked = await t.gql(revoke, { id: renewed.id, r: 'Exam taken by someone else' }, admin);
    expect(revoked.data).toEqual({ revokeCertificate: { status: 'REVOKED', revokedReason: 'Exam taken by someone else' } });
    expect((await t.gql(VERIFY, { c: renewed.verificationCode })).data!.verifyCertificate).toMatchObject({ status: 'REVOKED', revokedReason: 'Exam taken by someone else' });
    expect(codeOf(await t.gql(revoke, { id: renewed.id, r: 'again' }, admin))).toBe('ILLEGAL_TRANSITION');
    expect(codeOf(await t.gql('mutation($id: ID!) { renewCertificate(id: $id) { id } }', { id: renewed.id }, trainee))).toBe('ILLEGAL_TRANSITION');
    const [audit] = await t.dataSource.query(`SELECT details FROM audit_event WHERE action = 'training.certificate-revoke' AND resource_id = $1`, [renewed.id]);
    expect(audit.details).toEqual({ reason: 'Exam taken by someone else' });
    await progress(trainee, course.courseId);
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM certificate WHERE course_id = $1`, [course.courseId]);
    expect(count).toBe(2);
    // The course's trainers and admins see every certificate of it, with its state; trainees do not.
    const listed = 'query($c: ID!) { courseCertificates(courseId: $c) { id status holderName } }';
    const forTrainer = (await t.gql(listed, { c: course.courseId }, trainer)).data!.courseCertificates as Array<{ id: string; status: string }>;
    expect(forTrainer.map((c) => c.status).sort()).toEqual(['EXPIRED', 'REVOKED']);
    expect((await t.gql(listed, { c: course.courseId }, admin)).data!.courseCertificates).toHaveLength(2);
    expect(codeOf(await t.gql(listed, { c: course.courseId }, trainee))).toBe('FORBIDDEN');
  });

  it('schedules live sessions whose attendance, from the media service’s reports, counts toward completion', async () => {
    const live = await buildCourse(t, trainer);
    await t.gql('mutation($id: ID!, $i: CourseInput!) { updateCourse(id: $id, input: $i) { id } }', { id: live.courseId, i: { ...COURSE_INPUT, requiredAttendanceMinutes: 30 } }, trainer);
    await enrol(live.courseId, 'doctor');
    await passExam(doctor, live.examId);
    for (const id of live.lessonIds) await t.gql('mutation($id: ID!) { completeLesson(lessonId: $id) { lessonsDone } }', { id }, doctor);
    expect(await progress(doctor, live.courseId)).toMatchObject({ completed: false, attendanceMinutes: 0, certificate: null });

    const scheduled = await t.gql('mutation($i: LiveSessionInput!) { scheduleLiveSession(input: $i) { id room } }', { i: { courseId: live.courseId, title: 'Live reading: BI-RADS 4', startsAt: new Date(Date.now() + 3_600_000).toISOString(), durationMinutes: 60 } }, trainer);
    const session = scheduled.data!.scheduleLiveSession;
    expect(session.room).toBe(`training:${session.id}`);
    expect(codeOf(await t.gql('mutation($i: LiveSessionInput!) { scheduleLiveSession(input: $i) { id } }', { i: { courseId: live.courseId, title: 'x', startsAt: new Date().toISOString(), durationMinutes: 60 } }, doctor))).toBe('FORBIDDEN');

    // The room shows the session's title and presenter, to the enrolled and the course's staff only.
    const one = 'query($id: ID!) { liveSession(id: $id) { title presenterName } }';
    expect((await t.gql(one, { id: session.id }, doctor)).data!.liveSession).toEqual({ title: 'Live reading: BI-RADS 4', presenterName: 'Zhang Min (Trainer)' });
    expect(codeOf(await t.gql(one, { id: session.id }, trainee))).toBe('NOT_ENROLLED');
    const join = 'mutation($id: ID!) { trainingSessionJoin(sessionId: $id) { room role token } }';
    expect((await t.gql(join, { id: session.id }, doctor)).data!.trainingSessionJoin).toMatchObject({ room: session.room, role: 'viewer' });
    expect((await t.gql(join, { id: session.id }, trainer)).data!.trainingSessionJoin).toMatchObject({ role: 'presenter' });
    expect(codeOf(await t.gql(join, { id: session.id }, trainee))).toBe('NOT_ENROLLED');

    // What the media service reported: the doctor was in the room for 31 minutes.
    await t.dataSource.query(`INSERT INTO media_attendance (peer_id, room, user_id, joined_at, left_at) VALUES ($1, $2, $3, now() - interval '31 minutes', now())`, [
      randomUUID(),
      session.room,
      await userId(t, 'doctor'),
    ]);
    const sessions = await t.gql('query($c: ID!) { liveSessions(courseId: $c) { id myAttendanceMinutes } }', { c: live.courseId }, doctor);
    expect(sessions.data!.liveSessions).toEqual([{ id: session.id, myAttendanceMinutes: 31 }]);
    expect(await progress(doctor, live.courseId)).toMatchObject({ completed: true, attendanceMinutes: 31, certificate: { status: 'VALID' } });
  });

  it('answers unknown codes plainly and rate-limits guessing per address', async () => {
    expect(codeOf(await t.gql(VERIFY, { c: newVerificationCode() }))).toBe('CERTIFICATE_NOT_FOUND');
    expect(codeOf(await t.gql(VERIFY, { c: 'not-a-code' }))).toBe('CERTIFICATE_NOT_FOUND');
    const codes: string[] = [];
    for (let i = 0; i < VERIFY_LIMIT_PER_MINUTE; i++) codes.push(codeOf(await t.gql(VERIFY, { c: newVerificationCode() }))!);
    expect(codes.at(-1)).toBe('RATE_LIMITED');
    // Even a real code is refused while the address is over its limit.
    expect(codeOf(await t.gql(VERIFY, { c: certificate.verificationCode }))).toBe('RATE_LIMITED');
  });
});
