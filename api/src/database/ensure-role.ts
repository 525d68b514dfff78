/** Anything that runs SQL: a data source, a query runner, a pg client. */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of whatever the SQL selects, from any driver
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A quoted SQL identifier. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates a role unless it exists. Roles are cluster-wide and test processes create them at the same time:
 * a transaction-scoped advisory lock serialises the check-and-create, and a lost race still reads as "exists".
 */
export async function ensureRole(sql: Sql, name: string, options = 'LOGIN'): Promise<void> {
  await sql.query(`
    DO $$
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('oasis.create_role'));
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name.replace(/'/g, "''")}') THEN
        CREATE ROLE ${ident(name)} ${options} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
}
