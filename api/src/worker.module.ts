import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from './ai/ai.module.js';
import { AuditModule } from './audit/audit.module.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { EventsModule } from './events/events.module.js';
import { FollowUpModule } from './follow-up/follow-up.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { StorageModule } from './storage/storage.module.js';

@Global()
@Module({})
class WorkerConfigModule {
  static register(config: AppConfig): DynamicModule {
    return { module: WorkerConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/**
 * An inference worker: the database, stored files, Redis events and the AI module, without HTTP; the
 * follow-up module opens cases from the pre-reads it completes.
 * Run as many as the GPUs allow; each consumes pre-read jobs from Redis (OASIS_INFERENCE_MODE=worker).
 */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [WorkerConfigModule.register(config), TypeOrmModule.forRoot(dataSourceOptions(config)), EventsModule, AuditModule, PolicyModule, StorageModule, AiModule, FollowUpModule],
    };
  }
}
