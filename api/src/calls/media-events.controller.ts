import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { MEDIA_EVENTS_PATH, type MediaEventsBody } from '#contracts/protocol/media-events.js';
import { AppError } from '../common/app-error.js';
import { Public } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { AttendanceService } from './attendance.service.js';
import { MediaSignatureGuard } from './media-signature.guard.js';

const MAX_EVENTS_PER_DELIVERY = 1000;

/** Join/leave reports from the media service (signed with the media secret: MediaSignatureGuard). */
@Controller()
export class MediaEventsController {
  constructor(private readonly attendance: AttendanceService) {}

  @Public()
  @UseGuards(MediaSignatureGuard)
  @Post(MEDIA_EVENTS_PATH)
  @HttpCode(204)
  async receive(@Body() body: MediaEventsBody): Promise<void> {
    if (!Array.isArray(body?.events) || body.events.length > MAX_EVENTS_PER_DELIVERY) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Expected { events: [...] } with at most ${MAX_EVENTS_PER_DELIVERY} events`);
    }
    await this.attendance.record(body.events);
  }
}
