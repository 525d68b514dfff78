import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../audit/audit.service.js';
import type { Actor } from '../../../policy/actor.js';
import { TeachingCasesService } from '../../teaching-cases/teaching-cases.service.js';
import { TrainingAccess } from '../../training-access.service.js';
import { QuestionState } from '../../training-enums.js';
import { Question } from '../question.entity.js';
import { writeBankJson } from './bank-json-format.js';
import { writeGift } from './gift-format.js';
import { type ExportedQuestion, QuestionFileFormat } from './question-file.js';

/** A bank file to download. */
export interface QuestionFile {
  text: string;
  fileName: string;
  contentType: string;
}

/**
 * A course's current questions with their keys, as a file its authors can take to another course, server or
 * Moodle: GIFT (the text choice questions) or Oasis JSON (every question, pictures included). The answer
 * keys leave the server with it, so only authors may, and each export is audited.
 */
@Injectable()
export class QuestionExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly teachingCases: TeachingCasesService,
  ) {}

  async export(actor: Actor, courseId: string, format: QuestionFileFormat): Promise<QuestionFile> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    const questions = await this.dataSource.getRepository(Question).find({ where: { courseId, state: QuestionState.CURRENT }, order: { position: 'ASC' } });
    const exported: ExportedQuestion[] = [];
    for (const q of questions) {
      const input = { kind: q.kind, stem: q.stem, options: q.options, correctOptions: q.correctOptions, lesionBox: q.lesionBox, imageUrl: q.imageUrl, explanation: q.explanation };
      const image = format === QuestionFileFormat.JSON ? await this.teachingCases.pngOfLink(q.imageUrl) : null;
      exported.push(image ? { input, image } : { input });
    }
    await this.audit.record({ actor, action: 'training.question-export', resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details: { format, questions: exported.length } });
    const stem = `question-bank-${course.id.slice(0, 8)}`;
    return format === QuestionFileFormat.GIFT
      ? { text: writeGift(course.title, exported), fileName: `${stem}.gift.txt`, contentType: 'text/plain; charset=utf-8' }
      : { text: writeBankJson(course.title, exported, new Date()), fileName: `${stem}.json`, contentType: 'application/json; charset=utf-8' };
  }
}
