import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { CertificatesService } from '../certificates/certificates.service.js';
import { Course } from './course.entity.js';
import { CourseModule } from './course-module.entity.js';
import type { CourseInput, ExamInput } from '../dto/training.input.js';
import type { CourseProgress, CourseReport } from '../dto/training.types.js';
import { Exam } from '../exams/exam.entity.js';
import { Lesson } from './lesson.entity.js';
import { TrainingAccess } from '../training-access.service.js';
import { ReviewAfter } from '../training-enums.js';

/** Courses and their exam settings, the catalogue, lesson progress, direct enrolment and reports. */
@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly certificates: CertificatesService,
  ) {}

  /** Trainers and admins: every course; everyone else: the published catalogue and the courses they are enrolled in. */
  async list(actor: Actor): Promise<Course[]> {
    if (await this.policy.can(actor, 'training.catalogue-all', {})) return this.dataSource.getRepository(Course).find({ order: { createdAt: 'DESC' } });
    return this.dataSource
      .getRepository(Course)
      .createQueryBuilder('c')
      .where('c.published OR EXISTS (SELECT 1 FROM enrolment e WHERE e.course_id = c.id AND e.user_id = :user)', { user: actor.userId })
      .orderBy('c.createdAt', 'DESC')
      .getMany();
  }

  async get(actor: Actor, id: string): Promise<Course> {
    const course = await this.access.course(id);
    await this.access.assertReadable(actor, course);
    return course;
  }

  /** A new course belongs to the institution where the actor is a trainer. */
  async create(actor: Actor, input: CourseInput): Promise<Course> {
    const institutionId = actor.roles.find((r) => r.role === Role.TRAINER)?.institutionId;
    await this.policy.authorize(actor, 'training.author', { institutionIds: institutionId ? [institutionId] : [] }, { type: 'course' });
    const id = await this.audit.transaction(async (tx) => {
      const saved = await tx.manager.save(Course, { ...fields(input), institutionId: institutionId!, createdBy: actor.userId });
      await tx.audit({ actor, action: 'training.course-create', resourceType: 'course', resourceId: saved.id, institutionId });
      return saved.id;
    });
    return this.access.course(id);
  }

  async update(actor: Actor, id: string, input: CourseInput): Promise<Course> {
    const course = await this.access.course(id);
    await this.access.authorize(actor, 'training.author', course);
    await this.dataSource.getRepository(Course).update({ id }, fields(input));
    return this.access.course(id);
  }

  async publish(actor: Actor, id: string): Promise<Course> {
    const course = await this.access.course(id);
    await this.access.authorize(actor, 'training.author', course);
    const lessons = await this.dataSource.getRepository(Lesson).countBy({ courseId: id });
    if (lessons === 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Add at least one lesson before publishing');
    await this.audit.transaction(async (tx) => {
      await tx.manager.update(Course, { id }, { published: true });
      await tx.audit({ actor, action: 'training.course-publish', resourceType: 'course', resourceId: id, institutionId: course.institutionId });
    });
    return this.access.course(id);
  }

  /**
   * One exam per course; setting it again changes the rules for attempts started from then on. A review held
   * back until the exam closes needs the time it closes.
   */
  async setExam(actor: Actor, input: ExamInput): Promise<Exam> {
    const course = await this.access.course(input.courseId);
    await this.access.authorize(actor, 'training.author', course);
    const reviewAfter = input.reviewAfter ?? ReviewAfter.SUBMISSION;
    const closesAt = input.closesAt ?? null;
    if (reviewAfter === ReviewAfter.CLOSE && !closesAt) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give the time the exam closes, after which the answers are shown', { field: 'closesAt' });
    }
    await this.audit.transaction(async (tx) => {
      const [exam]: Array<{ id: string }> = await tx.manager.query(
        `INSERT INTO exam (course_id, title, question_count, time_limit_minutes, passing_score, max_attempts, review_after, closes_at)
         VALUES ($1, $2, $3, $4, CAST($5 AS real), $6, $7, $8)
         ON CONFLICT (course_id) DO UPDATE SET title = excluded.title, question_count = excluded.question_count,
           time_limit_minutes = excluded.time_limit_minutes, passing_score = excluded.passing_score, max_attempts = excluded.max_attempts,
           review_after = excluded.review_after, closes_at = excluded.closes_at
         RETURNING id`,
        [course.id, input.title, input.questionCount, input.timeLimitMinutes, input.passingScore, input.maxAttempts, reviewAfter, closesAt],
      );
      await tx.audit({
        actor,
        action: 'training.exam-set',
        resourceType: 'exam',
        resourceId: exam!.id,
        institutionId: course.institutionId,
        details: { reviewAfter, closesAt: closesAt?.toISOString() ?? null },
      });
    });
    return this.dataSource.getRepository(Exam).findOneByOrFail({ courseId: course.id });
  }

  modules(courseId: string): Promise<CourseModule[]> {
    return this.dataSource.getRepository(CourseModule).find({ where: { courseId }, order: { position: 'ASC' } });
  }

  lessons(moduleId: string): Promise<Lesson[]> {
    return this.dataSource.getRepository(Lesson).find({ where: { moduleId }, order: { position: 'ASC' } });
  }

  exam(courseId: string): Promise<Exam | null> {
    return this.dataSource.getRepository(Exam).findOneBy({ courseId });
  }

  async completedByMe(actor: Actor, lessonId: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM lesson_completion WHERE user_id = $1 AND lesson_id = $2`, [actor.userId, lessonId]);
    return rows.length > 0;
  }

  /** Null when the actor is not enrolled. */
  async myProgress(actor: Actor, course: Course): Promise<CourseProgress | null> {
    if (!(await this.access.enrolment(actor.userId, course.id))) return null;
    return this.certificates.progress(actor.userId, course);
  }

  async completeLesson(actor: Actor, lessonId: string): Promise<CourseProgress> {
    const lesson = await this.dataSource.getRepository(Lesson).findOneBy({ id: lessonId });
    if (!lesson) throw notFound('Lesson');
    const course = await this.access.course(lesson.courseId);
    await this.access.assertEnrolled(actor, course);
    await this.dataSource.query(
      `INSERT INTO lesson_completion (user_id, lesson_id, course_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [actor.userId, lesson.id, course.id],
    );
    return this.certificates.progress(actor.userId, course);
  }

  /** Enrols existing users (at the institution of their first role); returns how many were newly enrolled. */
  async enrol(actor: Actor, courseId: string, userIds: string[]): Promise<number> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.enrol', course);
    const ids = [...new Set(userIds)];
    const found: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM app_user WHERE id = ANY ($1::uuid[])`, [ids]);
    if (found.length !== ids.length) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Some of these users do not exist', { field: 'userIds' });
    return this.audit.transaction(async (tx) => {
      const inserted: unknown[] = await tx.manager.query(
        `INSERT INTO enrolment (course_id, user_id, institution_id)
         SELECT $1, u.id, (SELECT ra.institution_id FROM role_assignment ra WHERE ra.user_id = u.id ORDER BY ra.created_at LIMIT 1)
         FROM unnest($2::uuid[]) AS u(id)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [course.id, ids],
      );
      await tx.audit({ actor, action: 'training.enrol', resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details: { requested: ids.length, enrolled: inserted.length } });
      return inserted.length;
    });
  }

  /** Completion, scores and item statistics: which questions most trainees get wrong, hardest first. */
  async report(actor: Actor, courseId: string): Promise<CourseReport> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.report', course);
    const [totals]: Array<{ enrolled: number; completed: number; mean_score: number | null; pass_rate: number | null }> = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM enrolment WHERE course_id = $1 AND status <> 'WITHDRAWN') AS enrolled,
              (SELECT count(*)::int FROM enrolment WHERE course_id = $1 AND status = 'COMPLETED') AS completed,
              (SELECT avg(score)::float8 FROM exam_attempt WHERE course_id = $1 AND score IS NOT NULL) AS mean_score,
              (SELECT (count(DISTINCT user_id) FILTER (WHERE passed))::float8 / nullif(count(DISTINCT user_id), 0)
                 FROM exam_attempt WHERE course_id = $1 AND score IS NOT NULL) AS pass_rate`,
      [courseId],
    );
    const items: Array<{ id: string; stem: string; answered: number; correct_rate: number }> = await this.dataSource.query(
      `SELECT q.id, q.stem, count(a.question_id)::int AS answered,
              coalesce(avg(CASE WHEN a.correct THEN 1.0 ELSE 0.0 END), 0)::float8 AS correct_rate
       FROM question q LEFT JOIN exam_answer a ON a.question_id = q.id AND a.correct IS NOT NULL
       WHERE q.course_id = $1
       GROUP BY q.id, q.stem, q.state
       -- An earlier version counts while answers to it exist; one edited before anyone had it is left out.
       HAVING q.state <> 'SUPERSEDED' OR count(a.question_id) > 0
       ORDER BY (count(a.question_id) = 0), correct_rate, answered DESC, q.id`,
      [courseId],
    );
    return {
      courseId,
      enrolled: totals.enrolled,
      completed: totals.completed,
      meanScore: totals.mean_score,
      passRate: totals.pass_rate,
      items: items.map((i) => ({ questionId: i.id, stem: i.stem, answered: i.answered, correctRate: i.correct_rate })),
    };
  }
}

const fields = (input: CourseInput) => ({
  title: input.title,
  description: input.description,
  creditHours: input.creditHours,
  certificateValidMonths: input.certificateValidMonths,
  requiredAttendanceMinutes: input.requiredAttendanceMinutes,
  ...(input.certificateSignerName != null ? { certificateSignerName: input.certificateSignerName.trim() } : {}),
  ...(input.certificateSignerTitle != null ? { certificateSignerTitle: input.certificateSignerTitle.trim() } : {}),
});

