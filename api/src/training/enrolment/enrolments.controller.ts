import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentHttpActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import type { EnrolmentReport } from './enrolment-report.entity.js';
import { EnrolmentImportService } from './enrolment-import.service.js';

/**
 * POST /training/courses/:courseId/enrolments — body: the raw CSV bytes (UTF-8 with or without BOM, or GBK),
 * header username,full_name,institution_code,cohort. Streamed: the body is parsed as it arrives. Answers the
 * EnrolmentReport.
 */
@Controller('training/courses')
export class EnrolmentsController {
  constructor(private readonly imports: EnrolmentImportService) {}

  @Post(':courseId/enrolments')
  @HttpCode(200)
  enrol(@CurrentHttpActor() actor: Actor, @Param('courseId', ParseUUIDPipe) courseId: string, @Req() req: Request): Promise<EnrolmentReport> {
    return this.imports.import(actor, courseId, req);
  }
}
