import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module.js';
import { AttendanceService } from './attendance.service.js';
import { CallsResolver } from './calls.resolver.js';
import { CallsService } from './calls.service.js';
import { MediaEventsController } from './media-events.controller.js';
import { MediaSessionsController } from './media-sessions.controller.js';

/** Admission to media rooms (signed join tokens), the media service's session checks, and attendance it reports back. */
@Module({
  imports: [IdentityModule],
  controllers: [MediaEventsController, MediaSessionsController],
  providers: [CallsService, AttendanceService, CallsResolver],
  exports: [CallsService, AttendanceService],
})
export class CallsModule {}
