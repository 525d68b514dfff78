import type { DataSource } from 'typeorm';
import { PGlitePool } from './pglite-pool.js';

/** The parts of node-postgres' pool the API uses directly, below TypeORM. */
export interface PostgresPool {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  connect(): Promise<{ release(): void }>;
}

/** The PostgreSQL server's connection pool under TypeORM, or null on PGlite (one embedded connection, no server). */
export function postgresPool(dataSource: DataSource): PostgresPool | null {
  const pool = (dataSource.driver as unknown as { master?: unknown }).master;
  return pool && !(pool instanceof PGlitePool) ? (pool as PostgresPool) : null;
}
