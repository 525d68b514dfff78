import type { Consult } from '../../core/models/consult';
import { certificateReminders, doctorTasks, type HeldCertificate, specialistTasks, type TrainingCourse, trainingTasks, uploadTasks } from './home-tasks';

const consult = (id: string, fields: Partial<Consult>): Consult => ({
  id,
  studyId: `study-${id}`,
  patientId: 'patient',
  region: 'BREAST',
  status: 'REQUESTED',
  urgency: 'ROUTINE',
  clinicalQuestion: 'Lump?',
  aiRisk: null,
  requestedAt: '2026-03-01T08:00:00Z',
  requestedBy: 'doctor',
  requestingInstitutionId: 'clinic',
  targetInstitutionId: null,
  offeredAt: null,
  claimedAt: null,
  claimedBy: null,
  claimedByName: null,
  signedAt: null,
  closedAt: null,
  escalations: 0,
  ...fields,
});

describe('doctorTasks', () => {
  const mine = [
    consult('old-report', { status: 'SIGNED', signedAt: '2026-03-02T08:00:00Z' }),
    consult('new-report', { status: 'SIGNED', signedAt: '2026-03-05T08:00:00Z' }),
    consult('newer-amended', { status: 'AMENDED', signedAt: '2026-03-06T08:00:00Z' }),
    consult('waiting', { status: 'OFFERED' }),
    consult('in-review', { status: 'IN_REVIEW' }),
    consult('cancelled', { status: 'CANCELLED', closedAt: '2026-03-07T08:00:00Z' }),
  ];

  it('puts reports signed since the last visit first, newest first, and marks them new', () => {
    const { reportsBack } = doctorTasks(mine, '2026-03-04T00:00:00Z');
    expect(reportsBack.map((c) => [c.id, c.isNew])).toEqual([
      ['newer-amended', true],
      ['new-report', true],
      ['old-report', false],
    ]);
  });

  it('marks every report new on a first visit', () => {
    expect(doctorTasks(mine, null).reportsBack.every((c) => c.isNew)).toBe(true);
  });

  it('lists the requests still waiting, never closed ones', () => {
    expect(doctorTasks(mine, null).waiting.map((c) => c.id)).toEqual(['waiting', 'in-review']);
  });
});

describe('specialistTasks', () => {
  const open = [
    consult('r1', { status: 'OFFERED', urgency: 'ROUTINE' }),
    consult('e1', { status: 'OFFERED', urgency: 'EMERGENCY' }),
    consult('r2', { status: 'OFFERED', urgency: 'ROUTINE' }),
    consult('theirs', { status: 'CLAIMED', claimedBy: 'someone-else', claimedAt: '2026-03-01T00:00:00Z' }),
  ];
  /** As myClaimedConsults answers: the specialist's own, including those whose report waits for the signature. */
  const claimed = [
    consult('late-claim', { status: 'IN_REVIEW', claimedBy: 'me', claimedAt: '2026-03-03T00:00:00Z' }),
    consult('to-sign', { status: 'REPORTED', claimedBy: 'me', claimedAt: '2026-03-04T00:00:00Z' }),
    consult('early-claim', { status: 'CLAIMED', claimedBy: 'me', claimedAt: '2026-03-02T00:00:00Z' }),
  ];

  it('counts offered requests per urgency, most urgent first, zero counts included', () => {
    expect(specialistTasks(open, false, claimed).offeredByUrgency).toEqual([
      { urgency: 'EMERGENCY', count: 1 },
      { urgency: 'URGENT', count: 0 },
      { urgency: 'ROUTINE', count: 2 },
    ]);
  });

  it("lists the specialist's claims oldest first, marks those waiting for the signature, and passes on whether more are offered", () => {
    const tasks = specialistTasks(open, true, claimed);
    expect(tasks.claimed.map((c) => [c.id, c.awaitingSignature])).toEqual([
      ['early-claim', false],
      ['late-claim', false],
      ['to-sign', true],
    ]);
    expect(tasks.moreOffered).toBe(true);
  });
});

