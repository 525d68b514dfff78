import { Module, type DynamicModule } from '@nestjs/common';
import { HealthController } from './health/health.controller.js';
import { loadMediaConfig, type MediaConfig } from './media-config.js';
import { MEDIA_CONFIG, MediaRuntime } from './media-runtime.js';
import { RecordingsController } from './recording/recordings.controller.js';

@Module({})
export class MediaModule {
  /** Configuration comes from the environment unless a test passes its own. */
  static forRoot(config: MediaConfig = loadMediaConfig()): DynamicModule {
    return {
      module: MediaModule,
      controllers: [HealthController, RecordingsController],
      providers: [{ provide: MEDIA_CONFIG, useValue: config }, MediaRuntime],
    };
  }
}
