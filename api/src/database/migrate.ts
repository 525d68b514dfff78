import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config.js';
import { dataSourceOptions } from './data-source-options.js';

/**
 * Applies pending migrations (`npm run migrate`). Run it while the API is stopped when on PGlite:
 * the embedded database has no lock between processes.
 */
export async function migrate(): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(loadConfig()));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
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