describe('trainingTasks', () => {
  const now = Date.parse('2026-03-10T10:00:00Z');
  const session = (id: string, startsAt: string, presenterId = 'trainer', durationMinutes = 60) => ({ id, title: `Session ${id}`, startsAt, durationMinutes, presenterId });
  const courses: TrainingCourse[] = [
    {
      id: 'breast',
      title: 'Breast',
      myProgress: { examPassed: false },
      exam: { title: 'Breast exam' },
      liveSessions: [session('over', '2026-03-10T08:00:00Z'), session('running', '2026-03-10T09:30:00Z'), session('later', '2026-03-12T09:00:00Z', 'other')],
    },
    { id: 'thyroid', title: 'Thyroid', myProgress: { examPassed: true }, exam: { title: 'Thyroid exam' }, liveSessions: [session('soon', '2026-03-11T09:00:00Z')] },
    { id: 'liver', title: 'Liver', myProgress: null, exam: { title: 'Liver exam' }, liveSessions: [session('not-enrolled', '2026-03-10T12:00:00Z')] },
  ];

  it('shows a trainee the sessions of their courses not over yet, soonest first, and the exams not passed', () => {
    const tasks = trainingTasks(courses, { now, userId: 'trainee', trainer: false });
    expect(tasks.sessions.map((s) => s.id)).toEqual(['running', 'soon', 'later']);
    expect(tasks.sessions[0]).toEqual({ id: 'running', title: 'Session running', startsAt: '2026-03-10T09:30:00Z', durationMinutes: 60, courseId: 'breast', courseTitle: 'Breast' });
    expect(tasks.exams).toEqual([{ courseId: 'breast', courseTitle: 'Breast', examTitle: 'Breast exam' }]);
  });

  it('shows a trainer only the sessions they present, and no exams', () => {
    const tasks = trainingTasks(courses, { now, userId: 'trainer', trainer: true });
    expect(tasks.sessions.map((s) => s.id)).toEqual(['running', 'not-enrolled', 'soon']);
    expect(tasks.exams).toEqual([]);
  });

  it('shows at most five sessions', () => {
    const many: TrainingCourse[] = [
      { id: 'c', title: 'C', myProgress: { examPassed: true }, exam: null, liveSessions: Array.from({ length: 7 }, (_, i) => session(`s${i}`, `2026-03-2${i}T09:00:00Z`)) },
    ];
    expect(trainingTasks(many, { now, userId: 'trainee', trainer: false }).sessions.map((s) => s.id)).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });
});

describe('uploadTasks', () => {
  it("lists this tab's uploads first, then the server's unfinished ones the tab has no file for, with their share sent", () => {
    const inTab = [{ id: 'u1', studyId: 's1', fileName: 'a.dcm', percent: 40, state: 'paused' as const }, { id: null, studyId: 's1', fileName: 'b.png', percent: 0, state: 'failed' as const }];
    const onServer = [
      { id: 'u1', studyId: 's1', fileName: 'a.dcm', length: 100, received: 40 },
      { id: 'u2', studyId: 's2', fileName: null, length: 300, received: 200 },
    ];
    expect(uploadTasks(inTab, onServer)).toEqual([...inTab, { id: 'u2', studyId: 's2', fileName: '', percent: 66, state: 'left' }]);
  });
});

describe('certificateReminders', () => {
  const now = Date.parse('2026-03-10T10:00:00Z');
  const held = (id: string, expiresAt: string, fields: Partial<HeldCertificate> = {}): HeldCertificate => ({
    id,
    courseId: `course-${id}`,
    courseTitle: `Course ${id}`,
    expiresAt,
    status: Date.parse(expiresAt) <= now ? 'EXPIRED' : 'VALID',
    supersededBy: null,
    ...fields,
  });

  it('lists the current certificate of each course that expired or expires within 60 days, soonest first', () => {
    const reminders = certificateReminders(
      [
        held('in-a-year', '2027-03-10T10:00:00Z'),
        held('in-30-days', '2026-04-09T10:00:00Z'),
        held('expired', '2026-02-01T10:00:00Z'),
        // Renewed already, or revoked: nothing to remind.
        held('renewed', '2026-02-15T10:00:00Z', { supersededBy: 'in-a-year' }),
        held('revoked', '2026-03-20T10:00:00Z', { status: 'REVOKED' }),
        held('in-59-days', '2026-05-08T10:00:00Z'),
        held('in-61-days', '2026-05-10T10:00:00Z'),
      ],
      now,
    );
    expect(reminders.map((r) => [r.id, r.expired])).toEqual([
      ['expired', true],
      ['in-30-days', false],
      ['in-59-days', false],
    ]);
  });
});
