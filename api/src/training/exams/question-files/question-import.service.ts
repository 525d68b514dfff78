import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { AuditService } from '../../../audit/audit.service.js';
import { AppError } from '../../../common/app-error.js';
import { ErrorCode } from '../../../common/error-codes.js';
import type { Actor } from '../../../policy/actor.js';
import { CourseMaterial } from '../../courses/course-material.js';
import { QuestionContentInput } from '../../dto/training.input.js';
import { teachingMediaPath } from '../../teaching-cases/teaching-case.entity.js';
import { type ImportedTeachingCase, TeachingCasesService } from '../../teaching-cases/teaching-cases.service.js';
import { TrainingAccess } from '../../training-access.service.js';
import { QuestionBankService } from '../question-bank.service.js';
import { type QuestionContent, questionContent } from '../question-content.js';
import { readBankJson } from './bank-json-format.js';
import { readGift } from './gift-format.js';
import { type EmbeddedImage, QuestionFileFormat, type ReadQuestion } from './question-file.js';

/** Questions one file may hold. */
export const MAX_IMPORTED_QUESTIONS = 5000;

/** What an import (or its dry run) found: counts, and each question that cannot be imported with its line and reason. */
export interface QuestionImportReport {
  format: QuestionFileFormat;
  dryRun: boolean;
  /** Questions in the file. */
  questions: number;
  /** Questions that can be imported. */
  valid: number;
  /** Questions added to the bank: `valid`, or 0 on a dry run. */
  imported: number;
  failed: number;
  errors: Array<{ line: number; message: string }>;
}

/** A question checked and ready to be written, with the picture it brings. */
interface Ready {
  content: QuestionContent;
  picture: ImportedTeachingCase | null;
}

/**
 * Imports a question bank file (GIFT or Oasis JSON) into a course, for its authors. Every question is checked
 * as the editor's are (the same field rules and key rules); those that pass are added after the bank's last
 * in one transaction with one audit event, and each that does not is reported at its line, with nothing of it
 * written (its picture neither). A dry run checks and reports without writing.
 */
@Injectable()
export class QuestionImportService {
  constructor(
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly material: CourseMaterial,
    private readonly bank: QuestionBankService,
    private readonly teachingCases: TeachingCasesService,
  ) {}

  async import(actor: Actor, courseId: string, format: QuestionFileFormat, text: string, dryRun: boolean): Promise<QuestionImportReport> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    const read = format === QuestionFileFormat.GIFT ? readGift(text) : readBankJson(text);
    if (read.length > MAX_IMPORTED_QUESTIONS) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `The file has ${read.length} questions; at most ${MAX_IMPORTED_QUESTIONS} are imported at once`, { field: 'file' });
    }
    const ready: Ready[] = [];
    const errors: QuestionImportReport['errors'] = [];
    for (const item of read) {
      if ('error' in item) {
        errors.push({ line: item.line, message: item.error });
        continue;
      }
      try {
        ready.push(await this.check(item, dryRun));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push({ line: item.line, message: error.message });
      }
    }
    if (!dryRun && ready.length) {
      await this.audit.transaction(async (tx) => {
        await this.teachingCases.insertImported(tx.manager, actor, ready.flatMap((r) => (r.picture ? [r.picture] : [])));
        const questionIds = await this.bank.append(tx.manager, course.id, ready.map((r) => r.content));
        await tx.audit({
          actor,
          action: 'training.question-import',
          resourceType: 'course',
          resourceId: course.id,
          institutionId: course.institutionId,
          details: { format, imported: questionIds.length, failed: errors.length, questionIds },
        });
      });
    }
    return { format, dryRun, questions: read.length, valid: ready.length, imported: dryRun ? 0 : ready.length, failed: errors.length, errors };
  }

  /** The editor's checks for one question; its picture is cleaned and stored only when it will be written. */
  private async check(item: Extract<ReadQuestion, { input: unknown }>, dryRun: boolean): Promise<Ready> {
    const input = plainToInstance(QuestionContentInput, item.input);
    const problems = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (problems.length) throw new AppError(ErrorCode.BAD_USER_INPUT, problems.map(describe).join('; '));
    if (!item.image) return { content: questionContent(input, await this.material.url(input.imageUrl ?? null, 'imageUrl')), picture: null };
    const { url, picture } = await this.picture(item.image, dryRun);
    return { content: questionContent({ ...input, imageUrl: url }, url), picture };
  }

  /** A picture exported from this server links its teaching case again; any other becomes a new one. */
  private async picture(image: EmbeddedImage, dryRun: boolean): Promise<{ url: string; picture: ImportedTeachingCase | null }> {
    if (image.teachingCaseId && (await this.teachingCases.exists(image.teachingCaseId))) return { url: teachingMediaPath(image.teachingCaseId), picture: null };
    const picture = await this.teachingCases.prepareImported(image.png, dryRun);
    return { url: teachingMediaPath(picture.id), picture: dryRun ? null : picture };
  }
}

const describe = (problem: ValidationError) => `${problem.property}: ${Object.values(problem.constraints ?? {}).join(', ') || 'invalid'}`;
