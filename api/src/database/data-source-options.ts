import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { PGlitePool } from './pglite-pool.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * PostgreSQL when DATABASE_URL is set, else embedded PGlite in the data folder
 * (`memory` keeps it in RAM, for tests). The schema only ever comes from migrations.
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'databasePoolSize'>>,
  pglite: 'disk' | 'memory' = 'disk',
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each' as const,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
  };
  if (config.databaseUrl) {
    const poolSize = config.databasePoolSize ?? 20;
    // A connection once opened is kept (min = max): a burst (an exam start) must not begin by opening
    // connections and warming fresh backends' caches, which costs the database more than the burst's queries.
    return { ...common, url: config.databaseUrl, poolSize, applicationName: 'oasis-api', extra: { min: poolSize } };
  }
  const dir = pglite === 'memory' ? undefined : join(config.dataDir, 'db');
  return { ...common, driver: PGlitePool.driverFor(dir), poolSize: 1 };
}
