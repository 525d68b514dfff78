import { Module } from '@nestjs/common';
import { AiModule } from '../ai/ai.module.js';
import { AiResolver } from '../ai/ai.resolver.js';
import { StudiesResolver } from './studies.resolver.js';
import { StudiesService } from './studies.service.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsService } from './uploads.service.js';

@Module({
  imports: [AiModule],
  controllers: [UploadsController],
  providers: [StudiesService, StudiesResolver, UploadsService, AiResolver],
  exports: [StudiesService],
})
export class ImagingModule {}
