import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TeachingCasesService } from './teaching-cases.service.js';

/** GET /training-media/:caseId — the de-identified teaching-case image (PNG), and nothing else. Signed-in users (the global guard). */
@Controller('training-media')
export class TrainingMediaController {
  constructor(private readonly cases: TeachingCasesService) {}

  @Get(':id')
  async image(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const png = await this.cases.png(id);
    res.setHeader('Content-Type', 'image/png');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.send(png);
  }
}
