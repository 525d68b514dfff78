import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { notFound } from '../../common/app-error.js';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { type GradebookFile, GradebookService } from './gradebook.service.js';

const FILES: Record<string, GradebookFile> = { 'gradebook.csv': 'trainees', 'questions.csv': 'questions' };

/** GET /gradebooks/:courseId/gradebook.csv (a row per trainee) and /gradebooks/:courseId/questions.csv (each question's difficulty). */
@Controller('gradebooks')
export class GradebookController {
  constructor(private readonly gradebook: GradebookService) {}

  @Get(':courseId/:file')
  async download(@CurrentHttpActor() actor: Actor, @Param('courseId', ParseUUIDPipe) courseId: string, @Param('file') name: string, @Res() res: Response) {
    const file = FILES[name];
    if (!file) throw notFound('File');
    const { text, fileName } = await this.gradebook.csv(actor, courseId, file);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(text);
  }
}
