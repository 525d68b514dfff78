import type { FindOptionsWhere } from 'typeorm';
import { AuditEvent } from '../../audit/audit-event.entity.js';
import { DEMO_USERS } from '../../seed/demo-region.js';
import { codeOf, createTestApp, type GqlResult, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { freshTotpCode, lastTotpCode } from '../../testing/totp-codes.js';

const SIGN_IN = 'mutation($u: String!, $p: String!) { signIn(input: { username: $u, password: $p }) { accessToken } }';
const BEGIN = 'mutation($c: String!) { beginMfaEnrolment(input: { challenge: $c }) { secret otpauthUri } }';
const CONFIRM = 'mutation($c: String!, $code: String!) { confirmMfaEnrolment(input: { challenge: $c, code: $code }) { recoveryCodes session { accessToken user { username } } } }';
const VERIFY = 'mutation($c: String!, $code: String!) { verifyMfa(input: { challenge: $c, code: $code }) { accessToken user { username } } }';
const ME = '{ me { username } }';

const password = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;
const challengeOf = (result: GqlResult) => result.errors![0].extensions!.challenge as string;

describe.each(DATABASE_KINDS)('multi-factor sign-in on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { OASIS_MFA_REQUIRED_ROLES: 'ADMIN,SPECIALIST', OASIS_LOCKOUT_THRESHOLD: '3', OASIS_SIGNIN_RATE_LIMIT: '1000' });
  });
  afterAll(() => t?.close());

  const signIn = (username: string) => t.gql(SIGN_IN, { u: username, p: password(username) });
  const countAudit = (where: FindOptionsWhere<AuditEvent>) => t.dataSource.getRepository(AuditEvent).countBy(where);
  let admin: { secret: string; recoveryCodes: string[]; token: string };

  /** Enrols through the API as the web app does. */
  async function enrol(username: string) {
    const challenge = challengeOf(await signIn(username));
    const { secret } = (await t.gql(BEGIN, { c: challenge })).data!.beginMfaEnrolment;
    const confirmed = (await t.gql(CONFIRM, { c: challenge, code: await freshTotpCode(secret) })).data!.confirmMfaEnrolment;
    return { secret, recoveryCodes: confirmed.recoveryCodes as string[], token: confirmed.session.accessToken as string };
  }

  it('lets someone whose role needs no MFA sign in with the password alone', async () => {
    expect((await signIn('doctor')).errors).toBeUndefined();
  });

  it('makes a required role enrol before any session: secret for the QR code, a confirming code, recovery codes', async () => {
    const first = await signIn('admin');
    expect(codeOf(first)).toBe('MFA_ENROLMENT_REQUIRED');
    expect(first.data).toBeNull();
    const challenge = challengeOf(first);
    // The challenge is not a session.
    expect(codeOf(await t.gql(ME, {}, challenge))).toBe('TOKEN_INVALID');
    const { secret, otpauthUri } = (await t.gql(BEGIN, { c: challenge })).data!.beginMfaEnrolment;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toBe(`otpauth://totp/Oasis:admin?secret=${secret}&issuer=Oasis`);
    expect(await t.dataSource.query('SELECT totp_secret FROM user_mfa WHERE confirmed_at IS NULL')).toEqual([{ totp_secret: secret }]);

    expect(codeOf(await t.gql(CONFIRM, { c: challenge, code: '000000' }))).toBe('MFA_INVALID');
    const confirmed = await t.gql(CONFIRM, { c: challenge, code: await freshTotpCode(secret) });
    expect(confirmed.errors).toBeUndefined();
    const { recoveryCodes, session } = confirmed.data!.confirmMfaEnrolment;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect((await t.gql(ME, {}, session.accessToken)).data).toEqual({ me: { username: 'admin' } });
    admin = { secret, recoveryCodes, token: session.accessToken };
    // Only salted hashes are kept.
    const stored = (await t.dataSource.query('SELECT code_hash FROM mfa_recovery_code')) as Array<{ code_hash: string }>;
    expect(stored).toHaveLength(10);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.code_hash))).toBe(true);
    // Enrolled: the same challenge cannot set up another authenticator.
    expect(codeOf(await t.gql(BEGIN, { c: challenge }))).toBe('CONFLICT');
    expect(await countAudit({ action: 'auth.mfa-enrol', actorUsername: 'admin' })).toBe(1);
  });

  it('asks an enrolled person for the code after the password, and refuses the same code again', async () => {
    const first = await signIn('admin');
    expect(codeOf(first)).toBe('MFA_REQUIRED');
    expect(first.data).toBeNull();
    // An MFA_REQUIRED challenge cannot enrol another authenticator.
    expect(codeOf(await t.gql(BEGIN, { c: challengeOf(first) }))).toBe('TOKEN_INVALID');

    const verified = await t.gql(VERIFY, { c: challengeOf(first), code: await freshTotpCode(admin.secret) });
    expect(verified.errors).toBeUndefined();
    expect((await t.gql(ME, {}, verified.data!.verifyMfa.accessToken)).data).toEqual({ me: { username: 'admin' } });

    const again = await signIn('admin');
    expect(codeOf(await t.gql(VERIFY, { c: challengeOf(again), code: await lastTotpCode(admin.secret) }))).toBe('MFA_INVALID');
    // This replay and the wrong code at enrolment.
    expect(await countAudit({ action: 'auth.mfa', code: 'MFA_INVALID', actorUsername: 'admin' })).toBe(2);
  });

  it('accepts each recovery code once, in any case and without the dash', async () => {
    const [code] = admin.recoveryCodes;
    const first = await t.gql(VERIFY, { c: challengeOf(await signIn('admin')), code: code.replace('-', '').toLowerCase() });
    expect(first.errors).toBeUndefined();
    expect(codeOf(await t.gql(VERIFY, { c: challengeOf(await signIn('admin')), code }))).toBe('MFA_INVALID');
    const used = await t.dataSource.query('SELECT count(*)::int AS n FROM mfa_recovery_code WHERE used_at IS NOT NULL');
    expect(used).toEqual([{ n: 1 }]);
  });

  let specialist: { secret: string; recoveryCodes: string[] };

  it('lets one code open one session when two sign-ins send it at once', async () => {
    specialist = await enrol('specialist');
    const [first, second] = [challengeOf(await signIn('specialist')), challengeOf(await signIn('specialist'))];
    const code = await freshTotpCode(specialist.secret);
    const answers = await Promise.all([t.gql(VERIFY, { c: first, code }), t.gql(VERIFY, { c: second, code })]);
    expect(answers.map((a) => (a.data ? 'signed in' : codeOf(a))).sort()).toEqual(['MFA_INVALID', 'signed in']);
  });

  it('counts wrong codes toward lock-out like wrong passwords', async () => {
    // A completed sign-in clears the count (the refused twin above may have counted after the other's success).
    expect((await t.gql(VERIFY, { c: challengeOf(await signIn('specialist')), code: specialist.recoveryCodes[1] })).errors).toBeUndefined();
    const challenge = challengeOf(await signIn('specialist'));
    const codes = [];
    for (const code of ['111111', '222222', '333333']) codes.push(codeOf(await t.gql(VERIFY, { c: challenge, code })));
    expect(codes).toEqual(['MFA_INVALID', 'MFA_INVALID', 'ACCOUNT_LOCKED']);
    // Locked: neither a good recovery code nor the password gets further, and the code is not used up.
    expect(codeOf(await t.gql(VERIFY, { c: challenge, code: specialist.recoveryCodes[0] }))).toBe('ACCOUNT_LOCKED');
    expect(codeOf(await signIn('specialist'))).toBe('ACCOUNT_LOCKED');
    expect(await t.dataSource.query("SELECT count(*)::int AS n FROM mfa_recovery_code c JOIN app_user u ON u.id = c.user_id WHERE u.username = 'specialist' AND c.used_at IS NULL")).toEqual([{ n: 9 }]);
  });

  it('lets an admin remove a lost authenticator, so the person enrols again', async () => {
    const specialistId = ((await t.dataSource.query("SELECT id FROM app_user WHERE username = 'specialist'")) as Array<{ id: string }>)[0].id;
    const doctor = (await signIn('doctor')).data!.signIn.accessToken;
    expect(codeOf(await t.gql('mutation($id: ID!) { resetUserMfa(userId: $id) }', { id: specialistId }, doctor))).toBe('FORBIDDEN');
    const enabled = () => t.gql('query($id: ID!) { user(id: $id) { mfaEnabled } }', { id: specialistId }, admin.token);
    expect((await enabled()).data).toEqual({ user: { mfaEnabled: true } });
    expect((await t.gql('mutation($id: ID!) { resetUserMfa(userId: $id) }', { id: specialistId }, admin.token)).data).toEqual({ resetUserMfa: true });
    expect((await enabled()).data).toEqual({ user: { mfaEnabled: false } });
    await t.gql('mutation($id: ID!) { unlockUser(id: $id) { id } }', { id: specialistId }, admin.token);
    expect(codeOf(await signIn('specialist'))).toBe('MFA_ENROLMENT_REQUIRED');
    expect(await countAudit({ action: 'user.reset-mfa', resourceId: specialistId })).toBe(1);
  });
});

describe('second-factor rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { OASIS_MFA_REQUIRED_ROLES: 'ADMIN', OASIS_SIGNIN_RATE_LIMIT: '3' });
  });
  afterAll(() => t?.close());

  it('counts code attempts toward the sign-in rate limit', async () => {
    const challenge = challengeOf(await t.gql(SIGN_IN, { u: 'admin', p: password('admin') }));
    expect(codeOf(await t.gql(CONFIRM, { c: challenge, code: '123456' }))).toBe('CONFLICT');
    expect(codeOf(await t.gql(BEGIN, { c: challenge }))).toBeUndefined();
    expect(codeOf(await t.gql(CONFIRM, { c: challenge, code: '123456' }))).toBe('RATE_LIMITED');
  });
});
