import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { subscribe } from '../testing/subscribe.js';
import { createSignedInUser } from '../testing/users.js';
import { Institution } from '../identity/institution.entity.js';
import { User } from '../identity/user.entity.js';

const LIVE = 'subscription { auditEventRecorded { action outcome actorUsername resourceType } }';
type Live = { auditEventRecorded: { action: string; outcome: string; actorUsername: string | null; resourceType: string } };

describe('audit trail', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it('pages newest first with a cursor', async () => {
    const admin = await t.signIn('admin');
    for (let i = 0; i < 3; i++) await t.signIn('doctor');
    const first = await t.gql('{ auditEvents(filter: { limit: 2 }) { items { id action } nextCursor } }', {}, admin);
    const page = first.data!.auditEvents;
    expect(page.items).toHaveLength(2);
    expect(Number(page.items[0].id)).toBeGreaterThan(Number(page.items[1].id));
    const second = await t.gql('query($c: String) { auditEvents(filter: { limit: 2, after: $c }) { items { id } } }', { c: page.nextCursor }, admin);
    expect(Number(second.data!.auditEvents.items[0].id)).toBeLessThan(Number(page.items[1].id));
  });

  it('streams new events live to an admin over graphql-ws', async () => {
    const admin = await t.signIn('admin');
    const live = subscribe<Live>(t.url, admin, LIVE);
    await live.ready;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.gql('mutation { signIn(input: { username: "doctor", password: "wrong-password-0" }) { accessToken } }');
    await live.waitFor((items) => items.some((e) => e.auditEventRecorded.outcome === 'FAILURE'));
    expect(live.received.find((e) => e.auditEventRecorded.outcome === 'FAILURE')!.auditEventRecorded).toMatchObject({
      action: 'auth.sign-in',
      actorUsername: 'doctor',
    });
    await live.close();
  });

  it('refuses the live trail to a township doctor and to an anonymous socket', async () => {
    const doctor = await t.signIn('doctor');
    const refused = subscribe<Live>(t.url, doctor, LIVE);
    await refused.waitFor(() => refused.errors.length > 0);
    expect(JSON.stringify(refused.errors)).toContain('FORBIDDEN');
    await refused.close();

    const anonymous = subscribe<Live>(t.url, undefined, LIVE);
    await anonymous.waitFor(() => anonymous.errors.length > 0);
    await anonymous.close();
  });

  it('keeps rows naming another institution from a county admin, even when their actor also works in the county', async () => {
    const admin = await t.signIn('admin');
    const ids = Object.fromEntries((await t.dataSource.getRepository(Institution).find()).map((i) => [i.code, i.id]));
    const specialistId = (await t.dataSource.getRepository(User).findOneByOrFail({ username: 'specialist' })).id;
    // The regional specialist also teaches at the county hospital: the county admin now sees their sign-ins.
    await t.gql('mutation($u: ID!, $r: RoleInput!) { assignRole(userId: $u, role: $r) { id } }', { u: specialistId, r: { role: 'TRAINER', institutionId: ids['KS-SF-CH'] } }, admin);
    const countyAdmin = (await createSignedInUser(t, admin, 'shufu.audit', [{ role: 'ADMIN', institutionId: ids['KS-SF-CH'] }])).token;
    const specialist = await t.signIn('specialist');
    await t.gql('mutation($i: UpdateInstitutionInput!) { updateInstitution(input: $i) { id } }', { i: { id: ids['KS-PH'], name: 'Renamed' } }, specialist);
    const seen = await t.gql('query($a: ID) { auditEvents(filter: { actorUserId: $a, limit: 100 }) { items { action institutionId } } }', { a: specialistId }, countyAdmin);
    const items: Array<{ action: string; institutionId: string | null }> = seen.data!.auditEvents.items;
    expect(items.map((i) => i.action)).toContain('auth.sign-in');
    expect(items.filter((i) => i.institutionId && i.institutionId !== ids['KS-SF-CH'])).toEqual([]);
  });

  it('refuses a township doctor reading the audit trail', async () => {
    expect(codeOf(await t.gql('{ auditEvents { items { id } } }', {}, await t.signIn('doctor')))).toBe('FORBIDDEN');
  });
});

describe('audit events across API instances (Redis pub/sub)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // Both instances share one PostgreSQL database and one Redis, as behind a load balancer.
    a = await createTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:6379' });
    b = await createTestApp('postgres', { REDIS_URL: 'redis://127.0.0.1:6379', DATABASE_URL: a.config.databaseUrl!, OASIS_JWT_SECRET: a.config.jwtSecret }, { seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('delivers an event raised on one instance to a subscriber on the other', async () => {
    const live = subscribe<Live>(b.url, await b.signIn('admin'), LIVE);
    await live.ready;
    // The socket is up before b has subscribed to Redis: raise events on a until the first one comes through.
    const arrived = (username: string) => live.received.filter((e) => e.auditEventRecorded.actorUsername === username).map((e) => e.auditEventRecorded);
    for (let tries = 0; arrived('doctor').length === 0; tries++) {
      if (tries === 50) throw new Error('no event from the other instance arrived');
      await a.signIn('doctor');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await a.signIn('specialist');
    await live.waitFor(() => arrived('specialist').length > 0);
    // What a wrote for the sign-in, row for row, arrived on b once each.
    const rows = await a.dataSource.query(
      `SELECT action, outcome, actor_username AS "actorUsername", resource_type AS "resourceType" FROM audit_event WHERE actor_username = 'specialist' ORDER BY id`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await a.signIn('doctor');
    await live.waitFor(() => arrived('doctor').length > 1);
    expect(arrived('specialist')).toEqual(rows);
    await live.close();
  });

});
