import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Every integration suite runs once per engine: the embedded default and the real server. */
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/** The server the PostgreSQL half of the suite uses; it must be reachable, or that half fails loudly. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  databaseUrl?: string;
  dataSource: DataSource;
  close(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${TEST_POSTGRES_URL} (${(error as Error).message}). ` +
        'The PostgreSQL half of the test suite needs it: start it or set TEST_DATABASE_URL.',
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
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
  const url = new URL(TEST_POSTGRES_URL);
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
