import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { LessonContentInput } from '../dto/training.input.js';
import { TeachingCase, teachingCaseIdOf } from '../teaching-cases/teaching-case.entity.js';
import { LessonKind } from '../training-enums.js';

/** Checks the media a lesson or question links to, for new material and for edits alike. */
@Injectable()
export class CourseMaterial {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Course material links stay on this server as an existing teaching case, exactly `/training-media/<id>`
   * (no `..`, encoded or not, so never a study image), or go to an https address; stored normalised.
   */
  async url(url: string | null, field: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    if (url === null) return null;
    const refused = () => new AppError(ErrorCode.BAD_USER_INPUT, 'Media must be a teaching case (/training-media/<id>) or an https address', { field });
    if (url.startsWith('/')) {
      const id = teachingCaseIdOf(url);
      if (!id || !(await manager.getRepository(TeachingCase).existsBy({ id }))) throw refused();
      return url;
    }
    const parsed = URL.canParse(url) ? new URL(url) : null;
    if (parsed?.protocol !== 'https:' || parsed.username || parsed.password) throw refused();
    return parsed.href;
  }

  /** A lesson's media and teaching case: a CASE lesson shows its de-identified teaching case, never a study image URL. */
  async lessonMedia(input: LessonContentInput): Promise<{ mediaUrl: string | null; teachingCaseId: string | null }> {
    if (input.kind !== LessonKind.CASE) return { mediaUrl: await this.url(input.mediaUrl ?? null, 'mediaUrl'), teachingCaseId: null };
    if (!input.teachingCaseId) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A CASE lesson needs a teaching case', { field: 'teachingCaseId' });
    const teachingCase = await this.dataSource.getRepository(TeachingCase).findOneBy({ id: input.teachingCaseId });
    if (!teachingCase) throw notFound('Teaching case');
    return { mediaUrl: await this.url(teachingCase.mediaUrl, 'mediaUrl'), teachingCaseId: teachingCase.id };
  }
}
