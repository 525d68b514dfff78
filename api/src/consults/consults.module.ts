import { Module } from '@nestjs/common';
import { ImagingModule } from '../imaging/imaging.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { ConsultTimeoutsService } from './consult-timeouts.service.js';
import { ConsultsResolver } from './consults.resolver.js';
import { ConsultsService } from './consults.service.js';
import { WorklistService } from './worklist.service.js';

@Module({
  imports: [ImagingModule, PatientsModule],
  providers: [ConsultsService, WorklistService, ConsultTimeoutsService, ConsultsResolver],
  exports: [ConsultsService],
})
export class ConsultsModule {}
