import { Controller, Get } from '@nestjs/common';

const startedAt = new Date();

@Controller('health')
export class HealthController {
  /** Polled by the API's readiness check. */
  @Get()
  health() {
    return { status: 'ok', service: 'oasis-media', startedAt: startedAt.toISOString(), uptimeSeconds: Math.round(process.uptime()) };
  }
}
