import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source-options.js';
import { ensureRole } from '../database/ensure-role.js';
import { grantAfterMigrating } from '../database/migrate.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery as adminQuery } from '../database/postgres-admin.js';
import { asEmbeddedOwner, migrateEmbedded } from '../database/roles.js';

export type DatabaseKind = 'pglite' | 'postgres';

/** Every integration suite runs once per engine: the embedded default and the real server. */
export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/** The roles the PostgreSQL half of the suite runs as, as production does: migrations as owner, the API as app. */
export const TEST_OWNER_ROLE = 'oasis_test_owner';
export const TEST_APP_ROLE = 'oasis_test_app';

/** Plain SQL with the owner's rights; rows back. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of whatever the SQL selects
export type OwnerQuery = (sql: string, params?: unknown[]) => Promise<any[]>;

export interface TestDatabase {
  kind: DatabaseKind;
  /** The app role's URL (PostgreSQL). */
  databaseUrl?: string;
  /** The owner role's URL (PostgreSQL). */
  databaseOwnerUrl?: string;
  /** Connected as the app role, as the API is. */
  dataSource: DataSource;
  /** Runs work with the owner's rights (what the app role cannot do: tampering tests, purges). */
  asOwner<T>(work: (query: OwnerQuery) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Roles are cluster-wide: created once per process, race-safe across processes (ensureRole).
let testRoles: Promise<void> | undefined;
const ensureTestRoles = () =>
  (testRoles ??= (async () => {
    const admin = { query: (sql: string) => adminQuery(sql) };
    await ensureRole(admin, TEST_OWNER_ROLE);
    await ensureRole(admin, TEST_APP_ROLE);
  })());

/** The server URL signed in as `user`, on database `name`. */
function urlFor(user: string, name: string): string {
  const url = new URL(POSTGRES_SERVER_URL);
  url.username = user;
  url.password = '';
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates the database (a fresh one on PostgreSQL, in memory for PGlite), runs every migration as the owner
 * and the grant step, and connects as the app role.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dataSource = new DataSource(dataSourceOptions({ dataDir: '' }, 'memory'));
    await dataSource.initialize();
    await migrateEmbedded(dataSource);
    return {
      kind,
      dataSource,
      asOwner: (work) => asEmbeddedOwner(dataSource, (sql) => work((text, params) => sql.query(text, params))),
      close: () => dataSource.destroy(),
    };
  }
  await ensureTestRoles();
  const name = `oasis_test_${randomBytes(6).toString('hex')}`;
  // The server the PostgreSQL half of the suite uses: it must be reachable, or that half fails loudly.
  await adminQuery(`CREATE DATABASE ${name} OWNER ${TEST_OWNER_ROLE}`);
  const config = { databaseUrl: urlFor(TEST_APP_ROLE, name), databaseOwnerUrl: urlFor(TEST_OWNER_ROLE, name), dataDir: '' };
  const owner = new DataSource(dataSourceOptions(config, 'disk', 'owner'));
  await owner.initialize();
  try {
    await owner.runMigrations({ transaction: 'each' });
    await grantAfterMigrating(owner, config);
  } finally {
    await owner.destroy();
  }
  const dataSource = new DataSource(dataSourceOptions(config));
  await dataSource.initialize();
  return {
    kind,
    databaseUrl: config.databaseUrl,
    databaseOwnerUrl: config.databaseOwnerUrl,
    dataSource,
    asOwner: async (work) => {
      const client = new pg.Client({ connectionString: config.databaseOwnerUrl });
      await client.connect();
      try {
        return await work((text, params) => client.query(text, params).then((r) => r.rows));
      } finally {
        await client.end();
      }
    },
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropPostgresDatabase(config.databaseUrl);
    },
  };
}

export const dropPostgresDatabase = (databaseUrl: string) => adminQuery(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
