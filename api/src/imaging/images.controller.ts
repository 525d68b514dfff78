import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { notFound } from '../common/app-error.js';
import { CurrentHttpActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { ImageFrames } from './decode/image-frames.service.js';
import { StudiesService } from './studies.service.js';
import { StudyImage } from './study-image.entity.js';

/**
 * GET /images/:id — one frame as a grayscale PNG for the viewer, whatever the uploaded format. The file is
 * integrity-checked on read; access follows the study's, and every view is audited.
 */
@Controller('images')
export class ImagesController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly studies: StudiesService,
    private readonly audit: AuditService,
    private readonly frames: ImageFrames,
  ) {}

  @Get(':id')
  async frame(@CurrentHttpActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const image = await this.dataSource.getRepository(StudyImage).findOneBy({ id });
    if (!image) throw notFound('Image');
    const study = await this.studies.getFor(actor, image.studyId, 'study.read');
    // The frame kept at upload: nothing is decoded here (older images are, in the decode pool).
    const png = await this.frames.png(image);
    await this.audit.record({ actor, action: 'image.view', resourceType: 'image', resourceId: id, institutionId: study.institutionId });
    res.setHeader('Content-Type', 'image/png');
    // Patient images: never in shared caches, and not kept by the browser after the session.
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(png);
  }
}
