import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { Institution } from '../identity/institution.entity.js';
import { User } from '../identity/user.entity.js';
import { DEMO_USERS } from '../seed/demo-region.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';

type Who = (typeof DEMO_USERS)[number]['username'] | 'countyAdmin';

/**
 * The access policy exercised end to end through GraphQL: each role signs in and tries each operation.
 * The pure rule table has its own exhaustive matrix in decide.spec.ts; this proves every resolver asks it.
 */
describe('access matrix through the API', () => {
  let t: TestApp;
  const tokens = {} as Record<Who, string>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp('pglite');
    for (const i of await t.dataSource.getRepository(Institution).find()) ids[i.code] = i.id;
    for (const u of await t.dataSource.getRepository(User).find()) ids[u.username] = u.id;
    for (const u of DEMO_USERS) tokens[u.username] = await t.signIn(u.username);
    const created = await t.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'county.admin', displayName: 'County Admin', password: 'County-admin-77', roles: [{ role: 'ADMIN', institutionId: ids['KS-SF-CH'] }] } },
      tokens.admin,
    );
    ids['county.admin'] = created.data!.createUser.id;
    const target = await t.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      { input: { username: 'shule.nurse', displayName: 'Shule Nurse', password: 'Shule-nurse-55', roles: [{ role: 'TRAINEE', institutionId: ids['KS-SL-T01'] }] } },
      tokens.admin,
    );
    ids['shule.nurse'] = target.data!.createUser.id;
    const signedIn = await t.gql(`mutation { signIn(input: { username: "county.admin", password: "County-admin-77" }) { accessToken } }`);
    tokens.countyAdmin = signedIn.data!.signIn.accessToken;
    await t.gql('mutation { changeMyPassword(input: { currentPassword: "County-admin-77", newPassword: "County-admin-own-78" }) { id } }', {}, tokens.countyAdmin);
  });
  afterAll(() => t?.close());

  const everyone: Who[] = ['admin', 'countyAdmin', 'specialist', 'doctor', 'trainer', 'trainee'];
  let counter = 0;
  const operations: Array<[string, () => [string, Record<string, unknown>], Who[]]> = [
    ['list institutions', () => ['{ institutions { id } }', {}], everyone],
    [
      'create an institution under Shufu county',
      () => [
        'mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }',
        { i: { code: `KS-SF-N${++counter}`, name: 'New township', type: 'TOWNSHIP_HEALTH_CENTRE', prefecture: 'Kashgar', parentId: ids['KS-SF-CH'] } },
      ],
      ['admin', 'countyAdmin'],
    ],
    [
      'create a root institution',
      () => ['mutation($i: CreateInstitutionInput!) { createInstitution(input: $i) { id } }', { i: { code: `ROOT-${++counter}`, name: 'Another region', type: 'URBAN_HOSPITAL', prefecture: 'Hotan' } }],
      ['admin'],
    ],
    ['rename a Shufu township', () => ['mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', { i: { id: ids['KS-SF-T02'], name: 'Wupar Township Health Centre' } }], ['admin', 'countyAdmin']],
    ['rename a Shule township', () => ['mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', { i: { id: ids['KS-SL-T03'], name: 'Aral Township Health Centre' } }], ['admin']],
    ['list users', () => ['{ users { total } }', {}], ['admin', 'countyAdmin']],
    ['read the township doctor', () => ['query($id: ID!) { user(id: $id) { id } }', { id: ids.doctor }], ['admin', 'countyAdmin', 'doctor']],
    ['read the specialist', () => ['query($id: ID!) { user(id: $id) { id } }', { id: ids.specialist }], ['admin', 'specialist']],
    ['update own display name', () => ['mutation { updateUser(input: { id: "SELF", displayName: "Me" }) { id } }', {}], everyone],
    ['reset a Shule user’s password', () => ['mutation($id: ID!) { resetUserPassword(input: { userId: $id, newPassword: "Temporary-pass-9" }) { id } }', { id: ids['shule.nurse'] }], ['admin']],
    ['unlock the township doctor', () => ['mutation($id: ID!) { unlockUser(id: $id) { id } }', { id: ids.doctor }], ['admin', 'countyAdmin']],
    ['read the audit trail', () => ['{ auditEvents(filter: { limit: 5 }) { items { id } } }', {}], ['admin', 'countyAdmin']],
    ['remove the township doctor’s authenticator', () => ['mutation($id: ID!) { resetUserMfa(userId: $id) }', { id: ids.doctor }], ['admin', 'countyAdmin']],
    ['review break-glass accesses', () => ['{ breakGlassGrants { id } }', {}], ['admin', 'countyAdmin']],
  ];

  const cases = operations.flatMap(([name, op, allowed]) => everyone.map((who) => [name, who, allowed.includes(who), op] as const));

  it.each(cases)('%s by %s → allowed=%s', async (_name, who, allowed, op) => {
    const [query, variables] = op();
    const selfId = who === 'countyAdmin' ? ids['county.admin'] : ids[who];
    const result = await t.gql(query.replace('"SELF"', `"${selfId}"`), variables, tokens[who]);
    if (allowed) {
      expect(result.errors).toBeUndefined();
    } else {
      expect(codeOf(result)).toBe('FORBIDDEN');
    }
  });

  it('wrote a DENIED audit row for each refusal', async () => {
    const denied = await t.dataSource.getRepository(AuditEvent).countBy({ outcome: AuditOutcome.DENIED, code: 'FORBIDDEN' });
    const refusals = cases.filter(([, , allowed]) => !allowed).length;
    expect(denied).toBe(refusals);
  });
});
