import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { csvText } from '../../common/csv-text.js';
import { xlsxFile } from '../../common/xlsx-file.js';
import type { Actor } from '../../policy/actor.js';
import { CoursesService } from '../courses/courses.service.js';
import type { Gradebook } from '../dto/training.types.js';
import { TrainingAccess } from '../training-access.service.js';

/** What a gradebook download holds: one row per trainee, or one per question (its difficulty). */
export type GradebookFile = 'trainees' | 'questions';

/**
 * A course's gradebook for its trainers (and the admins who see its report): every enrolled person with
 * their lessons, attempts, best and last score and verdict; the questions' difficulty comes from the report.
 */
@Injectable()
export class GradebookService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly courses: CoursesService,
  ) {}

  async gradebook(actor: Actor, courseId: string): Promise<Gradebook> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.report', course);
    const rows = await this.dataSource.query(
      `SELECT u.id AS "userId", u.username, u.display_name AS "displayName", i.name AS "institutionName", e.status AS "enrolmentStatus",
              (SELECT count(*)::int FROM lesson_completion lc WHERE lc.course_id = e.course_id AND lc.user_id = e.user_id) AS "lessonsDone",
              count(a.id)::int AS attempts,
              max(a.score)::float8 AS "bestScore",
              (array_agg(a.score ORDER BY a.attempt_no DESC) FILTER (WHERE a.id IS NOT NULL))[1]::float8 AS "lastScore",
              coalesce(bool_or(a.passed), false) AS passed,
              max(a.submitted_at) AS "lastSubmittedAt",
              EXISTS (SELECT 1 FROM exam_attempt o WHERE o.course_id = e.course_id AND o.user_id = e.user_id AND o.status = 'IN_PROGRESS') AS "inExam"
       FROM enrolment e
       JOIN app_user u ON u.id = e.user_id
       JOIN institution i ON i.id = e.institution_id
       LEFT JOIN exam_attempt a ON a.course_id = e.course_id AND a.user_id = e.user_id AND a.status <> 'IN_PROGRESS'
       WHERE e.course_id = $1
       GROUP BY e.course_id, e.user_id, e.status, u.id, u.username, u.display_name, i.name
       ORDER BY i.name, u.display_name, u.username`,
      [course.id],
    );
    const [{ lessons }]: Array<{ lessons: number }> = await this.dataSource.query(`SELECT count(*)::int AS lessons FROM lesson WHERE course_id = $1`, [course.id]);
    return { courseId: course.id, lessonsTotal: lessons, rows: rows.map((r: Record<string, unknown>) => ({ ...r, lastSubmittedAt: r.lastSubmittedAt ? new Date(r.lastSubmittedAt as string) : null })) };
  }

  /** The gradebook as a spreadsheet file; the download is audited, since the file leaves the portal with staff results. */
  /** A download of the gradebook (a row per trainee) or of the questions' difficulty, as CSV or Excel; audited. */
  async file(actor: Actor, courseId: string, file: GradebookFile, format: 'csv' | 'xlsx'): Promise<{ bytes: Buffer; fileName: string }> {
    const percent = (score: number | null) => (score === null ? null : Math.round(score * 1000) / 10);
    let table: { header: string[]; rows: Array<Array<string | number | boolean | null>> };
    if (file === 'trainees') {
      const book = await this.gradebook(actor, courseId);
      table = {
        header: ['username', 'name', 'institution', 'enrolment', 'lessons_done', 'lessons_total', 'attempts', 'best_score_percent', 'last_score_percent', 'passed', 'last_submitted_at'],
        rows: book.rows.map((r) => [r.username, r.displayName, r.institutionName, r.enrolmentStatus, r.lessonsDone, book.lessonsTotal, r.attempts, percent(r.bestScore), percent(r.lastScore), r.passed, r.lastSubmittedAt?.toISOString() ?? null]),
      };
    } else {
      const report = await this.courses.report(actor, courseId);
      table = { header: ['question', 'answered', 'correct_percent'], rows: report.items.map((i) => [i.stem, i.answered, percent(i.correctRate)]) };
    }
    const course = await this.access.course(courseId);
    await this.audit.record({ actor, action: 'training.gradebook-export', resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details: { file, format } });
    const bytes = format === 'csv' ? Buffer.from(csvText(table.header, table.rows)) : await xlsxFile(file, table.header, table.rows);
    return { bytes, fileName: `gradebook-${file}-${course.id.slice(0, 8)}.${format}` };
  }
}
