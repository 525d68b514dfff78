import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, notFound } from '../../common/app-error.js';
import { DynamicBatcher } from '../../common/dynamic-batcher.js';
import { ErrorCode } from '../../common/error-codes.js';
import { preparedQuery } from '../../database/prepared-query.js';
import { returningRows } from '../../database/returning-rows.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import type { AnswerInput } from '../dto/training.input.js';
import type { AttemptQuestion } from '../dto/training.types.js';
import { ExamAttempt } from './exam-attempt.entity.js';
import { gradeAnswer } from './grade-answer.js';
import { Question } from './question.entity.js';
import { TrainingAccess } from '../training-access.service.js';
import { AttemptStatus, type QuestionKind, type QuestionState, ReviewAfter } from '../training-enums.js';

interface AttemptRow {
  id: string;
  exam_id: string;
  course_id: string;
  user_id: string;
  attempt_no: number;
  question_ids: string[];
  status: AttemptStatus;
  started_at: Date;
  deadline: Date;
  submitted_at: Date | null;
  score: number | null;
  passed: boolean | null;
}

type StartedRow = AttemptRow & { questions: Array<Record<string, unknown>> | string | null };

const ATTEMPT_COLUMNS = 'id, exam_id, course_id, user_id, attempt_no, question_ids, status, started_at, deadline, submitted_at, score, passed';
/** The same, qualified, for statements that join exam_attempt (as `a`) with another table. */
const ATTEMPT_COLUMNS_OF_A = ATTEMPT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ');

const toAttempt = (row: AttemptRow): ExamAttempt =>
  Object.assign(new ExamAttempt(), {
    id: row.id,
    examId: row.exam_id,
    courseId: row.course_id,
    userId: row.user_id,
    attemptNo: row.attempt_no,
    questionIds: row.question_ids,
    status: row.status,
    startedAt: new Date(row.started_at),
    deadline: new Date(row.deadline),
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    score: row.score,
    passed: row.passed,
  });

/** json columns: objects from pg, text from some drivers. */
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const closed = () => new AppError(ErrorCode.ATTEMPT_CLOSED, 'This attempt is closed: it was submitted or its time ran out');

/**
 * Timed exams, graded by the server. Built for a synchronised start of thousands of trainees: starting,
 * saving an answer and submitting are each a few indexed statements, and every rule that matters under
 * concurrency (one open attempt, the deadline, the draw, a single submission) is enforced by the statement
 * itself, not by a read followed by a write.
 */
