import type { DataSource } from 'typeorm';
import { ident, type Sql } from './ensure-role.js';

/** The role the API works as inside the embedded database (on PostgreSQL it is DATABASE_URL's user). */
export const EMBEDDED_APP_ROLE = 'oasis_app';
/** PGlite's built-in superuser: the embedded database's owner. (RESET SESSION AUTHORIZATION does not go back to it.) */
const EMBEDDED_OWNER_ROLE = 'postgres';

/** The API may read and append to the audit trail but never change it. */
const APPEND_ONLY_TABLES = ['audit_event'];
/** What only migrations and the audit trigger (with the owner's rights) write. */
const READ_ONLY_TABLES = ['migrations', 'audit_chain_head'];

/** The user a PostgreSQL URL signs in as. */
export const userOf = (url: string) => decodeURIComponent(new URL(url).username) || 'postgres';

/**
 * The grant step, run (as the owner) after every migration run so that tables added by later migrations are
 * covered too: the app role may read and write every table, only read and append the audit trail, and only
 * read the migration history and chain heads. Default privileges cover tables the owner creates later.
 * Idempotent.
 */
export async function grantAppRole(sql: Sql, appRole: string): Promise<void> {
  const [{ owner }] = await sql.query(`SELECT current_user AS owner`);
  if (owner === appRole) throw new Error(`The app role ${appRole} must not be the owner that runs migrations (set DATABASE_OWNER_URL)`);
  const [role] = await sql.query(`SELECT rolsuper FROM pg_roles WHERE rolname = $1`, [appRole]);
  if (!role) throw new Error(`Database role ${appRole} does not exist: create it first (README, Security: Database roles)`);
  if (role.rolsuper) throw new Error(`Database role ${appRole} is a superuser: the API's role must not be one`);
  const app = ident(appRole);
  const tables: Array<{ name: string }> = await sql.query(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) = current_user`,
  );
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${app}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
    ...tables.map(({ name }) => {
      const table = ident(name);
      if (APPEND_ONLY_TABLES.includes(name)) return `REVOKE ALL ON ${table} FROM ${app}; GRANT SELECT, INSERT ON ${table} TO ${app}`;
      if (READ_ONLY_TABLES.includes(name)) return `REVOKE ALL ON ${table} FROM ${app}; GRANT SELECT ON ${table} TO ${app}`;
      return `GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${app}`;
    }),
  ];
  for (const statement of statements) await sql.query(statement);
}

/**
 * Runs work as the embedded database's owner (its built-in superuser) and switches back to the app role after.
 * PGlite has one connection: the query runner holds it, so nothing else runs with the owner's rights meanwhile.
 */
export async function asEmbeddedOwner<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET SESSION AUTHORIZATION ${EMBEDDED_OWNER_ROLE}`);
    try {
      return await work(runner);
    } finally {
      await runner.query(`SET SESSION AUTHORIZATION ${ident(EMBEDDED_APP_ROLE)}`);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Migrates the embedded database the API has open and grants its app role: as the owner, then back to the
 * app role (where the API and its migrations share one in-memory database, as in tests; before it serves).
 */
export async function migrateEmbedded(dataSource: DataSource): Promise<string[]> {
  // Not inside asEmbeddedOwner: the migrations take the one connection themselves.
  await dataSource.query(`SET SESSION AUTHORIZATION ${EMBEDDED_OWNER_ROLE}`);
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await grantAppRole(dataSource, EMBEDDED_APP_ROLE);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.query(`SET SESSION AUTHORIZATION ${ident(EMBEDDED_APP_ROLE)}`);
  }
}
