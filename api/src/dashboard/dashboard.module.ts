import { Module } from '@nestjs/common';
import { DashboardResolver } from './dashboard.resolver.js';
import { DashboardService } from './dashboard.service.js';
import { ScreeningRollup } from './screening-rollup.service.js';

/** The programme dashboard: counts over screenings, consults, follow-ups and training, never a patient. */
@Module({ providers: [ScreeningRollup, DashboardService, DashboardResolver] })
export class DashboardModule {}
