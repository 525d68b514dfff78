import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { Actor } from '../../policy/actor.js';
import type { LessonContentInput, LessonInput, ModuleInput, ReorderInput } from '../dto/training.input.js';
import { TrainingAccess } from '../training-access.service.js';
import type { Course } from './course.entity.js';
import { CourseMaterial } from './course-material.js';
import { CourseModule } from './course-module.entity.js';
import { Lesson } from './lesson.entity.js';
import { reorder } from './reorder.js';

/**
 * A course's outline, kept by its trainers (`training.author`): modules and their lessons are added, edited,
 * deleted and reordered, each change audited in its own transaction. Deleting a lesson removes the trainees'
 * completions of it: progress counts the lessons the course has now (issued certificates are not touched).
 */
@Injectable()
export class CourseOutlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly material: CourseMaterial,
  ) {}

  async addModule(actor: Actor, input: ModuleInput): Promise<CourseModule> {
    const course = await this.authorCourse(actor, input.courseId);
    const id = await this.audited(actor, course, 'training.module-add', async (tx) => {
      const [row]: Array<{ id: string }> = await tx.query(
        `INSERT INTO course_module (course_id, title, position)
         SELECT $1, $2, coalesce(max(position), 0) + 1 FROM course_module WHERE course_id = $1 RETURNING id`,
        [course.id, input.title],
      );
      return row!.id;
    });
    return this.dataSource.getRepository(CourseModule).findOneByOrFail({ id });
  }

  async updateModule(actor: Actor, id: string, title: string): Promise<CourseModule> {
    const { module, course } = await this.moduleOf(actor, id);
    title = title.trim();
    if (title.length < 1 || title.length > 200) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A module title has 1 to 200 characters', { field: 'title' });
    await this.audited(actor, course, 'training.module-update', (tx) => tx.update(CourseModule, { id }, { title }), { moduleId: id, from: module.title, to: title });
    return this.dataSource.getRepository(CourseModule).findOneByOrFail({ id });
  }

  /** Deletes the module with its lessons (and the completions of those lessons). */
  async deleteModule(actor: Actor, id: string): Promise<boolean> {
    const { module, course } = await this.moduleOf(actor, id);
    await this.audited(
      actor,
      course,
      'training.module-delete',
      async (tx) => {
        await tx.query(`DELETE FROM lesson_completion WHERE lesson_id IN (SELECT id FROM lesson WHERE module_id = $1)`, [id]);
        await tx.query(`DELETE FROM lesson WHERE module_id = $1`, [id]);
        await tx.query(`DELETE FROM course_module WHERE id = $1`, [id]);
      },
      { moduleId: id, title: module.title },
    );
    return true;
  }

  async reorderModules(actor: Actor, input: ReorderInput): Promise<CourseModule[]> {
    const course = await this.authorCourse(actor, input.parentId);
    await this.audited(actor, course, 'training.module-reorder', (tx) => reorder(tx, 'module', course.id, input.ids), { order: input.ids });
    return this.dataSource.getRepository(CourseModule).find({ where: { courseId: course.id }, order: { position: 'ASC' } });
  }

  async addLesson(actor: Actor, input: LessonInput): Promise<Lesson> {
    const { course } = await this.moduleOf(actor, input.moduleId);
    const media = await this.material.lessonMedia(input);
    const id = await this.audited(actor, course, 'training.lesson-add', async (tx) => {
      const [row]: Array<{ id: string }> = await tx.query(
        `INSERT INTO lesson (module_id, course_id, title, kind, position, body, media_url, teaching_case_id)
         SELECT $1, $2, $3, $4, coalesce(max(position), 0) + 1, $5, $6, $7 FROM lesson WHERE module_id = $1 RETURNING id`,
        [input.moduleId, course.id, input.title, input.kind, input.body, media.mediaUrl, media.teachingCaseId],
      );
      return row!.id;
    });
    return this.dataSource.getRepository(Lesson).findOneByOrFail({ id });
  }

  async updateLesson(actor: Actor, id: string, input: LessonContentInput): Promise<Lesson> {
    const { lesson, course } = await this.lessonOf(actor, id);
    const media = await this.material.lessonMedia(input);
    const changed = (['title', 'kind', 'body'] as const).filter((f) => lesson[f] !== input[f]);
    await this.audited(
      actor,
      course,
      'training.lesson-update',
      (tx) => tx.update(Lesson, { id }, { title: input.title, kind: input.kind, body: input.body, ...media }),
      { lessonId: id, changed: media.mediaUrl !== lesson.mediaUrl ? [...changed, 'media'] : changed },
    );
    return this.dataSource.getRepository(Lesson).findOneByOrFail({ id });
  }

  async deleteLesson(actor: Actor, id: string): Promise<boolean> {
    const { lesson, course } = await this.lessonOf(actor, id);
    await this.audited(
      actor,
      course,
      'training.lesson-delete',
      async (tx) => {
        await tx.query(`DELETE FROM lesson_completion WHERE lesson_id = $1`, [id]);
        await tx.query(`DELETE FROM lesson WHERE id = $1`, [id]);
      },
      { lessonId: id, title: lesson.title },
    );
    return true;
  }

  async reorderLessons(actor: Actor, input: ReorderInput): Promise<Lesson[]> {
    const { course } = await this.moduleOf(actor, input.parentId);
    await this.audited(actor, course, 'training.lesson-reorder', (tx) => reorder(tx, 'lesson', input.parentId, input.ids), { moduleId: input.parentId, order: input.ids });
    return this.dataSource.getRepository(Lesson).find({ where: { moduleId: input.parentId }, order: { position: 'ASC' } });
  }

  private async authorCourse(actor: Actor, courseId: string): Promise<Course> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    return course;
  }

  private async moduleOf(actor: Actor, id: string): Promise<{ module: CourseModule; course: Course }> {
    const module = await this.dataSource.getRepository(CourseModule).findOneBy({ id });
    if (!module) throw notFound('Module');
    return { module, course: await this.authorCourse(actor, module.courseId) };
  }

  private async lessonOf(actor: Actor, id: string): Promise<{ lesson: Lesson; course: Course }> {
    const lesson = await this.dataSource.getRepository(Lesson).findOneBy({ id });
    if (!lesson) throw notFound('Lesson');
    return { lesson, course: await this.authorCourse(actor, lesson.courseId) };
  }

  private audited<T>(actor: Actor, course: Course, action: string, work: (tx: EntityManager) => Promise<T>, details?: Record<string, unknown>): Promise<T> {
    return this.audit.transaction(async (tx) => {
      const result = await work(tx.manager);
      await tx.audit({ actor, action, resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details });
      return result;
    });
  }
}
