import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/config.js';
import { createApp } from '../create-app.js';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { seedDemo } from '../seed/seed-demo.js';
import { DEMO_USERS } from '../seed/demo-region.js';
import { migrateEmbedded } from '../database/roles.js';
import { createTestDatabase, type DatabaseKind, dropPostgresDatabase } from './test-database.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- GraphQL answers are untyped JSON; specs read the fields they asked for
export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [key: string]: unknown } }>;
}

export interface TestApp {
  app: INestApplication;
  url: string;
  config: AppConfig;
  dataSource: DataSource;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as GqlResult
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  signIn(username: (typeof DEMO_USERS)[number]['username']): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (every module, real GraphQL over HTTP) on a fresh database of the given kind, migrated and
 * seeded with the demo region. Listens on a random loopback port.
 */
export async function createTestApp(
  kind: DatabaseKind,
  env: Record<string, string> = {},
  { seed = true, logger = new JsonLogger('error') }: { seed?: boolean; logger?: JsonLogger } = {},
): Promise<TestApp> {
  let databaseUrl = env.DATABASE_URL;
  let dropDatabase = async () => undefined as void;
  if (kind === 'postgres' && !databaseUrl) {
    // The harness creates a fresh database, migrated as the owner (dropped on close); the app opens its own
    // pool on it as the app role.
    const db = await createTestDatabase('postgres');
    databaseUrl = db.databaseUrl!;
    await db.dataSource.destroy();
    dropDatabase = () => dropPostgresDatabase(databaseUrl!);
  }
  // Stored files and upload parts go to a fresh folder per app, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'oasis-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    OASIS_MEDIA_URL: 'http://127.0.0.1:9',
    OASIS_DATA_DIR: dataDir,
    // Specs sign in as admin and specialist with a password alone; MFA specs and journeys opt in.
    OASIS_MFA_REQUIRED_ROLES: 'none',
    ...env,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const app = await createApp({ config, pglite: 'memory', schemaFile: false, logger });
  const dataSource = app.get(DataSource);
  // In memory, the API's own embedded database: migrated as its owner, then back to the app role.
  if (kind === 'pglite') await migrateEmbedded(dataSource);
  if (seed) await seedDemo(dataSource);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };

  return {
    app,
    url,
    config,
    dataSource,
    gql,
    async signIn(username) {
      const password = DEMO_USERS.find((u) => u.username === username)!.password;
      const result = await gql<{ signIn: { accessToken: string } }>(
        'mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }',
        { input: { username, password } },
      );
      if (!result.data) throw new Error(`sign-in of ${username} failed: ${JSON.stringify(result.errors)}`);
      return result.data.signIn.accessToken;
    },
    async close() {
      await app.close();
      await dropDatabase();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const codeOf = (result: GqlResult) => result.errors?.[0]?.extensions?.code;