@Injectable()
export class ExamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly access: TrainingAccess,
    private readonly certificates: CertificatesService,
  ) {}

  /** Starts an attempt (a fresh random draw, deadline by the server clock), or resumes the open one. */
  async start(actor: Actor, examId: string): Promise<ExamAttempt> {
    await this.policy.authorize(actor, 'training.take', {}, { type: 'exam', id: examId });
    const created = await this.create(actor.userId, examId);
    if (created) return created;
    // Not created: find out why, in words the trainee can act on (or resume the open attempt).
    const [exam]: Array<{ max_attempts: number; closes_at: Date | null; published: boolean; enrolment: string | null; bank: number; question_count: number; attempts: number; open: AttemptRow | string | null }> =
      await this.dataSource.query(
        `SELECT e.max_attempts, e.question_count, e.closes_at, c.published, en.status AS enrolment,
                (SELECT count(*)::int FROM question q WHERE q.course_id = e.course_id AND q.state = 'CURRENT') AS bank,
                (SELECT count(*)::int FROM exam_attempt a WHERE a.exam_id = e.id AND a.user_id = $2) AS attempts,
                (SELECT row_to_json(a) FROM exam_attempt a WHERE a.exam_id = e.id AND a.user_id = $2 AND a.status = 'IN_PROGRESS') AS open
         FROM exam e JOIN course c ON c.id = e.course_id
         LEFT JOIN enrolment en ON en.course_id = e.course_id AND en.user_id = $2
         WHERE e.id = $1`,
        [examId, actor.userId],
      );
    if (!exam) throw notFound('Exam');
    if (!exam.enrolment || exam.enrolment === 'WITHDRAWN') throw new AppError(ErrorCode.NOT_ENROLLED, 'You are not enrolled in this course');
    if (!exam.published) throw new AppError(ErrorCode.BAD_USER_INPUT, 'This course is not published yet');
    const closesAt = exam.closes_at ? new Date(exam.closes_at) : null;
    const examClosed = closesAt !== null && closesAt.getTime() <= Date.now();
    if (exam.open) {
      const open = toAttempt(json<AttemptRow>(exam.open));
      if (open.deadline.getTime() > Date.now()) return open;
      // Its time ran out while the trainee was away: close it (it counts as an attempt), then try a new one.
      await this.expire(open.id);
      const next = examClosed ? null : await this.create(actor.userId, examId);
      if (next) return next;
    }
    if (examClosed) throw new AppError(ErrorCode.EXAM_CLOSED, 'This exam has closed', { closesAt: closesAt.toISOString() });
    if (exam.attempts >= exam.max_attempts) {
      throw new AppError(ErrorCode.ATTEMPTS_EXHAUSTED, `You have used all ${exam.max_attempts} attempts at this exam`, { maxAttempts: exam.max_attempts });
    }
    if (exam.bank < exam.question_count) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The question bank has fewer questions than the exam draws; ask the trainer');
    }
    // Two starts at once (double click, two tabs): the other one won; both resume the same attempt.
    const [open]: AttemptRow[] = await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempt WHERE exam_id = $1 AND user_id = $2 AND status = 'IN_PROGRESS'`,
      [examId, actor.userId],
    );
    if (!open) throw new AppError(ErrorCode.CONFLICT, 'Another attempt was started at the same moment; try again');
    return toAttempt(open);
  }

  /**
   * The start burst's path: creates the attempt with its random draw when the trainee is enrolled, the
   * course published, an attempt is left, the bank is big enough and none is open (the partial unique index
   * settles simultaneous starts), and returns it with its questions. Null when any rule fails.
   */
  private async create(userId: string, examId: string): Promise<ExamAttempt | null> {
    const row = await this.starts.submit({ userId, examId });
    if (!row) return null;
    const attempt = toAttempt(row);
    attempt.drawn = json<Array<Record<string, unknown>>>(row.questions ?? []).map((q) => toAttemptQuestion({ ...q, options: null, point: null }, false));
    return attempt;
  }

  /**
   * Starts that arrive together (2,000 trainees pressing Start in the same second) are created by one
   * statement, and so one commit, per exam, instead of one each: the database's per-statement and per-commit
   * cost was most of a start's. A lone start runs at once.
   */
  private readonly starts = new DynamicBatcher<{ userId: string; examId: string }, StartedRow | null>((items) => this.createMany(items), {
    maxBatch: 200,
    maxWaitMs: 0,
    maxQueue: 20_000,
    name: 'Exam start',
  });

  private async createMany(items: Array<{ userId: string; examId: string }>): Promise<Array<StartedRow | null>> {
    const created = new Map<string, StartedRow>();
    for (const examId of new Set(items.map((i) => i.examId))) {
      const userIds = [...new Set(items.filter((i) => i.examId === examId).map((i) => i.userId))];
      const rows = await preparedQuery<StartedRow>(
        this.dataSource,
        'exam.start',
        `WITH allowed AS (
           SELECT e.id, e.course_id, e.question_count, e.time_limit_minutes, e.max_attempts, e.closes_at, u.user_id,
                  (SELECT count(*)::int FROM exam_attempt a WHERE a.exam_id = e.id AND a.user_id = u.user_id) AS attempts
           FROM exam e
           JOIN course c ON c.id = e.course_id AND c.published
           CROSS JOIN unnest($2::uuid[]) AS u(user_id)
           JOIN enrolment en ON en.course_id = e.course_id AND en.user_id = u.user_id AND en.status <> 'WITHDRAWN'
           WHERE e.id = $1 AND (e.closes_at IS NULL OR e.closes_at > now())
             AND NOT EXISTS (SELECT 1 FROM exam_attempt a WHERE a.exam_id = e.id AND a.user_id = u.user_id AND a.status = 'IN_PROGRESS')
             AND (SELECT count(*) FROM question q WHERE q.course_id = e.course_id AND q.state = 'CURRENT') >= e.question_count
         ), created AS (
           INSERT INTO exam_attempt (exam_id, course_id, user_id, attempt_no, question_ids, deadline)
           SELECT id, course_id, user_id, attempts + 1,
                  ARRAY(SELECT q.id FROM question q WHERE q.course_id = allowed.course_id AND q.state = 'CURRENT' ORDER BY random() LIMIT allowed.question_count),
                  LEAST(now() + make_interval(mins => time_limit_minutes), closes_at)
           FROM allowed WHERE attempts < max_attempts
           ON CONFLICT DO NOTHING RETURNING ${ATTEMPT_COLUMNS}
         )
         SELECT created.*,
                (SELECT json_agg(json_build_object('id', q.id, 'course_id', q.course_id, 'kind', q.kind, 'stem', q.stem,
                                                   'question_options', q.options, 'image_url', q.image_url, 'position', d.position,
                                                   'lineage_id', q.lineage_id, 'version', q.version, 'state', q.state, 'bank_position', q.position) ORDER BY d.position)
                 FROM unnest(created.question_ids) WITH ORDINALITY AS d(id, position) JOIN question q ON q.id = d.id) AS questions
         FROM created`,
        [examId, userIds],
      );
      for (const row of rows) created.set(`${examId}:${row.user_id}`, row);
    }
    return items.map((i) => created.get(`${i.examId}:${i.userId}`) ?? null);
  }

  /**
   * Autosave of one answer: an upsert that only lands while the attempt is the actor's, open, before its
   * deadline, and the question is part of its draw. It locks the attempt row (FOR SHARE), so it either
   * lands before a submission or is refused after it: never lost, never counted after grading.
   */
  async saveAnswer(actor: Actor, input: AnswerInput): Promise<AttemptQuestion> {
    const options = input.options ?? null;
    const point = input.point ?? null;
    if (options === null && point === null) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give options or a point');
    if (point !== null && point.length !== 2) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A point is [x, y]', { field: 'point' });
    const rows = await preparedQuery<Record<string, unknown>>(
      this.dataSource,
      'exam.save-answer',
      // The attempt is found by its key alone and its state checked afterwards: the moment a burst starts,
      // the planner's statistics still say no attempt is open and would pick the open-attempts index (all of
      // them scanned) for a lookup that names the status.
      `WITH attempt AS (
         SELECT id, question_ids, status, deadline FROM exam_attempt WHERE id = $1 AND user_id = $5 FOR SHARE
       ), saved AS (
         INSERT INTO exam_answer (attempt_id, question_id, options, point)
         SELECT a.id, $2::uuid, $3::jsonb, $4::jsonb FROM attempt a
         WHERE a.status = 'IN_PROGRESS' AND a.deadline > now() AND $2::uuid = ANY (a.question_ids)
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET options = excluded.options, point = excluded.point, saved_at = now()
         RETURNING question_id, options, point
       )
       SELECT q.id, q.course_id, q.kind, q.stem, q.options AS question_options, q.image_url, q.lineage_id, q.version, q.state, q.position AS bank_position, s.options, s.point,
              (SELECT array_position(a.question_ids, q.id) FROM attempt a) AS position
       FROM saved s JOIN question q ON q.id = s.question_id`,
      [input.attemptId, input.questionId, options === null ? null : JSON.stringify(options), point === null ? null : JSON.stringify(point), actor.userId],
    );
    if (rows[0]) return toAttemptQuestion(rows[0], false);
    throw await this.whyNotSaved(actor, input);
  }

  /** Grades on the server and closes the attempt; a second submission is refused (ATTEMPT_CLOSED). */
  async submit(actor: Actor, attemptId: string): Promise<ExamAttempt> {
    const attempt = await this.close(attemptId, { userId: actor.userId });
    if (!attempt) {
      await this.owned(actor, attemptId);
      throw closed();
    }
    await this.afterGrading(attempt);
    return attempt;
  }

  /** The attempt for its owner, or for the course's staff once it is closed. An open attempt past its deadline is closed first. */
  async attempt(actor: Actor, id: string): Promise<ExamAttempt> {
    const [row]: AttemptRow[] = await this.dataSource.query(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempt WHERE id = $1`, [id]);
    if (!row) throw notFound('Attempt');
    let attempt = toAttempt(row);
    if (attempt.userId !== actor.userId) {
      const course = await this.access.course(attempt.courseId);
      if (attempt.status === AttemptStatus.IN_PROGRESS || !(await this.access.isStaff(actor, course))) throw notFound('Attempt');
    }
    if (attempt.status === AttemptStatus.IN_PROGRESS && attempt.deadline.getTime() <= Date.now()) attempt = (await this.expire(attempt.id)) ?? attempt;
    return attempt;
  }

  async myAttempts(actor: Actor, examId: string): Promise<ExamAttempt[]> {
    const rows: AttemptRow[] = await this.dataSource.query(
      `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempt WHERE exam_id = $1 AND user_id = $2 ORDER BY attempt_no`,
      [examId, actor.userId],
    );
    const attempts = rows.map(toAttempt);
    for (const [i, a] of attempts.entries()) {
      if (a.status === AttemptStatus.IN_PROGRESS && a.deadline.getTime() <= Date.now()) attempts[i] = (await this.expire(a.id)) ?? a;
    }
    return attempts;
  }

  /**
   * The draw in order, with saved answers; correctness only once graded, and the key with the trainer's
   * explanation once the review is open (see reviewOpensAt): at once for the course's authors, never for other
   * staff. One statement (none for a new attempt).
   */
  async questionsOf(actor: Actor, attempt: ExamAttempt): Promise<AttemptQuestion[]> {
    if (attempt.drawn) return attempt.drawn;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT q.id, q.course_id, q.kind, q.stem, q.options AS question_options, q.image_url, q.lineage_id, q.version, q.state, q.position AS bank_position, d.position, a.options, a.point, a.correct,
              q.correct_options, q.lesion_box, q.explanation
       FROM unnest($1::uuid[]) WITH ORDINALITY AS d(id, position)
       JOIN question q ON q.id = d.id
       LEFT JOIN exam_answer a ON a.attempt_id = $2 AND a.question_id = d.id
       ORDER BY d.position`,
      [attempt.questionIds, attempt.id],
    );
    const graded = attempt.status !== AttemptStatus.IN_PROGRESS;
    // The key is the authors' (questionKeys' rule): other staff (admins) see the answers and their grading only.
    const review = graded && (actor.userId === attempt.userId ? (await this.reviewOpensAt(attempt)) === null : await this.access.can(actor, 'training.author', await this.access.course(attempt.courseId)));
    return rows.map((r) => ({
      ...toAttemptQuestion(r, graded),
      review: review ? { questionId: r.id as string, correctOptions: r.correct_options as number[], lesionBox: (r.lesion_box as number[] | null) ?? null, explanation: r.explanation as string } : null,
    }));
  }

  /**
   * While a closed attempt's answers and explanations are held back, when they will be shown (the exam's
   * closing time); null once they are shown, and for an open attempt, whose review is not due.
   */
  reviewOpensAt(attempt: ExamAttempt): Promise<Date | null> {
    attempt.reviewOpens ??= this.readReviewOpensAt(attempt);
    return attempt.reviewOpens;
  }

  private async readReviewOpensAt(attempt: ExamAttempt): Promise<Date | null> {
    if (attempt.status === AttemptStatus.IN_PROGRESS) return null;
    const [exam]: Array<{ review_after: ReviewAfter; closes_at: Date | null }> = await this.dataSource.query(`SELECT review_after, closes_at FROM exam WHERE id = $1`, [attempt.examId]);
    if (exam?.review_after !== ReviewAfter.CLOSE || !exam.closes_at) return null;
    const closesAt = new Date(exam.closes_at);
    return closesAt.getTime() > Date.now() ? closesAt : null;
  }

  /** Closes every open attempt past its deadline as EXPIRED, graded on its saved answers. Returns how many. */
  async sweep(): Promise<number> {
    const due: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM exam_attempt WHERE status = 'IN_PROGRESS' AND deadline <= now() ORDER BY deadline LIMIT 500`,
    );
    let closedCount = 0;
    for (const { id } of due) if (await this.expire(id)) closedCount += 1;
    return closedCount;
  }

  private async expire(id: string): Promise<ExamAttempt | null> {
    const attempt = await this.close(id, { expiredOnly: true });
    if (attempt) await this.afterGrading(attempt);
    return attempt;
  }

  /**
   * Closes and grades in one transaction. The conditional status update is the gate: only the call that
   * moves the attempt out of IN_PROGRESS grades it, so a second submission or a race with the sweep counts nothing twice.
   * Past the deadline the attempt becomes EXPIRED (graded on the answers saved in time).
   */
  private async close(id: string, only: { userId?: string; expiredOnly?: boolean }): Promise<ExamAttempt | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = returningRows<AttemptRow>(
        await manager.query(
          // Locked by its key, then gated on the state it has once locked (see saveAnswer for why the status
          // stays out of the lookup).
          `WITH target AS (
             SELECT id, status AS was, deadline FROM exam_attempt WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2::uuid) FOR UPDATE
           )
           UPDATE exam_attempt a
           SET status = CASE WHEN a.deadline <= now() THEN 'EXPIRED' ELSE 'SUBMITTED' END,
               submitted_at = LEAST(now(), a.deadline)
           FROM target
           WHERE a.id = target.id AND target.was = 'IN_PROGRESS' AND (NOT $3::boolean OR target.deadline <= now())
           RETURNING ${ATTEMPT_COLUMNS_OF_A}`,
          [id, only.userId ?? null, only.expiredOnly ?? false],
        ),
      );
      return row ? this.grade(manager, toAttempt(row)) : null;
    });
  }

  private async grade(manager: EntityManager, attempt: ExamAttempt): Promise<ExamAttempt> {
    const rows: Array<{ id: string; kind: QuestionKind; correct_options: number[]; lesion_box: number[] | null; options: number[] | null; point: number[] | null; answered: boolean }> =
      await manager.query(
        `SELECT q.id, q.kind, q.correct_options, q.lesion_box, a.options, a.point, a.attempt_id IS NOT NULL AS answered
         FROM question q LEFT JOIN exam_answer a ON a.attempt_id = $1 AND a.question_id = q.id
         WHERE q.id = ANY ($2::uuid[])`,
        [attempt.id, attempt.questionIds],
      );
    const verdicts = rows.map((r) => ({
      id: r.id,
      answered: r.answered,
      correct: gradeAnswer({ kind: r.kind, correctOptions: r.correct_options, lesionBox: r.lesion_box }, r.answered ? { options: r.options, point: r.point } : null),
    }));
    const answered = verdicts.filter((v) => v.answered);
    const score = verdicts.filter((v) => v.correct).length / Math.max(1, attempt.questionIds.length);
    // Each answer's verdict (for item statistics) and the attempt's score, in one statement.
    const updated: unknown = await manager.query(
      `WITH marked AS (
         UPDATE exam_answer a SET correct = v.correct FROM unnest($3::uuid[], $4::boolean[]) AS v(question_id, correct)
         WHERE a.attempt_id = $1 AND a.question_id = v.question_id
       )
       UPDATE exam_attempt a SET score = CAST($2 AS real), passed = CAST($2 AS real) >= e.passing_score
       FROM exam e WHERE a.id = $1 AND e.id = a.exam_id
       RETURNING ${ATTEMPT_COLUMNS_OF_A}`,
      [attempt.id, score, answered.map((v) => v.id), answered.map((v) => v.correct)],
    );
    return toAttempt(returningRows<AttemptRow>(updated)[0]!);
  }

  /** A pass may complete the course: the certificate is issued now rather than on the next visit. */
  private async afterGrading(attempt: ExamAttempt): Promise<void> {
    if (!attempt.passed) return;
    await this.certificates.progress(attempt.userId, await this.access.course(attempt.courseId));
  }

  private async owned(actor: Actor, attemptId: string): Promise<AttemptRow> {
    const [row]: AttemptRow[] = await this.dataSource.query(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempt WHERE id = $1 AND user_id = $2`, [attemptId, actor.userId]);
    if (!row) throw notFound('Attempt');
    return row;
  }

  /** Only on the refusal path: which rule the autosave broke, in words the trainee can act on. */
  private async whyNotSaved(actor: Actor, input: AnswerInput): Promise<AppError> {
    const row = await this.owned(actor, input.attemptId);
    if (row.status === AttemptStatus.IN_PROGRESS && new Date(row.deadline).getTime() <= Date.now()) {
      await this.expire(row.id);
      return new AppError(ErrorCode.ATTEMPT_CLOSED, 'The time limit has passed: the attempt was closed and graded on the answers saved in time');
    }
    if (row.status !== AttemptStatus.IN_PROGRESS) return closed();
    return new AppError(ErrorCode.QUESTION_NOT_IN_ATTEMPT, 'That question is not part of this attempt', { questionId: input.questionId });
  }
}

function toAttemptQuestion(r: Record<string, unknown>, graded: boolean): AttemptQuestion {
  const question = Object.assign(new Question(), {
    id: r.id as string,
    courseId: r.course_id as string,
    kind: r.kind as QuestionKind,
    stem: r.stem as string,
    options: r.question_options as string[],
    imageUrl: (r.image_url as string | null) ?? null,
    // The version the attempt was drawn with, which may since have been edited (superseded) or retired.
    lineageId: r.lineage_id as string,
    version: Number(r.version),
    state: r.state as QuestionState,
    position: Number(r.bank_position),
  });
  const answered = r.options !== null || r.point !== null;
  return {
    position: Number(r.position),
    question,
    savedAnswer: answered ? { options: (r.options as number[] | null) ?? null, point: (r.point as number[] | null) ?? null } : null,
    correct: graded ? ((r.correct as boolean | null) ?? false) : null,
    review: null,
  };
}
