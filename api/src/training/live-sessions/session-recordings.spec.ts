import type { ChildProcess } from 'node:child_process';
import { AuditEvent, AuditOutcome } from '../../audit/audit-event.entity.js';
import { produceFfmpegCamera } from '#media-testing/ffmpeg-camera.js';
import { HeadlessPeer } from '#media-testing/headless-peer.js';
import { startMediaApp, TEST_MEDIA_SECRET, type MediaTestApp } from '#media-testing/media-test-app.js';
import { codeOf, createTestApp, type TestApp } from '../../testing/test-app.js';
import { DATABASE_KINDS } from '../../testing/test-database.js';
import { buildCourse, userId } from '../testing/training-fixtures.js';
import { parseRange } from './session-recordings.controller.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const START = 'mutation($id: ID!) { startSessionRecording(sessionId: $id) }';
const STOP = 'mutation($id: ID!) { stopSessionRecording(sessionId: $id) { id durationSeconds videoUrl gaps { reason } } }';

describe('parseRange', () => {
  it('reads the forms a browser sends, and refuses what cannot be served', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=0-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBeNull();
    expect(parseRange('bytes=5-2', 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
  });
});

describe.each(DATABASE_KINDS)('recording a live training session (%s)', (kind) => {
  let media: MediaTestApp;
  let t: TestApp;
  let trainer: string;
  let doctor: string;
  let trainee: string;
  let sessionId: string;
  let camera: ChildProcess | undefined;
  const peers: HeadlessPeer[] = [];

  beforeAll(async () => {
    // The real media service (mediasoup, FFmpeg); its own calls to the API (session checks) go to its stub.
    media = await startMediaApp();
    t = await createTestApp(kind, { OASIS_MEDIA_URL: media.httpUrl, OASIS_MEDIA_SECRET: TEST_MEDIA_SECRET });
    [trainer, doctor, trainee] = await Promise.all(['trainer', 'doctor', 'trainee'].map((u) => t.signIn(u as 'trainer')));
    const course = await buildCourse(t, trainer);
    await t.gql('mutation($c: ID!, $u: [ID!]!) { enrol(courseId: $c, userIds: $u) }', { c: course.courseId, u: [await userId(t, 'doctor')] }, await t.signIn('admin'));
    const scheduled = await t.gql('mutation($i: LiveSessionInput!) { scheduleLiveSession(input: $i) { id } }', { i: { courseId: course.courseId, title: 'Live reading', startsAt: new Date().toISOString(), durationMinutes: 60 } }, trainer);
    sessionId = scheduled.data!.scheduleLiveSession.id;
  });
  afterAll(async () => {
    camera?.kill('SIGKILL');
    await Promise.all(peers.map((peer) => peer.close()));
    await t?.close();
    await media?.close();
  });

  const join = async (token: string) => {
    const { trainingSessionJoin } = (await t.gql('mutation($id: ID!) { trainingSessionJoin(sessionId: $id) { token } }', { id: sessionId }, token)).data!;
    const peer = await HeadlessPeer.join(media.signallingUrl, trainingSessionJoin.token);
    peers.push(peer);
    return peer;
  };

  it('refuses a viewer’s recording request (FORBIDDEN, audited) and says when there is nothing to record', async () => {
    expect(codeOf(await t.gql(START, { id: sessionId }, doctor))).toBe('FORBIDDEN');
    const denied = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'training.record', outcome: AuditOutcome.DENIED });
    expect(denied.length).toBeGreaterThan(0);
    expect(codeOf(await t.gql(START, { id: sessionId }, trainee))).toBe('FORBIDDEN');
    // Nobody is in the room yet.
    expect(codeOf(await t.gql(START, { id: sessionId }, trainer))).toBe('CALL_NOT_AVAILABLE');
    expect(codeOf(await t.gql(STOP, { id: sessionId }, trainer))).toBe('CALL_NOT_AVAILABLE');
  });

  it('records the presenter, keeps the file as the session’s lesson, and serves it with byte ranges to enrolled staff', async () => {
    const presenter = await join(trainer);
    const viewer = await join(doctor);
    camera = (await produceFfmpegCamera(presenter)).process;
    await sleep(1000);
    expect((await t.gql(START, { id: sessionId }, trainer)).data).toEqual({ startSessionRecording: true });
    expect(await viewer.client.waitFor('recording')).toEqual({ recording: true });
    expect(codeOf(await t.gql(START, { id: sessionId }, trainer))).toBe('CONFLICT');
    await sleep(3000);
    const stopped = (await t.gql(STOP, { id: sessionId }, trainer)).data!.stopSessionRecording;
    expect(stopped.gaps).toEqual([]);
    expect(stopped.durationSeconds).toBeGreaterThanOrEqual(2);

    const listed = await t.gql('query($id: ID!) { liveSession(id: $id) { recordings { id videoUrl } } }', { id: sessionId }, doctor);
    expect(listed.data!.liveSession.recordings).toEqual([{ id: stopped.id, videoUrl: stopped.videoUrl }]);

    const whole = await fetch(`${t.url}${stopped.videoUrl}`, { headers: { authorization: `Bearer ${doctor}` } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // EBML: a WebM file
    const part = await fetch(`${t.url}${stopped.videoUrl}`, { headers: { authorization: `Bearer ${doctor}`, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const views = await t.dataSource.getRepository(AuditEvent).findBy({ action: 'training.recording-view', resourceId: stopped.id });
    expect(views.length).toBe(2);
    // Not enrolled: refused, and the file is not sent.
    const outsider = await fetch(`${t.url}${stopped.videoUrl}`, { headers: { authorization: `Bearer ${trainee}` } });
    expect(outsider.status).toBe(403);
  }, 60_000);
});
