import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, type RawBodyRequest, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/app-error.js';
import { CurrentHttpActor } from '../../../common/auth.decorators.js';
import { ErrorCode } from '../../../common/error-codes.js';
import { readBody } from '../../../common/read-body.js';
import { APP_CONFIG, type AppConfig } from '../../../config/config.js';
import type { Actor } from '../../../policy/actor.js';
import { QuestionExportService } from './question-export.service.js';
import { QuestionFileFormat } from './question-file.js';
import { type QuestionImportReport, QuestionImportService } from './question-import.service.js';

/**
 * POST /question-banks/:courseId/import?format=gift|json[&dryRun=true] — body: the file as it is (UTF-8);
 * answers the QuestionImportReport. GET /question-banks/:courseId/export?format=gift|json — the bank as a
 * file. The formats are described in docs/question-bank-files.md.
 */
@Controller('question-banks')
export class QuestionFilesController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly imports: QuestionImportService,
    private readonly exports: QuestionExportService,
  ) {}

  @Post(':courseId/import')
  @HttpCode(200)
  async import(
    @CurrentHttpActor() actor: Actor,
    @Param('courseId', ParseUUIDPipe) courseId: string,
    @Query('format') format: string | undefined,
    @Query('dryRun') dryRun: string | undefined,
    @Req() req: RawBodyRequest<Request>,
  ): Promise<QuestionImportReport> {
    return this.imports.import(actor, courseId, formatOf(format), await this.text(req), dryRun === 'true');
  }

  @Get(':courseId/export')
  async export(@CurrentHttpActor() actor: Actor, @Param('courseId', ParseUUIDPipe) courseId: string, @Query('format') format: string | undefined, @Res() res: Response) {
    const file = await this.exports.export(actor, courseId, formatOf(format));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(file.text);
  }

  /** The body as UTF-8 text (a BOM dropped). */
  private async text(req: RawBodyRequest<Request>): Promise<string> {
    const bytes = await readBody(req, this.config.maxQuestionFileBytes, 'The file');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The file is not UTF-8 text: save it as UTF-8 and import it again', { field: 'file' });
    }
  }
}

function formatOf(format: string | undefined): QuestionFileFormat {
  if (format === QuestionFileFormat.GIFT || format === QuestionFileFormat.JSON) return format;
  throw new AppError(ErrorCode.BAD_USER_INPUT, 'format must be gift or json', { field: 'format' });
}
