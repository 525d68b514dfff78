import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { Actor } from '../../policy/actor.js';
import type { Course } from '../courses/course.entity.js';
import { CourseMaterial } from '../courses/course-material.js';
import { reorder } from '../courses/reorder.js';
import type { QuestionContentInput, QuestionInput, ReorderInput } from '../dto/training.input.js';
import type { QuestionKey, QuestionRemoval } from '../dto/training.types.js';
import { TrainingAccess } from '../training-access.service.js';
import { QuestionState } from '../training-enums.js';
import { contentParams, type QuestionContent, questionContent } from './question-content.js';
import { Question } from './question.entity.js';

/**
 * A course's question bank, kept by its trainers. A question row is one version: an edit writes version n+1
 * and marks version n SUPERSEDED, so attempts that drew version n (open ones included) are shown, graded and
 * reviewed with exactly the text and key they were given, and editing during a live exam disturbs nobody.
 * A question no attempt has drawn is deleted; one that attempts used is RETIRED (kept for them, never drawn).
 */
@Injectable()
export class QuestionBankService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly material: CourseMaterial,
  ) {}

  /** The bank in its order: current and retired questions (superseded versions only live on in attempts). */
  async questions(actor: Actor, courseId: string): Promise<Question[]> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.report', course);
    return this.bank(courseId);
  }

  /** Answer keys: the course's authors only. Admins see reports and statistics, never the keys of an exam. */
  async questionKeys(actor: Actor, courseId: string): Promise<QuestionKey[]> {
    await this.access.authorize(actor, 'training.author', await this.access.course(courseId));
    return (await this.bank(courseId)).map((q) => ({ questionId: q.id, correctOptions: q.correctOptions, lesionBox: q.lesionBox, explanation: q.explanation }));
  }

  async add(actor: Actor, input: QuestionInput): Promise<Question> {
    const course = await this.authorCourse(actor, input.courseId);
    const content = await this.content(input);
    const [id] = await this.audited(actor, course, 'training.question-add', (tx) => this.append(tx, course.id, [content]), ([questionId]) => ({ questionId }));
    return this.dataSource.getRepository(Question).findOneByOrFail({ id: id! });
  }

  /** Adds questions after the bank's last, in their order, in the caller's transaction (one statement); answers their ids in that order. */
  async append(tx: EntityManager, courseId: string, contents: QuestionContent[]): Promise<string[]> {
    const rows = contents.map((c) => {
      const [kind, stem, options, correct_options, lesion_box, image_url, explanation] = contentParams(c);
      return { kind, stem, options, correct_options, lesion_box, image_url, explanation };
    });
    const inserted: Array<{ id: string; position: number }> = await tx.query(
      `INSERT INTO question (course_id, position, kind, stem, options, correct_options, lesion_box, image_url, explanation)
       SELECT $1, last.position + r.ord, r.kind, r.stem, r.options::jsonb, r.correct_options::jsonb, r.lesion_box::jsonb, r.image_url, r.explanation
         FROM (SELECT coalesce(max(position), 0) AS position FROM question WHERE course_id = $1 AND state <> 'SUPERSEDED') last,
              ROWS FROM (jsonb_to_recordset($2::jsonb) AS (kind text, stem text, options text, correct_options text, lesion_box text, image_url text, explanation text))
                WITH ORDINALITY AS r(kind, stem, options, correct_options, lesion_box, image_url, explanation, ord)
        ORDER BY r.ord
       RETURNING id, position`,
      [courseId, JSON.stringify(rows)],
    );
    return inserted.sort((a, b) => a.position - b.position).map((r) => r.id);
  }

  /** Writes the next version of a question; `id` must be its current version (else CONFLICT: someone edited it meanwhile). */
  async update(actor: Actor, id: string, input: QuestionContentInput): Promise<Question> {
    const { question, course } = await this.questionOf(actor, id);
    const content = await this.content(input);
    const newId = await this.audited(actor, course, 'training.question-update', async (tx) => {
      // Read again under the row lock: a reorder or another edit that committed meanwhile is seen.
      const [locked]: Array<{ state: QuestionState; version: number; position: number }> = await tx.query(`SELECT state, version, position FROM question WHERE id = $1 FOR UPDATE`, [id]);
      if (locked!.state === QuestionState.SUPERSEDED) throw new AppError(ErrorCode.CONFLICT, 'This question was edited since you opened it: reload to see the current version', { questionId: id });
      if (locked!.state === QuestionState.RETIRED) throw new AppError(ErrorCode.CONFLICT, 'This question is retired: add a new question instead', { questionId: id });
      await tx.query(`UPDATE question SET state = 'SUPERSEDED' WHERE id = $1`, [id]);
      const [row]: Array<{ id: string }> = await tx.query(
        `INSERT INTO question (course_id, lineage_id, version, position, kind, stem, options, correct_options, lesion_box, image_url, explanation)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [course.id, question.lineageId, locked!.version + 1, locked!.position, ...contentParams(content)],
      );
      return row!.id;
    }, (newVersion) => ({ questionId: newVersion, lineageId: question.lineageId, previousVersionId: id, version: question.version + 1 }));
    return this.dataSource.getRepository(Question).findOneByOrFail({ id: newId });
  }

  /** Deletes a question no attempt has drawn; retires one that attempts used, and says which it did. */
  async remove(actor: Actor, id: string): Promise<QuestionRemoval> {
    const { question, course } = await this.questionOf(actor, id);
    const retired = await this.audited(actor, course, 'training.question-delete', async (tx) => {
      const [locked]: Array<{ state: QuestionState }> = await tx.query(`SELECT state FROM question WHERE id = $1 FOR UPDATE`, [id]);
      if (locked!.state !== QuestionState.CURRENT) throw new AppError(ErrorCode.CONFLICT, 'This question was edited or retired since you opened it: reload', { questionId: id });
      // Any version of it: an attempt that drew an earlier version keeps that row, which links the whole question.
      const [{ used }]: Array<{ used: boolean }> = await tx.query(
        `SELECT EXISTS (SELECT 1 FROM exam_attempt a WHERE a.course_id = $1
                          AND a.question_ids && ARRAY(SELECT v.id FROM question v WHERE v.lineage_id = $2)) AS used`,
        [course.id, question.lineageId],
      );
      if (used) {
        await tx.query(`UPDATE question SET state = 'RETIRED' WHERE id = $1`, [id]);
      } else {
        await tx.query(`DELETE FROM question WHERE lineage_id = $1`, [question.lineageId]);
      }
      return used;
    }, (used) => ({ questionId: id, lineageId: question.lineageId, retired: used }));
    return {
      questionId: id,
      retired,
      message: retired
        ? 'Retired, not deleted: trainees have already answered it, and their attempts keep it. It is no longer drawn in exams.'
        : 'Deleted: no attempt had used it.',
    };
  }

  async reorder(actor: Actor, input: ReorderInput): Promise<Question[]> {
    const course = await this.authorCourse(actor, input.parentId);
    await this.audited(actor, course, 'training.question-reorder', (tx) => reorder(tx, 'question', course.id, input.ids), () => ({ order: input.ids }));
    return this.bank(course.id);
  }

  private bank(courseId: string): Promise<Question[]> {
    return this.dataSource
      .getRepository(Question)
      .createQueryBuilder('q')
      .where('q.courseId = :courseId', { courseId })
      .andWhere('q.state <> :superseded', { superseded: QuestionState.SUPERSEDED })
      .orderBy('q.position', 'ASC')
      .getMany();
  }

  private async content(input: QuestionContentInput): Promise<QuestionContent> {
    return questionContent(input, await this.material.url(input.imageUrl ?? null, 'imageUrl'));
  }

  private async authorCourse(actor: Actor, courseId: string): Promise<Course> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    return course;
  }

  private async questionOf(actor: Actor, id: string): Promise<{ question: Question; course: Course }> {
    const question = await this.dataSource.getRepository(Question).findOneBy({ id });
    if (!question) throw notFound('Question');
    return { question, course: await this.authorCourse(actor, question.courseId) };
  }

  private audited<T>(actor: Actor, course: Course, action: string, work: (tx: EntityManager) => Promise<T>, details: (result: T) => Record<string, unknown>): Promise<T> {
    return this.audit.transaction(async (tx) => {
      const result = await work(tx.manager);
      await tx.audit({ actor, action, resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details: details(result) });
      return result;
    });
  }
}
