import type { DataSource } from 'typeorm';
import { postgresPool } from './postgres-pool.js';

/**
 * Runs one of the few statements every request or every exam start pays for as a named prepared statement:
 * on PostgreSQL it is parsed and planned once per pooled connection instead of on every call (planning the
 * exam start alone costs about as much as running it), and it skips TypeORM's query runner. `name` must be
 * unique per `text`. PGlite has no pool of connections to prepare on, so there it is a plain query.
 * Not for use inside a transaction: it takes its own connection.
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = postgresPool(dataSource);
  if (!pool) return dataSource.query(text, values);
  return (await pool.query({ name, text, values })).rows as T[];
}
