import { Module } from '@nestjs/common';
import { AttendanceService } from './attendance.service.js';
import { CallsResolver } from './calls.resolver.js';
import { CallsService } from './calls.service.js';
import { MediaEventsController } from './media-events.controller.js';

/** Admission to media rooms (signed join tokens) and attendance reported back by the media service. */
@Module({
  controllers: [MediaEventsController],
  providers: [CallsService, AttendanceService, CallsResolver],
  exports: [CallsService, AttendanceService],
})
export class CallsModule {}
