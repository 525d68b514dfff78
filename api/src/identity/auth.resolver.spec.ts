import { AuditEvent } from '../audit/audit-event.entity.js';
import { createTestApp, codeOf, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';

const SIGN_IN = `mutation($input: SignInInput!) {
  signIn(input: $input) { accessToken refreshToken accessTokenExpiresAt user { username roles { role institution { code } } } }
}`;
const REFRESH = `mutation($token: String!) { refreshSession(input: { refreshToken: $token }) { accessToken refreshToken } }`;
const ME = `{ me { username } }`;

describe.each(DATABASE_KINDS)('authentication on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { OASIS_LOCKOUT_THRESHOLD: '3', OASIS_SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(() => t?.close());

  const auditCount = (action: string, outcome: string) =>
    t.dataSource.getRepository(AuditEvent).countBy({ action, outcome: outcome as AuditEvent['outcome'] });

  it('signs in with the right password and returns roles and tokens', async () => {
    const result = await t.gql(SIGN_IN, { input: { username: 'Admin ', password: 'Oasis-admin-2026' } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.signIn.user).toEqual({ username: 'admin', roles: [{ role: 'ADMIN', institution: { code: 'KS-PH' } }] });
    const me = await t.gql(ME, {}, result.data!.signIn.accessToken);
    expect(me.data).toEqual({ me: { username: 'admin' } });
    expect(await auditCount('auth.sign-in', 'SUCCESS')).toBeGreaterThanOrEqual(1);
  });

  it('refuses a wrong password and an unknown user with the same code, and audits both', async () => {
    const before = await auditCount('auth.sign-in', 'FAILURE');
    const wrong = await t.gql(SIGN_IN, { input: { username: 'specialist', password: 'not-the-password-1' } });
    const unknown = await t.gql(SIGN_IN, { input: { username: 'nobody', password: 'whatever-123' } });
    expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
    expect(codeOf(unknown)).toBe('INVALID_CREDENTIALS');
    expect(wrong.errors![0].message).toBe(unknown.errors![0].message);
    expect(await auditCount('auth.sign-in', 'FAILURE')).toBe(before + 2);
    // The good password still works: one failure does not lock.
    await t.signIn('specialist');
  });

  it('locks an account after repeated failures, even for the right password, until an admin unlocks it', async () => {
    const attempt = (password: string) => t.gql(SIGN_IN, { input: { username: 'trainer', password } });
    expect(codeOf(await attempt('wrong-password-1'))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await attempt('wrong-password-2'))).toBe('INVALID_CREDENTIALS');
    expect(codeOf(await attempt('wrong-password-3'))).toBe('ACCOUNT_LOCKED');
    expect(codeOf(await attempt('Oasis-trainer-2026'))).toBe('ACCOUNT_LOCKED');

    const admin = await t.signIn('admin');
    const found = await t.gql(`{ users(filter: { search: "trainer" }) { items { id username lockedUntil } } }`, {}, admin);
    const trainer = found.data!.users.items.find((u: { username: string }) => u.username === 'trainer');
    expect(trainer.lockedUntil).not.toBeNull();
    const unlocked = await t.gql(`mutation($id: ID!) { unlockUser(id: $id) { lockedUntil failedSignIns } }`, { id: trainer.id }, admin);
    expect(unlocked.data!.unlockUser).toEqual({ lockedUntil: null, failedSignIns: 0 });
    await t.signIn('trainer');
  });

  it('answers an unknown name exactly like a locked account once the threshold is reached', async () => {
    const attempt = async (username: string, password: string) => {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: SIGN_IN, variables: { input: { username, password } } }),
      });
      return { status: response.status, ...((await response.json()) as { errors: unknown[] }) };
    };
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 1; i <= 4; i++) {
      known.push(await attempt('doctor', `wrong-password-${i}`));
      unknown.push(await attempt(`ghost-${kind}`, `wrong-password-${i}`));
    }
    expect(unknown).toEqual(known);
    expect(known.map((k) => codeOf(k as never))).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    // The real lock still holds against the right password; the made-up name stays "locked" for any password.
    expect(await attempt('doctor', 'Oasis-doctor-2026')).toEqual(await attempt(`ghost-${kind}`, 'Oasis-doctor-2026'));
    await t.dataSource.query(`UPDATE app_user SET locked_until = NULL, failed_sign_ins = 0 WHERE username = 'doctor'`);
  });

  it('rotates refresh tokens and ends the session when an old one is replayed', async () => {
    const first = (await t.gql(SIGN_IN, { input: { username: 'doctor', password: 'Oasis-doctor-2026' } })).data!.signIn;
    const second = await t.gql(REFRESH, { token: first.refreshToken });
    expect(second.errors).toBeUndefined();
    const rotated = second.data!.refreshSession;
    expect(rotated.refreshToken).not.toBe(first.refreshToken);
    expect((await t.gql(ME, {}, rotated.accessToken)).data).toEqual({ me: { username: 'doctor' } });

    const third = (await t.gql(REFRESH, { token: rotated.refreshToken })).data!.refreshSession;
    // Any rotated-away token, not only the latest, gives the theft away.
    const replay = await t.gql(REFRESH, { token: first.refreshToken });
    expect(codeOf(replay)).toBe('SESSION_REVOKED');
    // The replay ended the whole session: the newest tokens stop working too.
    expect(codeOf(await t.gql(ME, {}, third.accessToken))).toBe('SESSION_REVOKED');
    expect(codeOf(await t.gql(REFRESH, { token: third.refreshToken }))).toBe('SESSION_REVOKED');
  });

  it('signs out: the access token and refresh token stop working at once', async () => {
    const session = (await t.gql(SIGN_IN, { input: { username: 'trainee', password: 'Oasis-trainee-2026' } })).data!.signIn;
    expect((await t.gql('mutation { signOut }', {}, session.accessToken)).data).toEqual({ signOut: true });
    expect(codeOf(await t.gql(ME, {}, session.accessToken))).toBe('SESSION_REVOKED');
    expect(codeOf(await t.gql(REFRESH, { token: session.refreshToken }))).toBe('SESSION_REVOKED');
  });

  it('checks requests that arrive together each against its own session', async () => {
    const signIn = async (username: string, password: string) => (await t.gql(SIGN_IN, { input: { username, password } })).data!.signIn.accessToken as string;
    const open = await signIn('doctor', 'Oasis-doctor-2026');
    const ended = await signIn('trainer', 'Oasis-trainer-2026');
    await t.gql('mutation { signOut }', {}, ended);
    const answers = await Promise.all([open, ended, open, ended, open, ended].map((token) => t.gql(ME, {}, token)));
    expect(answers.map((a) => a.data?.me?.username ?? codeOf(a))).toEqual(['doctor', 'SESSION_REVOKED', 'doctor', 'SESSION_REVOKED', 'doctor', 'SESSION_REVOKED']);
  });

  it('refuses missing, forged and expired access tokens with distinct codes', async () => {
    expect(codeOf(await t.gql(ME))).toBe('UNAUTHENTICATED');
    const token = await t.signIn('admin');
    const [header, payload] = token.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${token.split('.')[2]}`;
    expect(codeOf(await t.gql(ME, {}, forged))).toBe('TOKEN_INVALID');
    expect(codeOf(await t.gql(ME, {}, 'not.a.token'))).toBe('TOKEN_INVALID');

    const jwt = (await import('jsonwebtoken')).default;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const expired = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret, {
      issuer: 'oasis-api',
      audience: 'oasis',
    });
    expect(codeOf(await t.gql(ME, {}, expired))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a deactivated user and keeps their history', async () => {
    const admin = await t.signIn('admin');
    const created = await t.gql(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          username: `leaver-${kind}`,
          displayName: 'Leaver',
          password: 'Leaving-soon-42',
          roles: [{ role: 'TRAINEE', institutionId: (await t.gql(`{ institutions(filter:{search:"Aral"}) { id } }`, {}, admin)).data!.institutions[0].id }],
        },
      },
      admin,
    );
    const id = created.data!.createUser.id;
    const session = (await t.gql(SIGN_IN, { input: { username: `leaver-${kind}`, password: 'Leaving-soon-42' } })).data!.signIn;
    await t.gql(`mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }`, { id }, admin);
    expect(codeOf(await t.gql(ME, {}, session.accessToken))).toMatch(/SESSION_REVOKED|ACCOUNT_DEACTIVATED/);
    expect(codeOf(await t.gql(SIGN_IN, { input: { username: `leaver-${kind}`, password: 'Leaving-soon-42' } }))).toBe('ACCOUNT_DEACTIVATED');
    const history = await t.gql(`query($id: String!) { auditEvents(filter: { resourceId: $id }) { items { action } } }`, { id }, admin);
    expect(history.data!.auditEvents.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.create', 'auth.sign-in', 'user.deactivate']),
    );
  });
});

describe('sign-in rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OASIS_SIGNIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t?.close());

  it('answers RATE_LIMITED past the limit, without checking the password, and audits it', async () => {
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(codeOf(await t.gql(SIGN_IN, { input: { username: 'admin', password: `guess-${i}-xyz` } })));
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'RATE_LIMITED', 'RATE_LIMITED']);
    expect(await t.dataSource.getRepository(AuditEvent).countBy({ action: 'auth.sign-in', code: 'RATE_LIMITED' })).toBe(2);
  });
});

describe('temporary passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(() => t?.close());

  it('allows only changing the password until the temporary one is replaced', async () => {
    const admin = await t.signIn('admin');
    const aral = (await t.gql('{ institutions(filter: { search: "Aral" }) { id } }', {}, admin)).data!.institutions[0].id;
    await t.gql(
      'mutation($u: CreateUserInput!) { createUser(input: $u) { id } }',
      { u: { username: 'newcomer', displayName: 'Newcomer', password: 'Temporary-pass-1', roles: [{ role: 'TRAINEE', institutionId: aral }] } },
      admin,
    );
    const session = (await t.gql(SIGN_IN, { input: { username: 'newcomer', password: 'Temporary-pass-1' } })).data!.signIn;
    expect(codeOf(await t.gql('{ institutions { id } }', {}, session.accessToken))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await t.gql('{ me { mustChangePassword } }', {}, session.accessToken)).data).toEqual({ me: { mustChangePassword: true } });

    const same = await t.gql('mutation { changeMyPassword(input: { currentPassword: "Temporary-pass-1", newPassword: "Temporary-pass-1" }) { id } }', {}, session.accessToken);
    expect(codeOf(same)).toBe('WEAK_PASSWORD');
    const wrong = await t.gql('mutation { changeMyPassword(input: { currentPassword: "not-it-0000", newPassword: "My-own-secret-42" }) { id } }', {}, session.accessToken);
    expect(codeOf(wrong)).toBe('INVALID_CREDENTIALS');
    const changed = await t.gql(
      'mutation { changeMyPassword(input: { currentPassword: "Temporary-pass-1", newPassword: "My-own-secret-42" }) { mustChangePassword } }',
      {},
      session.accessToken,
    );
    expect(changed.data).toEqual({ changeMyPassword: { mustChangePassword: false } });
    expect((await t.gql('{ institutions { id } }', {}, session.accessToken)).errors).toBeUndefined();
  });
});
