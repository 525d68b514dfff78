import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery as adminQuery } from '../database/postgres-admin.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Every integration suite runs once per engine: the embedded default and the real server. */
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];


export interface TestDatabase {
  kind: DatabaseKind;
  databaseUrl?: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** Creates the database (a fresh one on PostgreSQL, in memory for PGlite) and runs every migration. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataSource = new DataSource(dataSourceOptions({ dataDir: '' }, 'memory'));
    await dataSource.initialize();
    await dataSource.runMigrations();
    return { kind, dataSource, close: () => dataSource.destroy() };
  }
  const name = `oasis_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  // The server the PostgreSQL half of the suite uses: it must be reachable, or that half fails loudly.
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const dataSource = new DataSource(dataSourceOptions({ databaseUrl, dataDir: '' }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    kind,
    databaseUrl,
    dataSource,
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropPostgresDatabase(databaseUrl);
    },
  };
}

export const dropPostgresDatabase = (databaseUrl: string) => adminQuery(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
