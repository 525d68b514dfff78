import { Controller, Get, HttpException, HttpStatus } from '@nestjs/common';
import { MediaRuntime } from '../media-runtime.js';

const startedAt = new Date();

@Controller('health')
export class HealthController {
  constructor(private readonly runtime: MediaRuntime) {}

  /** Polled by the API's readiness check: 200 while at least one mediasoup worker is alive, 503 otherwise. */
  @Get()
  health() {
    const body = { status: 'ok', service: 'oasis-media', startedAt: startedAt.toISOString(), uptimeSeconds: Math.round(process.uptime()), ...this.runtime.health() };
    if (body.workers.alive === 0) throw new HttpException({ ...body, status: 'down' }, HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
