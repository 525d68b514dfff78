import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { PGlitePool } from './pglite-pool.js';
import { EMBEDDED_APP_ROLE } from './roles.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * PostgreSQL when DATABASE_URL is set, else embedded PGlite in the data folder
 * (`memory` keeps it in RAM, for tests). The schema only ever comes from migrations.
 * `as`: the API works as the app role (DATABASE_URL's user; `oasis_app` inside PGlite); migrations as the
 * owner (DATABASE_OWNER_URL's user; PGlite's built-in superuser).
 */
export function dataSourceOptions(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'databasePoolSize' | 'databaseOwnerUrl'>>,
  pglite: 'disk' | 'memory' = 'disk',
  as: 'app' | 'owner' = 'app',
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
  const url = as === 'owner' ? (config.databaseOwnerUrl ?? config.databaseUrl) : config.databaseUrl;
  if (url && as === 'owner') return { ...common, url, poolSize: 1, applicationName: 'oasis-migrate' };
  if (url) {
    const poolSize = config.databasePoolSize ?? 20;
    // A connection once opened is kept (min = max): a burst (an exam start) must not begin by opening
    // connections and warming fresh backends' caches, which costs the database more than the burst's queries.
    return { ...common, url, poolSize, applicationName: 'oasis-api', extra: { min: poolSize } };
  }
  const dir = pglite === 'memory' ? undefined : join(config.dataDir, 'db');
  return { ...common, driver: PGlitePool.driverFor(dir, as === 'app' ? EMBEDDED_APP_ROLE : undefined), poolSize: 1 };
}
