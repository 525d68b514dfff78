import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { notFound } from '../../common/app-error.js';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { type GradebookFile, GradebookService } from './gradebook.service.js';

const FILES: Record<string, GradebookFile> = { gradebook: 'trainees', questions: 'questions' };
const TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * GET /gradebooks/:courseId/gradebook.csv|.xlsx (a row per trainee) and /gradebooks/:courseId/questions.csv|.xlsx
 * (each question's difficulty).
 */
@Controller('gradebooks')
export class GradebookController {
  constructor(private readonly gradebook: GradebookService) {}

  @Get(':courseId/:file')
  async download(@CurrentHttpActor() actor: Actor, @Param('courseId', ParseUUIDPipe) courseId: string, @Param('file') name: string, @Res() res: Response) {
    const [stem, format] = name.split('.');
    const file = FILES[stem ?? ''];
    if (!file || (format !== 'csv' && format !== 'xlsx')) throw notFound('File');
    const { bytes, fileName } = await this.gradebook.file(actor, courseId, file, format);
    res.setHeader('Content-Type', TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(bytes);
  }
}
