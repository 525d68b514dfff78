import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { FORGED_TOKEN_REPORTS_PER_ADDRESS } from './forged-token-reporter.service.js';

const ME = '{ me { username } }';
const OPTIONS = { issuer: 'oasis-api', audience: 'oasis' } as const;

describe.each(DATABASE_KINDS)('forged access tokens on %s', (kind) => {
  let t: TestApp;
  const logLines: Array<Record<string, unknown>> = [];
  let claims: { sub: string; sid: string };
  beforeAll(async () => {
    t = await createTestApp(kind, {}, { logger: new JsonLogger('warn', (line) => logLines.push(JSON.parse(line))) });
    const token = await t.signIn('doctor');
    claims = jwt.decode(token) as { sub: string; sid: string };
  });
  afterAll(() => t?.close());

  const reports = () => t.dataSource.getRepository(AuditEvent).find({ where: { action: 'auth.token' }, order: { id: 'ASC' } });
  const refusedWith = async (token: string) => codeOf(await t.gql(ME, {}, token));

  it('logs and audits a token signed with another key, naming what it claimed', async () => {
    const forged = jwt.sign({ sub: claims.sub, sid: claims.sid }, randomBytes(32).toString('hex'), { ...OPTIONS, expiresIn: 600 });
    expect(await refusedWith(forged)).toBe('TOKEN_INVALID');
    const [row] = await reports();
    expect(row).toMatchObject({ outcome: 'DENIED', code: 'TOKEN_INVALID', resourceType: 'session', actorUserId: null, institutionId: null, ip: expect.any(String) });
    expect(row.details).toEqual({ reason: 'bad-signature', alg: 'HS256', claimedUserId: claims.sub, claimedSessionId: claims.sid });
    expect(logLines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'forged or invalid access token refused', reason: 'bad-signature', claimedUserId: claims.sub }));
  });

  it('reports alg "none" and an expired token with a bad signature as forgeries, not as expiry', async () => {
    const none = jwt.sign({ sub: claims.sub, sid: claims.sid }, '', { ...OPTIONS, algorithm: 'none' });
    expect(await refusedWith(none)).toBe('TOKEN_INVALID');
    const expiredForged = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, 'not-our-key', OPTIONS);
    expect(await refusedWith(expiredForged)).toBe('TOKEN_INVALID');
    expect((await reports()).map((r) => (r.details as { reason: string }).reason)).toEqual(['bad-signature', 'alg-none', 'bad-signature']);
  });

  it('does not report a genuine token that merely expired', async () => {
    const expired = jwt.sign({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, t.config.jwtSecret, OPTIONS);
    expect(await refusedWith(expired)).toBe('TOKEN_EXPIRED');
    expect(await reports()).toHaveLength(3);
  });

  it('stops reporting past the per-address limit, and keeps refusing', async () => {
    const codes = [];
    for (let i = 0; i < 20; i++) codes.push(await refusedWith(`${randomBytes(8).toString('hex')}.garbage.${i}`));
    expect(new Set(codes)).toEqual(new Set(['TOKEN_INVALID']));
    expect(await reports()).toHaveLength(FORGED_TOKEN_REPORTS_PER_ADDRESS);
    expect(logLines.filter((l) => l.msg === 'forged or invalid access token refused')).toHaveLength(FORGED_TOKEN_REPORTS_PER_ADDRESS);
    // The person whose session was named is not affected.
    expect((await t.gql(ME, {}, await t.signIn('doctor'))).data).toEqual({ me: { username: 'doctor' } });
  });
});
