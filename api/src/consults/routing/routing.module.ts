import { Module } from '@nestjs/common';
import { ConsultAccessService } from './consult-access.service.js';
import { SpecialistFocusService } from './specialist-focus.service.js';

/**
 * Who a consult is routed to, and what that opens. Its own module so imaging and training (which the
 * consult workflow itself builds on) apply the same rule to a consult's study and images.
 */
@Module({ providers: [SpecialistFocusService, ConsultAccessService], exports: [SpecialistFocusService, ConsultAccessService] })
export class RoutingModule {}
