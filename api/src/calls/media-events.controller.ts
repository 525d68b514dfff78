import { Body, Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  MEDIA_EVENTS_PATH,
  type MediaEventsBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifyMediaEventsSignature,
} from '../../../media/src/protocol/media-events.js';
import { AppError } from '../common/app-error.js';
import { Public } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AttendanceService } from './attendance.service.js';

const MAX_EVENTS_PER_DELIVERY = 1000;

/**
 * Join/leave reports from the media service. Not a user endpoint: it is authenticated by an HMAC of the
 * exact body with the shared media secret, and a delivery outside the clock window is refused (replay).
 */
@Controller()
export class MediaEventsController {
  private readonly logger = new Logger(MediaEventsController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly attendance: AttendanceService,
  ) {}

  @Public()
  @Post(MEDIA_EVENTS_PATH)
  @HttpCode(204)
  async receive(@Req() req: Request & { rawBody?: Buffer }, @Body() body: MediaEventsBody): Promise<void> {
    const raw = req.rawBody?.toString('utf8') ?? '';
    if (!verifyMediaEventsSignature(this.config.mediaSecret, raw, req.header(SIGNATURE_HEADER), req.header(TIMESTAMP_HEADER))) {
      this.logger.warn(`refused media events from ${req.ip}: bad or stale signature`);
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Media events must be signed with the media secret');
    }
    if (!Array.isArray(body?.events) || body.events.length > MAX_EVENTS_PER_DELIVERY) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Expected { events: [...] } with at most ${MAX_EVENTS_PER_DELIVERY} events`);
    }
    await this.attendance.record(body.events);
  }
}
