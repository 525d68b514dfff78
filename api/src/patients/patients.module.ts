import { Module } from '@nestjs/common';
import { EncryptionModule } from '../encryption/encryption.module.js';
import { PatientsResolver } from './patients.resolver.js';
import { PatientsService } from './patients.service.js';

@Module({ imports: [EncryptionModule], providers: [PatientsService, PatientsResolver], exports: [PatientsService] })
export class PatientsModule {}
