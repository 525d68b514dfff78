import { randomUUID } from 'node:crypto';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS, dropPostgresDatabase } from '../testing/test-database.js';
import { postgresPool } from './postgres-pool.js';
import { errorExtensionsOf } from '../testing/error-answer.js';

/** Takes the database away under the running API: PostgreSQL's is dropped (connections cut), PGlite is closed. */
async function takeDatabaseAway(t: TestApp): Promise<void> {
  if (postgresPool(t.dataSource)) return dropPostgresDatabase(t.config.databaseUrl!);
  const pool = (t.dataSource.driver as unknown as { master: { end(cb: (e: Error | null) => void): void } }).master;
  await new Promise<void>((resolve, reject) => pool.end((error) => (error ? reject(error) : resolve())));
}

describe.each(DATABASE_KINDS)('database outage on %s', (kind) => {
  let t: TestApp;
  let token: string;
  const logLines: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    t = await createTestApp(kind, {}, { logger: new JsonLogger('error', (line) => logLines.push(JSON.parse(line))) });
    token = await t.signIn('doctor');
    await takeDatabaseAway(t);
  });
  afterAll(() => t?.close());

  it('answers GraphQL with DATABASE_UNAVAILABLE, signed in or signing in, and logs it', async () => {
    const me = await t.gql('{ me { username } }', {}, token);
    expect(codeOf(me)).toBe('DATABASE_UNAVAILABLE');
    expect(me.errors![0].message).toBe('The database is not reachable right now; try again in a moment');
    const signIn = await t.gql('mutation { signIn(input: { username: "doctor", password: "Oasis-doctor-2026" }) { accessToken } }');
    expect(codeOf(signIn)).toBe('DATABASE_UNAVAILABLE');
    expect(logLines).toContainEqual(expect.objectContaining({ level: 'error', context: 'Database', msg: 'database unavailable' }));
    expect(logLines.filter((l) => l.msg === 'unexpected GraphQL error')).toEqual([]);
  });

  it('answers REST with 503 and the code as JSON, not a bare 500', async () => {
    const response = await fetch(`${t.url}/images/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(await errorExtensionsOf(response)).toEqual({ code: 'DATABASE_UNAVAILABLE' });
  });

  it('still refuses a forged token as TOKEN_INVALID when its audit row cannot be written', async () => {
    const [header, payload] = token.split('.');
    expect(codeOf(await t.gql('{ me { username } }', {}, `${header}.${payload}.forged-signature`))).toBe('TOKEN_INVALID');
    expect(logLines).toContainEqual(expect.objectContaining({ msg: 'forged-token audit row not written' }));
  });

  it('keeps answering what does not need the database', async () => {
    expect((await fetch(`${t.url}/health/live`)).status).toBe(200);
    expect((await fetch(`${t.url}/health/ready`)).status).toBe(503);
  });
});

/** The filter that codes outages leaves every other REST error as Nest answers it. */
describe('REST errors while the database is up', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { seed: false });
  });
  afterAll(() => t?.close());

  it('answers an unknown route 404 and a refused token 401 with its code, as before', async () => {
    const unknown = await fetch(`${t.url}/internal/no-such-route`, { method: 'POST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ statusCode: 404 });
    const refused = await fetch(`${t.url}/images/${randomUUID()}`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(refused.status).toBe(401);
    expect(await errorExtensionsOf(refused)).toEqual({ code: 'TOKEN_INVALID' });
  });
});
