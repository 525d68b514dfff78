import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { AppError } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { Actor } from '../../policy/actor.js';
import { TrainingAccess } from '../training-access.service.js';
import type { Course } from './course.entity.js';

/**
 * A copy of a course for a new cohort: its details, modules, lessons, the current version of each bank question
 * (retired ones stay behind; each copy starts a new question at version 1) and the exam's settings. Not copied:
 * enrolments, attempts, completions, certificates, live sessions, self-enrolment, and the exam's closing time
 * (the old cohort's date would close the new exam; without one its review comes after each attempt until the
 * trainer sets a new one). The copy is a draft of the same institution.
 */
@Injectable()
export class CourseCopyService {
  constructor(
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
  ) {}

  async duplicate(actor: Actor, id: string, title: string): Promise<Course> {
    const source = await this.access.course(id);
    await this.access.authorize(actor, 'training.author', source);
    title = title.trim();
    if (title.length < 3 || title.length > 200) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give the copy a title of 3 to 200 characters', { field: 'title' });
    const copyId = await this.audit.transaction(async (tx) => {
      const q = tx.manager;
      const [{ id: newId }]: Array<{ id: string }> = await q.query(
        `INSERT INTO course (institution_id, created_by, title, description, credit_hours, published, certificate_valid_months, required_attendance_minutes,
                             certificate_signer_name, certificate_signer_title)
         SELECT institution_id, $2, $3, description, credit_hours, false, certificate_valid_months, required_attendance_minutes,
                certificate_signer_name, certificate_signer_title FROM course WHERE id = $1
         RETURNING id`,
        [id, actor.userId, title],
      );
      // New ids are drawn per module; lessons find their module's copy through the pairing.
      await q.query(
        `WITH pairs AS (SELECT id AS old_id, gen_random_uuid() AS new_id, title, position FROM course_module WHERE course_id = $1),
              modules AS (INSERT INTO course_module (id, course_id, title, position) SELECT new_id, $2, title, position FROM pairs)
         INSERT INTO lesson (module_id, course_id, title, kind, position, body, media_url, teaching_case_id)
         SELECT p.new_id, $2, l.title, l.kind, l.position, l.body, l.media_url, l.teaching_case_id FROM lesson l JOIN pairs p ON p.old_id = l.module_id`,
        [id, newId],
      );
      await q.query(
        `INSERT INTO question (course_id, position, kind, stem, options, correct_options, lesion_box, image_url, explanation)
         SELECT $2, row_number() OVER (ORDER BY position), kind, stem, options, correct_options, lesion_box, image_url, explanation
         FROM question WHERE course_id = $1 AND state = 'CURRENT'`,
        [id, newId],
      );
      await q.query(
        `INSERT INTO exam (course_id, title, question_count, time_limit_minutes, passing_score, max_attempts)
         SELECT $2, title, question_count, time_limit_minutes, passing_score, max_attempts FROM exam WHERE course_id = $1`,
        [id, newId],
      );
      await tx.audit({ actor, action: 'training.course-duplicate', resourceType: 'course', resourceId: newId, institutionId: source.institutionId, details: { from: id } });
      return newId;
    });
    return this.access.course(copyId);
  }
}
