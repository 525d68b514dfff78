import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { loadConfig } from '../config/config.js';
import { createApp } from '../create-app.js';
import { POSTGRES_SERVER_URL, postgresAdminQuery } from '../database/postgres-admin.js';

/**
 * Runs a benchmark against the whole API on a throw-away PostgreSQL database: created and migrated first, the app
 * closed and the database dropped afterwards, whatever the benchmark did.
 */
export async function withBenchApp<T>(run: (app: NestExpressApplication, ds: DataSource) => Promise<T>): Promise<T> {
  const name = `oasis_bench_${randomBytes(4).toString('hex')}`;
  await postgresAdminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  try {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: url.toString(), PORT: '0', LOG_LEVEL: 'error' });
    const app = await createApp({ config, schemaFile: false, logger: new JsonLogger('error') });
    try {
      const ds = app.get(DataSource);
      await ds.runMigrations();
      return await run(app, ds);
    } finally {
      await app.close();
    }
  } finally {
    await postgresAdminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
