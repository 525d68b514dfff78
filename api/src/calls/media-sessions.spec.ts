import { type MediaTestApp, startMediaApp, TEST_MEDIA_SECRET } from '../../../media/src/testing/media-test-app.js';
import { SignallingClient } from '../../../media/src/testing/signalling-client.js';
import { MEDIA_SESSIONS_PATH } from '#contracts/protocol/media-sessions.js';
import { CLOSE_CODES } from '#contracts/protocol/signalling.js';
import { Institution } from '../identity/institution.entity.js';
import { createStudy, registerPatient } from '../testing/clinical-fixtures.js';
import { ageSession, within } from '../testing/sessions.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DATABASE_KINDS } from '../testing/test-database.js';
import { createSignedInUser } from '../testing/users.js';

const JOIN = 'mutation($id: ID!) { consultCallJoin(consultId: $id) { token } }';
const SIGN_IN = 'mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }';

/** The API and the real media service (mediasoup workers) talking to each other, as in production. */
describe.each(DATABASE_KINDS)('media join tokens and resume tickets end with the session (%s)', (kind) => {
  let t: TestApp;
  let media: MediaTestApp;
  let consultId: string;
  let admin: string;
  let clinicId: string;
  const clients: SignallingClient[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind, { OASIS_MEDIA_SECRET: TEST_MEDIA_SECRET, OASIS_SIGNIN_RATE_LIMIT: '1000' });
    media = await startMediaApp({ OASIS_API_URL: t.url, MEDIA_WORKERS: '1', MEDIA_SESSION_CHECK_MS: '300' });
    clinicId = (await t.dataSource.getRepository(Institution).findOneByOrFail({ code: 'KS-SF-T01' })).id;
    admin = await t.signIn('admin');
    const doctor = await t.signIn('doctor');
    const studyId = await createStudy(t, doctor, await registerPatient(t, doctor, clinicId, 'Media Session Patient'));
    consultId = (await t.gql('mutation($i: RequestConsultInput!) { requestConsult(input: $i) { id } }', { i: { studyId, clinicalQuestion: 'Call?' } }, doctor)).data!.requestConsult.id;
    await t.gql('mutation($id: ID!) { claimConsult(id: $id) { id } }', { id: consultId }, await t.signIn('specialist'));
  });
  afterAll(async () => {
    for (const client of clients) client.socket.terminate();
    await media?.close();
    await t?.close();
  });

  const connect = async () => {
    const client = await SignallingClient.connect(media.signallingUrl);
    clients.push(client);
    return client;
  };
  const joinToken = async (token: string) => (await t.gql(JOIN, { id: consultId }, token)).data!.consultCallJoin.token as string;
  /** A doctor of the requesting clinic, who may join the consult's call. */
  const newDoctor = (name: string) => createSignedInUser(t, admin, name, [{ role: 'TOWNSHIP_DOCTOR', institutionId: clinicId }]);
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'admitted', (error: { code?: string }) => error.code);

  it('admits a join token while its session is open', async () => {
    const person = await newDoctor('media-open');
    const client = await connect();
    const joined = await client.request('join', { token: await joinToken(person.token) });
    expect(joined.room).toBe(`consult:${consultId}`);
    await client.request('leave', {});
  });

  it('refuses a join token after its person signed out', async () => {
    const person = await newDoctor('media-signed-out');
    const token = await joinToken(person.token);
    await t.gql('mutation { signOut }', {}, person.token);
    const client = await connect();
    expect(await refusal(client.request('join', { token }))).toBe('SESSION_ENDED');
    expect((await client.closed).code).toBe(CLOSE_CODES.JOIN_REFUSED);
  });

  it('disconnects a connected peer when its person signs out, and refuses its resume ticket', async () => {
    const person = await newDoctor('media-connected');
    const client = await connect();
    const { resumeTicket } = await client.request('join', { token: await joinToken(person.token) });
    await t.gql('mutation { signOut }', {}, person.token);
    expect((await within(client.closed, 3000, 'disconnecting the peer')).code).toBe(CLOSE_CODES.SESSION_ENDED);
    const again = await connect();
    expect(await refusal(again.request('rejoin', { resumeTicket }))).toMatch(/^(SESSION_ENDED|TICKET_INVALID)$/);
  });

  it('refuses the resume ticket of a dropped connection once the session ended', async () => {
    const person = await newDoctor('media-dropped');
    const client = await connect();
    const { resumeTicket } = await client.request('join', { token: await joinToken(person.token) });
    // The network drops: the ticket stays valid for a rejoin, until the session ends.
    client.socket.terminate();
    await client.closed;
    await t.gql('mutation { signOut }', {}, person.token);
    const again = await connect();
    expect(await refusal(again.request('rejoin', { resumeTicket }))).toBe('SESSION_ENDED');
  });

  it('disconnects the peers of a deactivated account and refuses its join tokens', async () => {
    const person = await newDoctor('media-deactivated');
    const client = await connect();
    await client.request('join', { token: await joinToken(person.token) });
    const spare = await joinToken(person.token);
    await t.gql('mutation($id: ID!) { setUserActive(id: $id, active: false) { active } }', { id: person.id }, admin);
    expect((await within(client.closed, 3000, 'disconnecting the peer')).code).toBe(CLOSE_CODES.SESSION_ENDED);
    expect(await refusal((await connect()).request('join', { token: spare }))).toBe('SESSION_ENDED');
  });

  it('after a password change, refuses the other sessions’ join tokens and admits this session’s', async () => {
    const person = await newDoctor('media-password');
    const other = (await t.gql(SIGN_IN, { i: { username: 'media-password', password: 'Own-secret-2026x' } })).data!.signIn.accessToken as string;
    const otherToken = await joinToken(other);
    const changed = await t.gql('mutation($c: ChangePasswordInput!) { changeMyPassword(input: $c) { id } }', { c: { currentPassword: 'Own-secret-2026x', newPassword: 'Newer-secret-2026y' } }, person.token);
    expect(changed.errors).toBeUndefined();
    expect(await refusal((await connect()).request('join', { token: otherToken }))).toBe('SESSION_ENDED');
    const here = await connect();
    expect((await here.request('join', { token: await joinToken(person.token) })).room).toBe(`consult:${consultId}`);
    await here.request('leave', {});
  });

  it('answers session checks only to the media service: an unsigned question is refused', async () => {
    const body = JSON.stringify({ sessions: [] });
    const response = await fetch(`${t.url}${MEDIA_SESSIONS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends a call once the session expires (idle timeout)', async () => {
    const signedIn = (await t.gql(SIGN_IN, { i: { username: 'doctor', password: 'Oasis-doctor-2026' } })).data!.signIn.accessToken as string;
    const client = await connect();
    await client.request('join', { token: await joinToken(signedIn) });
    await ageSession(t, signedIn, { idleMinutes: 16 });
    expect((await within(client.closed, 3000, 'disconnecting the peer')).code).toBe(CLOSE_CODES.SESSION_ENDED);
  });
});
