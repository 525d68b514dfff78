import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { type AppConfig, loadConfig } from '../../config/config.js';
import { createApp } from '../../create-app.js';
import { migrate } from '../../database/migrate.js';
import { DEMO_USERS } from '../../seed/demo-region.js';
import { seedDemo } from '../../seed/seed-demo.js';

/** A running API on a fresh embedded database with the demo region, a signed-in doctor and a breast study. */
export interface BenchPortal {
  url: string;
  config: AppConfig;
  token: string;
  studyId: string;
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A query as another demo user (an admin, for instance). */
  gqlAs<T>(username: string, query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export async function startBenchPortal(env: Record<string, string> = {}): Promise<BenchPortal> {
  const dataDir = await mkdtemp(join(tmpdir(), 'oasis-bench-'));
  const { DATABASE_URL: _url, DATABASE_OWNER_URL: _owner, ...inherited } = process.env;
  const config = loadConfig({ ...inherited, NODE_ENV: 'test', OASIS_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'error', ...env });
  await migrate(config);
  const app = await createApp({ config, schemaFile: false, logger: new JsonLogger('error') });
  await seedDemo(app.get(DataSource));
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const request = async <T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    if (!body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const signIn = async (username: string) => {
    const user = DEMO_USERS.find((u) => u.username === username)!;
    return (await request<{ signIn: { accessToken: string } }>('mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }', { i: { username, password: user.password } })).signIn.accessToken;
  };
  const token = await signIn('doctor');
  const tokens = new Map<string, string>();
  const gql = <T>(query: string, variables?: Record<string, unknown>) => request<T>(query, variables, token);
  const institutionId = (await gql<{ me: { roles: Array<{ institutionId: string }> } }>('{ me { roles { institutionId } } }')).me.roles[0]!.institutionId;
  const patientId = (await gql<{ registerPatient: { id: string } }>('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name: 'Bench Patient', sex: 'F' } })).registerPatient.id;
  await gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } });
  const studyId = (await gql<{ createStudy: { id: string } }>('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region: 'BREAST' } })).createStudy.id;
  return {
    url,
    config,
    token,
    studyId,
    gql,
    gqlAs: async (username, query, variables) => {
      if (!tokens.has(username)) tokens.set(username, await signIn(username));
      return request(query, variables, tokens.get(username));
    },
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
