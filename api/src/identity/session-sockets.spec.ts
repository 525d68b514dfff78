import { randomBytes } from 'node:crypto';
import { subscribe } from '../testing/subscribe.js';
import { sessionIdOf, within } from '../testing/sessions.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';

const LIVE = 'subscription { auditEventRecorded { action actorUsername } }';
type Live = { auditEventRecorded: { action: string; actorUsername: string | null } };
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }';
const ME = '{ me { username } }';
/** The periodic sweep is pushed out of the way: what closes sockets here is the event itself or the announcement. */
const NO_SWEEP = { OASIS_SESSION_SOCKET_CHECK_SECONDS: '3600', OASIS_SIGNIN_RATE_LIMIT: '1000' };
const CLOSE_WITHIN_MS = 3000;

/** An audited event every admin subscriber is sent: a failed sign-in. */
const raiseAuditEvent = (t: TestApp) => t.gql(SIGN_IN, { i: { username: 'trainer', password: 'not-the-password-1' } });

async function openLive(t: TestApp, token: string) {
  const live = subscribe<Live>(t.url, token, LIVE);
  await live.ready;
  // The subscription is registered just after the socket is acknowledged.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return live;
}

describe.each(DATABASE_KINDS)('subscription sockets end with their session on %s', (kind) => {
  let t: TestApp;
  let institutionId: string;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp(kind, NO_SWEEP);
    admin = await t.signIn('admin');
    institutionId = (await t.gql(`{ me { roles { institutionId } } }`, {}, admin)).data!.me.roles[0].institutionId;
  });
  afterAll(() => t?.close());

  it('closes every socket of a person who signs out, on every device, within seconds', async () => {
    const person = await createSignedInUser(t, admin, 'sockets-signout', [{ role: 'ADMIN', institutionId }]);
    const other = (await t.gql(SIGN_IN, { i: { username: 'sockets-signout', password: 'Own-secret-2026x' } })).data!.signIn.accessToken;
    const here = await openLive(t, person.token);
    const there = await openLive(t, other);

    expect((await t.gql('mutation { signOut }', {}, person.token)).data).toEqual({ signOut: true });
    const [closedHere, closedThere] = await within(Promise.all([here.closed, there.closed]), CLOSE_WITHIN_MS, 'closing both sockets');
    expect(closedHere).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(closedThere.code).toBe(4401);
    // Signing out on one device ended the other device's session too.
    expect(codeOf(await t.gql(ME, {}, other))).toBe('SESSION_REVOKED');
    await Promise.all([here.close(), there.close()]);
  });

  it('closes the sockets of a deactivated account', async () => {
    const person = await createSignedInUser(t, admin, 'sockets-deactivated', [{ role: 'ADMIN', institutionId }]);
    const live = await openLive(t, person.token);
    const deactivated = await t.gql('mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }', { id: person.id }, admin);
    expect(deactivated.data).toEqual({ setUserActive: { active: false } });
    expect((await within(live.closed, CLOSE_WITHIN_MS, 'closing the socket')).code).toBe(4401);
    expect(live.received.some((e) => e.auditEventRecorded.action === 'user.deactivate')).toBe(false);
    await live.close();
  });

  it('closes the sockets of an account whose password an admin reset', async () => {
    const person = await createSignedInUser(t, admin, 'sockets-reset', [{ role: 'ADMIN', institutionId }]);
    const live = await openLive(t, person.token);
    const reset = await t.gql('mutation($i: ResetPasswordInput!) { resetUserPassword(input: $i) { id } }', { i: { userId: person.id, newPassword: 'Reset-by-admin-2026' } }, admin);
    expect(reset.errors).toBeUndefined();
    expect((await within(live.closed, CLOSE_WITHIN_MS, 'closing the socket')).code).toBe(4401);
    expect(codeOf(await t.gql(ME, {}, person.token))).toBe('SESSION_REVOKED');
    await live.close();
  });

  it('changing one’s own password ends the other sessions and their sockets, and keeps this one', async () => {
    const person = await createSignedInUser(t, admin, 'sockets-password', [{ role: 'ADMIN', institutionId }]);
    const other = (await t.gql(SIGN_IN, { i: { username: 'sockets-password', password: 'Own-secret-2026x' } })).data!.signIn.accessToken;
    const here = await openLive(t, person.token);
    const there = await openLive(t, other);

    const changed = await t.gql('mutation($c: ChangePasswordInput!) { changeMyPassword(input: $c) { id } }', { c: { currentPassword: 'Own-secret-2026x', newPassword: 'Newer-secret-2026y' } }, person.token);
    expect(changed.errors).toBeUndefined();
    expect(await within(there.closed, CLOSE_WITHIN_MS, 'closing the other session’s socket')).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(codeOf(await t.gql(ME, {}, other))).toBe('SESSION_REVOKED');
    // This session and its socket carry on.
    expect((await t.gql(ME, {}, person.token)).data).toEqual({ me: { username: 'sockets-password' } });
    await here.waitFor((items) => items.some((e) => e.auditEventRecorded.action === 'user.change-own-password'));
    await Promise.all([here.close(), there.close()]);
  });

  it('re-checks the session before each event: a session ended without notice is sent nothing more', async () => {
    const ended = await t.signIn('admin');
    const watcher = await openLive(t, admin);
    const live = await openLive(t, ended);
    await raiseAuditEvent(t);
    await live.waitFor((items) => items.length === 1);

    // Ended behind the API's back (no announcement, no sweep): only the check before each event can catch it.
    await t.dataSource.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`, [sessionIdOf(ended)]);
    await raiseAuditEvent(t);
    await watcher.waitFor((items) => items.length >= 2);
    expect(await within(live.closed, CLOSE_WITHIN_MS, 'closing the socket')).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    expect(live.received).toHaveLength(1);
    await Promise.all([watcher.close(), live.close()]);
  });

  it('refuses a new operation on a socket whose session ended without notice', async () => {
    const ended = await t.signIn('admin');
    const first = await openLive(t, ended);
    await t.dataSource.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'test' WHERE id = $1`, [sessionIdOf(ended)]);
    // graphql-ws multiplexes: a second subscription on the same client reuses the socket.
    const second = subscribe<Live>(t.url, ended, LIVE);
    await within(Promise.race([first.closed, second.closed]), CLOSE_WITHIN_MS, 'closing the socket');
    await Promise.all([first.close(), second.close()]);
  });
});

describe('subscription sockets end with their session across API instances (Redis pub/sub)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // One PostgreSQL database, one Redis and one signing key, as behind a load balancer.
    const shared = { ...NO_SWEEP, REDIS_URL: 'redis://127.0.0.1:6379', OASIS_JWT_SECRET: randomBytes(32).toString('hex') };
    a = await createTestApp('postgres', shared);
    b = await createTestApp('postgres', { ...shared, DATABASE_URL: a.config.databaseUrl! }, { seed: false });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('closes a socket on one instance when its person signs out on the other', async () => {
    const token = await a.signIn('admin');
    const live = await openLive(b, token);
    expect((await a.gql('mutation { signOut }', {}, token)).data).toEqual({ signOut: true });
    expect(await within(live.closed, CLOSE_WITHIN_MS, 'closing the socket on the other instance')).toEqual({ code: 4401, reason: 'SESSION_REVOKED' });
    await live.close();
  });
});
