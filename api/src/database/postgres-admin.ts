import pg from 'pg';

/** The server on which tests and benchmarks create their own databases. */
export const POSTGRES_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** One statement on the server's maintenance database (CREATE / DROP DATABASE cannot run in a pool's transaction). */
export async function postgresAdminQuery(sql: string, serverUrl = POSTGRES_SERVER_URL): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${serverUrl} (${(error as Error).message}): start it or set TEST_DATABASE_URL.`, { cause: error });
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
