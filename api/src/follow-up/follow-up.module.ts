import { Module } from '@nestjs/common';
import { FollowUpEscalator } from './follow-up-escalator.service.js';
import { FollowUpOpener } from './follow-up-opener.service.js';
import { FollowUpResolver } from './follow-up.resolver.js';
import { FollowUpService } from './follow-up.service.js';

/**
 * Follow-up of suspicious findings. Cases open on the domain events of pre-reads and signed reports (so the
 * module is loaded by inference workers too); lists, outcomes, escalation; pathology as ground truth.
 */
@Module({
  providers: [FollowUpOpener, FollowUpService, FollowUpEscalator, FollowUpResolver],
  exports: [FollowUpService],
})
export class FollowUpModule {}
