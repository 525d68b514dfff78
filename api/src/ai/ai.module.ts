import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module.js';
import { ImageFramesModule } from '../imaging/decode/image-frames.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { InferenceEngine } from './inference-engine.service.js';
import { ModelRegistryService } from './model-registry.service.js';
import { ModelVersionResolver, PreReadResolver } from './model-version.resolver.js';
import { PreReadProcessor } from './pre-read-processor.service.js';
import { PreReadQueue } from './pre-read-queue.service.js';
import { PreReadScheduler } from './pre-read-scheduler.service.js';

/** Models, inference and the pre-read queue. The resolver lives with imaging, which owns studies. */
@Module({
  imports: [PatientsModule, StorageModule, ImageFramesModule],
  providers: [ModelRegistryService, InferenceEngine, PreReadProcessor, PreReadQueue, PreReadScheduler, ModelVersionResolver, PreReadResolver],
  exports: [ModelRegistryService, InferenceEngine, PreReadQueue, PreReadScheduler],
})
export class AiModule {}
