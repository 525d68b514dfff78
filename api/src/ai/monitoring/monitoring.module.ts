import { Module } from '@nestjs/common';
import { FollowUpModule } from '../../follow-up/follow-up.module.js';
import { MonitoringResolver } from './monitoring.resolver.js';
import { MonitoringService } from './monitoring.service.js';

/** Model monitoring: in ai/ because it judges the models; it reads pathology through the follow-up module. */
@Module({ imports: [FollowUpModule], providers: [MonitoringService, MonitoringResolver] })
export class MonitoringModule {}
