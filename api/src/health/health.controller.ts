import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { HealthService } from './health.service.js';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up and answering. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Whether this instance can serve: 503 when the database or queue is unreachable. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.health.readiness();
    if (readiness.status === 'down') res.status(503);
    return readiness;
  }
}
