import { Module } from '@nestjs/common';
import { PatientsResolver } from './patients.resolver.js';
import { PatientsService } from './patients.service.js';

@Module({ providers: [PatientsService, PatientsResolver], exports: [PatientsService] })
export class PatientsModule {}
