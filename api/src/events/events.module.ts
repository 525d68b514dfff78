import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { DomainEvents } from './domain-events.js';
import { createPubSub, PUB_SUB } from './pubsub.js';

@Global()
@Module({
  providers: [{ provide: PUB_SUB, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createPubSub(config.redisUrl) }, DomainEvents],
  exports: [PUB_SUB, DomainEvents],
})
export class EventsModule implements OnApplicationShutdown {
  constructor(@Inject(PUB_SUB) private readonly pubSub: ReturnType<typeof createPubSub>) {}

  async onApplicationShutdown() {
    await this.pubSub.close();
  }
}
