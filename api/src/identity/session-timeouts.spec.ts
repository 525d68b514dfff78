import { subscribe } from '../testing/subscribe.js';
import { ageSession, sessionIdOf, within } from '../testing/sessions.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';

const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { accessToken refreshToken } }';
const REFRESH = 'mutation($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken } }';
const ME = '{ me { username } }';

describe.each(DATABASE_KINDS)('session idle timeout and lifetime on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Defaults for the timeouts (15 min clinical, 60 min others, 12 h); sockets swept every second.
    t = await createTestApp(kind, { OASIS_SESSION_SOCKET_CHECK_SECONDS: '1', OASIS_SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(() => t?.close());

  const signIn = async (username: string, password: string) =>
    (await t.gql(SIGN_IN, { i: { username, password } })).data!.signIn as { accessToken: string; refreshToken: string };

  it('ends a clinical session idle for more than 15 minutes, on requests and on refresh', async () => {
    const doctor = await signIn('doctor', 'Oasis-doctor-2026');
    await ageSession(t, doctor.accessToken, { idleMinutes: 14 });
    expect((await t.gql(ME, {}, doctor.accessToken)).data).toEqual({ me: { username: 'doctor' } });
    await ageSession(t, doctor.accessToken, { idleMinutes: 16 });
    expect(codeOf(await t.gql(ME, {}, doctor.accessToken))).toBe('SESSION_EXPIRED');
    expect(codeOf(await t.gql(REFRESH, { token: doctor.refreshToken }))).toBe('SESSION_EXPIRED');
  });

  it('gives non-clinical roles the longer idle timeout', async () => {
    const admin = await signIn('admin', 'Oasis-admin-2026');
    await ageSession(t, admin.accessToken, { idleMinutes: 30 });
    expect((await t.gql(ME, {}, admin.accessToken)).data).toEqual({ me: { username: 'admin' } });
    await ageSession(t, admin.accessToken, { idleMinutes: 61 });
    expect(codeOf(await t.gql(ME, {}, admin.accessToken))).toBe('SESSION_EXPIRED');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const specialist = await signIn('specialist', 'Oasis-specialist-2026');
    await ageSession(t, specialist.accessToken, { ageHours: 12.1 });
    expect(codeOf(await t.gql(ME, {}, specialist.accessToken))).toBe('SESSION_EXPIRED');
    expect(codeOf(await t.gql(REFRESH, { token: specialist.refreshToken }))).toBe('SESSION_EXPIRED');
  });

  it('counts each request as activity: it restarts the idle timer', async () => {
    const doctor = await signIn('doctor', 'Oasis-doctor-2026');
    await ageSession(t, doctor.accessToken, { idleMinutes: 10 });
    expect((await t.gql(ME, {}, doctor.accessToken)).data).toEqual({ me: { username: 'doctor' } });
    const [row] = await t.dataSource.query('SELECT last_used_at FROM auth_session WHERE id = $1', [sessionIdOf(doctor.accessToken)]);
    expect(Date.now() - new Date(row.last_used_at).getTime()).toBeLessThan(60_000);
    // Ten more minutes on top are fine again, since the clock was restarted.
    await ageSession(t, doctor.accessToken, { idleMinutes: 10 });
    expect((await t.gql(ME, {}, doctor.accessToken)).data).toEqual({ me: { username: 'doctor' } });
  });

  it('does not count a token refresh as activity (browsers refresh on a timer)', async () => {
    const doctor = await signIn('doctor', 'Oasis-doctor-2026');
    await ageSession(t, doctor.accessToken, { idleMinutes: 14 });
    const refreshed = await t.gql(REFRESH, { token: doctor.refreshToken });
    expect(refreshed.errors).toBeUndefined();
    const [row] = await t.dataSource.query('SELECT last_used_at FROM auth_session WHERE id = $1', [sessionIdOf(doctor.accessToken)]);
    expect(Date.now() - new Date(row.last_used_at).getTime()).toBeGreaterThan(13 * 60_000);
  });

  it('closes the subscription socket of a session that expires, within seconds, without any event', async () => {
    const doctor = await signIn('doctor', 'Oasis-doctor-2026');
    const live = subscribe(t.url, doctor.accessToken, 'subscription { consultChanged { id } }');
    await live.ready;
    await ageSession(t, doctor.accessToken, { idleMinutes: 16 });
    expect(await within(live.closed, 4000, 'closing the socket')).toEqual({ code: 4401, reason: 'SESSION_EXPIRED' });
    await live.close();
  });

  it('refuses a socket for an expired session', async () => {
    const doctor = await signIn('doctor', 'Oasis-doctor-2026');
    await ageSession(t, doctor.accessToken, { idleMinutes: 16 });
    const live = subscribe(t.url, doctor.accessToken, 'subscription { consultChanged { id } }');
    expect((await within(live.closed, 4000, 'refusing the socket')).code).toBe(4403);
    await live.close();
  });
});
