import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { postgresPool } from './postgres-pool.js';

/**
 * In production, opens the whole PostgreSQL pool at start-up (the pool then keeps it: min = max), so the first
 * exam start of the day does not begin with the database forking a backend per waiting request. Tests open
 * only what they use, to stay under the server's connection limit.
 */
@Injectable()
export class ConnectionWarmer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConnectionWarmer.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap() {
    const pool = postgresPool(this.dataSource);
    if (this.config.nodeEnv !== 'production' || !pool) return;
    try {
      const clients = await Promise.all(Array.from({ length: this.config.databasePoolSize }, () => pool.connect()));
      for (const client of clients) client.release();
    } catch (error) {
      // Not fatal: the pool opens connections on demand as before.
      this.logger.warn({ msg: 'could not open the whole database pool at start-up', error: (error as Error).message });
    }
  }
}
