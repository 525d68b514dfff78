import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { ReportsService } from './reports.service.js';

/**
 * GET /reports/:id/pdf[?lang=zh|ug|en] — a signed report for the reader (their audience's copy, audited as an
 * export); GET /reports/:id/preview — the author's last preview of a draft, shown inline before signing.
 */
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/pdf')
  async pdf(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query('lang') lang: string | undefined, @Res() res: Response) {
    send(res, await this.reports.pdf(actor, id, lang), 'attachment');
  }

  @Get(':id/preview')
  async preview(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    send(res, await this.reports.previewPdf(actor, id), 'inline');
  }
}

function send(res: Response, { bytes, fileName }: { bytes: Buffer; fileName: string }, disposition: 'attachment' | 'inline') {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `${disposition}; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(bytes);
}
