import { Module } from '@nestjs/common';
import { ImageFramesModule } from '../imaging/decode/image-frames.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ImagingModule } from '../imaging/imaging.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { ConsultTimeoutsService } from './consult-timeouts.service.js';
import { ConsultEventResolver, ConsultsResolver } from './consults.resolver.js';
import { ConsultsService } from './consults.service.js';
import { ReportsController } from './reports/reports.controller.js';
import { ReportsResolver } from './reports/reports.resolver.js';
import { ReportsService } from './reports/reports.service.js';
import { SpecialistFocusResolver } from './routing/specialist-focus.resolver.js';
import { RoutingModule } from './routing/routing.module.js';
import { WorklistService } from './worklist.service.js';

@Module({
  imports: [IdentityModule, ImagingModule, ImageFramesModule, PatientsModule, RoutingModule],
  controllers: [ReportsController],
  providers: [ConsultsService, WorklistService, ConsultTimeoutsService, ConsultsResolver, ConsultEventResolver, ReportsService, ReportsResolver, SpecialistFocusResolver],
  exports: [ConsultsService],
})
export class ConsultsModule {}
