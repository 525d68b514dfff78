import { createHmac, randomUUID } from 'node:crypto';
import { MEDIA_EVENTS_PATH, type MediaEvent, signMediaEvents } from '#contracts/protocol/media-events.js';
import { verifyJoinToken } from '#contracts/protocol/join-token.js';
import { Institution } from '../identity/institution.entity.js';
import { User } from '../identity/user.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { subscribe } from '../testing/subscribe.js';
import { codeOf, createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';
import { AttendanceService } from './attendance.service.js';

const JOIN = 'mutation($id: ID!) { consultCallJoin(consultId: $id) { token signallingUrl room role iceServers { urls username credential expiresAt } } }';
const CALL = 'query($id: ID!) { consult(id: $id) { call { startedAt endedAt participants } } }';
const TURN_URLS = ['turn:turn.example.org:3478?transport=tcp', 'turns:turn.example.org:443?transport=tcp'];
const TURN_SECRET = 'coturn-static-auth-secret-for-the-calls-spec';

describe.each(DATABASE_KINDS)('consult calls (%s)', (kind) => {
  let t: TestApp;
  let doctor: string;
  let specialist: string;
  let colleague: string;
  let consultId: string;
  const userIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(kind, {
      OASIS_TURN_URLS: TURN_URLS.join(','),
      OASIS_TURN_SECRET: TURN_SECRET,
      OASIS_TURN_CREDENTIAL_TTL: '900',
      OASIS_MEDIA_SIGNALLING_URL: 'wss://media.example.org/signalling' });
    const ids = Object.fromEntries((await t.dataSource.getRepository(Institution).find()).map((i) => [i.code, i.id]));
    for (const u of await t.dataSource.getRepository(User).find()) userIds[u.username] = u.id;
    doctor = await t.signIn('doctor');
    specialist = await t.signIn('specialist');
    colleague = (await createSignedInUser(t, await t.signIn('admin'), 'call.colleague', [{ role: 'SPECIALIST', institutionId: ids['KS-PH'] }])).token;
    const studyId = await createStudy(t, doctor, await registerPatient(t, doctor, ids['KS-SF-T01'], 'Call Patient'));
    consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Can we look together?' } }, doctor)).data!
      .requestConsult.id;
  });
  afterAll(() => t?.close());

  const deliver = (events: MediaEvent[], { secret = t.config.mediaSecret, now = Date.now() } = {}) => {
    const body = JSON.stringify({ events });
    return fetch(`${t.url}${MEDIA_EVENTS_PATH}`, { method: 'POST', headers: signMediaEvents(secret, body, now), body });
  };
  const event = (type: MediaEvent['type'], user: string, peerId: string, at: Date): MediaEvent => ({
    id: randomUUID(), type, room: `consult:${consultId}`, userId: userIds[user], peerId, at: at.toISOString(),
  });

  it('has no call before a specialist holds the case', async () => {
    expect(codeOf(await t.gql(JOIN, { id: consultId }, doctor))).toBe('CALL_NOT_AVAILABLE');
  });

  it('admits the requesting doctor and the claiming specialist with a signed token, and rings the other side', async () => {
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, specialist);
    const ringing = subscribe<{ callInvited: { consultId: string; fromName: string } }>(t.url, specialist, 'subscription { callInvited { consultId room fromName at } }');
    const own = subscribe<{ callInvited: { consultId: string } }>(t.url, doctor, 'subscription { callInvited { consultId } }');
    await Promise.all([ringing.ready, own.ready]);

    const askedAt = Math.floor(Date.now() / 1000);
    const joined = await t.gql(JOIN, { id: consultId }, doctor);
    const answeredAt = Math.floor(Date.now() / 1000);
    expect(joined.errors).toBeUndefined();
    const join = joined.data!.consultCallJoin;
    expect(join).toMatchObject({ signallingUrl: 'wss://media.example.org/signalling', room: `consult:${consultId}`, role: 'participant' });
    // TURN credentials made for this user and join, valid for the configured 15 minutes, never a fixed password.
    const [relay] = join.iceServers;
    const expiry = Number(relay.username.split(':')[0]);
    expect(relay.username).toBe(`${expiry}:${userIds.doctor}`);
    expect(expiry).toBeGreaterThanOrEqual(askedAt + 900);
    expect(expiry).toBeLessThanOrEqual(answeredAt + 900);
    expect(relay).toEqual({ urls: TURN_URLS, username: relay.username, credential: createHmac('sha1', TURN_SECRET).update(relay.username).digest('base64'), expiresAt: new Date(expiry * 1000).toISOString() });
    const claims = verifyJoinToken(t.config.mediaSecret, join.token);
    expect(claims).toMatchObject({ sub: userIds.doctor, room: `consult:${consultId}`, kind: 'consult', role: 'participant' });
    expect(claims.exp * 1000 - Date.now()).toBeLessThanOrEqual(60_000);
    expect(() => verifyJoinToken('another-secret-of-at-least-32-characters', join.token)).toThrow('invalid');

    await ringing.waitFor((events) => events.length > 0);
    expect(ringing.received[0].callInvited).toMatchObject({ consultId, fromName: 'Dr. Mehmet Ablimit' });
    expect((await t.gql(JOIN, { id: consultId }, specialist)).data!.consultCallJoin.role).toBe('participant');
    // The doctor hears the specialist join, never their own join.
    await own.waitFor((events) => events.length > 0);
    expect(own.received.map((e) => e.callInvited.consultId)).toEqual([consultId]);
    expect(ringing.received).toHaveLength(1);
    await Promise.all([ringing.close(), own.close()]);
  });

  it('refuses everyone else on the case, and audits the refusal', async () => {
    for (const token of [colleague, await t.signIn('trainee'), await t.signIn('admin')]) {
      expect(codeOf(await t.gql(JOIN, { id: consultId }, token))).toBe('FORBIDDEN');
    }
    const denied = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'consult.call' AND outcome = 'DENIED' AND resource_id = $1`, [consultId]);
    expect(denied[0].n).toBe(3);
    expect(codeOf(await t.gql(JOIN, { id: randomUUID() }, doctor))).toBe('NOT_FOUND');
  });

  it('accepts only media events signed with the media secret and recent', async () => {
    const events = [event('joined', 'doctor', 'forged-peer', new Date())];
    expect((await deliver(events, { secret: 'not-the-media-secret-but-32-chars-long' })).status).toBe(401);
    expect((await deliver(events, { now: Date.now() - 10 * 60_000 })).status).toBe(401);
    const unsigned = await fetch(`${t.url}${MEDIA_EVENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(unsigned.status).toBe(401);
    expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM media_attendance`))[0].n).toBe(0);
  });

  it('turns join/leave reports into call duration and attendance, once per event, in any order', async () => {
    const start = new Date(Date.now() - 30 * 60_000);
    const minutes = (m: number) => new Date(start.getTime() + m * 60_000);
    const doctorJoin = event('joined', 'doctor', 'peer-d1', start);
    expect((await deliver([doctorJoin, event('joined', 'specialist', 'peer-s1', minutes(1))])).status).toBe(204);
    // A retried delivery and a leave reported before its join (the reporter retried out of order).
    expect((await deliver([doctorJoin])).status).toBe(204);
    expect((await deliver([event('left', 'doctor', 'peer-d2', minutes(20), ), event('left', 'doctor', 'peer-d1', minutes(5))])).status).toBe(204);
    expect((await deliver([{ ...event('joined', 'doctor', 'peer-d2', minutes(6)) }])).status).toBe(204);

    const open = (await t.gql(CALL, { id: consultId }, doctor)).data!.consult.call;
    expect(open).toMatchObject({ participants: 2, endedAt: null });
    expect(new Date(open.startedAt).getTime()).toBe(start.getTime());

    expect((await deliver([event('left', 'specialist', 'peer-s1', minutes(21))])).status).toBe(204);
    const closed = (await t.gql(CALL, { id: consultId }, specialist)).data!.consult.call;
    expect(new Date(closed.endedAt).getTime()).toBe(minutes(21).getTime());

    // A second tab of the specialist's inside the first connection's span adds nothing.
    expect((await deliver([event('joined', 'specialist', 'peer-s2', minutes(10)), event('left', 'specialist', 'peer-s2', minutes(22))])).status).toBe(204);
    const attendance = await t.app.get(AttendanceService).minutesByUser(`consult:${consultId}`, [userIds.doctor, userIds.specialist, userIds.trainee]);
    expect(Object.fromEntries(attendance)).toEqual({ [userIds.doctor]: 5 + 14, [userIds.specialist]: 21, [userIds.trainee]: 0 });
  });

  it('stops counting a connection whose leave never came at the bound it is given', async () => {
    const start = new Date(Date.now() - 3 * 3_600_000);
    expect((await deliver([event('joined', 'trainee', 'peer-lost', start)])).status).toBe(204);
    const attendance = t.app.get(AttendanceService);
    expect((await attendance.minutesByUser(`consult:${consultId}`, [userIds.trainee])).get(userIds.trainee)).toBe(180);
    expect((await attendance.minutesByUser(`consult:${consultId}`, [userIds.trainee], new Date(start.getTime() + 90 * 60_000))).get(userIds.trainee)).toBe(90);
  });

  it('ignores malformed events without losing the good ones in the same delivery', async () => {
    const good = event('joined', 'trainee', 'peer-t1', new Date());
    const response = await deliver([{ ...good, userId: 'not-a-uuid', peerId: 'peer-bad' }, good]);
    expect(response.status).toBe(204);
    const rows = await t.dataSource.query(`SELECT peer_id FROM media_attendance WHERE peer_id IN ('peer-bad', 'peer-t1')`);
    expect(rows).toEqual([{ peer_id: 'peer-t1' }]);
  });
});
