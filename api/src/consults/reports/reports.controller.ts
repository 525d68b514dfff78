import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { ReportsService } from './reports.service.js';

/** GET /reports/:id/pdf — the signed report as produced at signing (integrity-checked, audited as an export). */
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':id/pdf')
  async pdf(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const { bytes, fileName } = await this.reports.pdf(actor, id);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(bytes);
  }
}
