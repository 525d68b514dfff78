import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';
import { ensureRole } from './ensure-role.js';
import { EMBEDDED_APP_ROLE, grantAppRole, userOf } from './roles.js';

/**
 * Applies pending migrations as the owner role, then grants the app role what it may do (`npm run migrate`).
 * On PostgreSQL the owner is DATABASE_OWNER_URL's user and the app role DATABASE_URL's; on PGlite the owner is
 * its built-in superuser, which also creates the app role. Run it while the API is stopped when on PGlite: the
 * embedded database has no lock between processes.
 */
export async function migrate(config: AppConfig = loadConfig()): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(config, 'disk', 'owner'));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await grantAfterMigrating(dataSource, config);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** The idempotent grant step that follows every migration run (so later migrations' tables are covered too). */
export async function grantAfterMigrating(owner: DataSource, config: Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl'>): Promise<void> {
  if (!config.databaseUrl) {
    await ensureRole(owner, EMBEDDED_APP_ROLE);
    return grantAppRole(owner, EMBEDDED_APP_ROLE);
  }
  // One URL for both: a single-role installation from before database roles; nothing to grant, and said so.
  if (!config.databaseOwnerUrl || userOf(config.databaseOwnerUrl) === userOf(config.databaseUrl)) {
    console.warn('DATABASE_OWNER_URL is not set to a separate owner role: the API runs with the owner\'s rights (README, Security: Database roles)');
    return;
  }
  await grantAppRole(owner, userOf(config.databaseUrl));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrate().then(
    (names) => console.log(names.length ? `Applied migrations: ${names.join(', ')}` : 'Database schema is up to date'),
    (error) => {
      console.error(`Migration failed: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
