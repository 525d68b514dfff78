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
import { QuestionKind, QuestionState } from '../training-enums.js';
import { Question } from './question.entity.js';

const CHOICE_ONE: readonly QuestionKind[] = [QuestionKind.SINGLE, QuestionKind.CASE_CATEGORY, QuestionKind.CASE_DECISION];

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
    const id = await this.audited(actor, course, 'training.question-add', async (tx) => {
      const [row]: Array<{ id: string }> = await tx.query(
        `INSERT INTO question (course_id, position, kind, stem, options, correct_options, lesion_box, image_url, explanation)
         SELECT $1, coalesce(max(position), 0) + 1, $2, $3, $4, $5, $6, $7, $8 FROM question WHERE course_id = $1 AND state <> 'SUPERSEDED'
         RETURNING id`,
        [course.id, ...contentParams(content)],
      );
      return row!.id;
    }, (questionId) => ({ questionId }));
    return this.dataSource.getRepository(Question).findOneByOrFail({ id });
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

  private async content(input: QuestionContentInput): Promise<Required<QuestionContentInput>> {
    assertKey(input);
    const lesion = input.kind === QuestionKind.MARK_LESION;
    return {
      kind: input.kind,
      stem: input.stem,
      options: lesion ? [] : input.options,
      correctOptions: lesion ? [] : [...new Set(input.correctOptions)],
      lesionBox: lesion ? input.lesionBox! : null,
      imageUrl: await this.material.url(input.imageUrl ?? null, 'imageUrl'),
      explanation: input.explanation ?? '',
    };
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

const contentParams = (c: Required<QuestionContentInput>) => [
  c.kind,
  c.stem,
  JSON.stringify(c.options),
  JSON.stringify(c.correctOptions),
  c.lesionBox === null ? null : JSON.stringify(c.lesionBox),
  c.imageUrl,
  c.explanation,
];

function assertKey(input: QuestionContentInput) {
  const bad = (message: string, field: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, { field });
  if (input.kind === QuestionKind.MARK_LESION) {
    const box = input.lesionBox;
    if (!box || box.length !== 4 || box[2]! <= box[0]! || box[3]! <= box[1]!) throw bad('A MARK_LESION question needs lesionBox [x0, y0, x1, y1] with x1 > x0 and y1 > y0', 'lesionBox');
    if (!input.imageUrl) throw bad('A MARK_LESION question needs an image', 'imageUrl');
    return;
  }
  if (input.options.length < 2) throw bad('Give at least two options', 'options');
  const correct = [...new Set(input.correctOptions)];
  if (correct.some((i) => i < 0 || i >= input.options.length)) throw bad('Every correct option must be one of the options', 'correctOptions');
  if (CHOICE_ONE.includes(input.kind) && correct.length !== 1) throw bad('This kind of question has exactly one correct option', 'correctOptions');
  if (input.kind === QuestionKind.MULTIPLE && correct.length < 1) throw bad('Mark at least one correct option', 'correctOptions');
}
