import { randomBytes } from 'node:crypto';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { errorExtensionsOf } from '../testing/error-answer.js';

/** Bad requests get a clear error with a stable code, change nothing, and the API keeps serving. */
describe('GraphQL hardening', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OASIS_GRAPHQL_MAX_DEPTH: '4', OASIS_GRAPHQL_MAX_COST: '1000', OASIS_MAX_BODY_BYTES: '20000' });
    admin = await t.signIn('admin');
  });
  afterAll(() => t?.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers }, body });

  it('answers malformed GraphQL with GRAPHQL_PARSE_FAILED', async () => {
    const response = await post(JSON.stringify({ query: '{ institutions { id ' }));
    expect(response.status).toBe(400);
    expect((await errorExtensionsOf(response)).code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers a body that is not JSON with BAD_USER_INPUT', async () => {
    const response = await post('{"query": ');
    expect(response.status).toBe(400);
    expect((await errorExtensionsOf(response)).code).toBe('BAD_USER_INPUT');
  });

  it('refuses an over-deep query before running it', async () => {
    expect((await t.gql('{ me { roles { institution { id } } } }', {}, admin)).errors).toBeUndefined();
    const result = await t.gql('{ users { items { roles { institution { id } } } } }', {}, admin);
    expect(codeOf(result)).toBe('QUERY_TOO_DEEP');
    expect(result.errors![0].message).toBe('Query is nested 5 levels deep; the limit is 4');
  });

  it('refuses an over-complex query with QUERY_TOO_COMPLEX', async () => {
    const fields = Array.from({ length: 30 }, (_, i) => `f${i}: institutions { id name code prefecture county }`).join(' ');
    const result = await t.gql(`{ ${fields} }`, {}, admin);
    expect(codeOf(result)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses an oversized request with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await post(JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'x'.repeat(30_000) } }));
    expect(response.status).toBe(413);
    expect((await errorExtensionsOf(response)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers invalid input with BAD_USER_INPUT listing the problems, and writes nothing', async () => {
    const before = await t.dataSource.getRepository(Institution).count();
    const result = await t.gql(
      'mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }',
      { i: { code: 'bad code!', name: 'X', type: 'TOWNSHIP_HEALTH_CENTRE', prefecture: 'Kashgar' } },
      admin,
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toMatch(/code must be 2-32 capital letters/);
    expect(await t.dataSource.getRepository(Institution).count()).toBe(before);
  });

  it('answers a duplicate code with CONFLICT and keeps the original', async () => {
    const result = await t.gql(
      'mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }',
      { i: { code: 'KS-PH', name: 'Duplicate', type: 'URBAN_HOSPITAL', prefecture: 'Kashgar' } },
      admin,
    );
    expect(codeOf(result)).toBe('CONFLICT');
    expect((await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-PH' })).name).toContain('Kashgar');
  });

  it('answers a weak password with WEAK_PASSWORD and the reasons', async () => {
    const institutions = await t.gql('{ institutions(filter: { search: "Aral" }) { id } }', {}, admin);
    const result = await t.gql(
      'mutation($u: CreateUserInput!) { createUser(input: $u) { id } }',
      { u: { username: 'weakling', displayName: 'W', password: 'short', roles: [{ role: 'TRAINEE', institutionId: institutions.data!.institutions[0].id }] } },
      admin,
    );
    expect(codeOf(result)).toBe('WEAK_PASSWORD');
    expect(result.errors![0].extensions!.reasons).toEqual(expect.arrayContaining(['at least 10 characters', 'both letters and digits']));
  });

  it('answers a malformed id with BAD_USER_INPUT and keeps serving', async () => {
    const result = await t.gql('query($id: ID!) { institution(id: $id) { id } }', { id: 'not-a-uuid' }, admin);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(result)).not.toMatch(/invalid input syntax|QueryFailedError/);
    expect((await t.gql('{ me { username } }', {}, admin)).data).toEqual({ me: { username: 'admin' } });
  });

  it('never exposes a way to change or remove audit rows', async () => {
    const schema = await t.gql('{ __schema { mutationType { fields { name } } } }', {}, admin);
    const mutations: string[] = schema.data!.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations.filter((m) => /audit/i.test(m))).toEqual([]);
    expect(await t.dataSource.getRepository(AuditEvent).count()).toBeGreaterThan(0);
  });
});

/** Introspection is off in production; field and enum suggestions must not map the schema either. */
describe('GraphQL in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await createTestApp(
      'pglite',
      {
        NODE_ENV: 'production',
        OASIS_JWT_SECRET: randomBytes(32).toString('hex'),
        OASIS_MEDIA_SECRET: randomBytes(32).toString('hex'),
        OASIS_MASTER_KEY: randomBytes(32).toString('hex'),
      },
      { seed: false },
    );
  });
  afterAll(() => prod?.close());

  it('answers a mistyped field without "Did you mean", signed out', async () => {
    const result = await prod.gql('{ patientz { id } institutionz { id } }');
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors!.map((e) => e.message)).toEqual([
      'Cannot query field "patientz" on type "Query".',
      'Cannot query field "institutionz" on type "Query".',
    ]);
  });

  it('answers a mistyped argument and enum value in variables without suggestions', async () => {
    const argument = await prod.gql('{ institutions(filtr: {}) { id } }');
    expect(argument.errors![0].message).toBe('Unknown argument "filtr" on field "Query.institutions".');
    const enumValue = await prod.gql('query($f: UsersFilter) { users(filter: $f) { total } }', { f: { role: 'ADMINN' } });
    expect(codeOf(enumValue)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(enumValue)).not.toMatch(/Did you mean|"ADMIN"/);
  });
});
