import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { signMediaEvents } from '#contracts/protocol/media-events.js';
import { MEDIA_RECORDINGS_PATH, RECORDING_HEADER, type RecordingInfo } from '#contracts/protocol/media-recordings.js';
import { produceFfmpegCamera } from '../testing/ffmpeg-camera.js';
import { HeadlessPeer } from '../testing/headless-peer.js';
import { startMediaApp, testJoinToken, TEST_MEDIA_SECRET, type MediaTestApp } from '../testing/media-test-app.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording a training room', () => {
  let media: MediaTestApp;
  let dir: string;
  const peers: HeadlessPeer[] = [];
  let camera: ChildProcess | undefined;

  const call = (action: 'start' | 'stop', room: string, secret = TEST_MEDIA_SECRET) => {
    const body = JSON.stringify({ room });
    return fetch(`${media.httpUrl}${MEDIA_RECORDINGS_PATH}/${action}`, { method: 'POST', body, headers: signMediaEvents(secret, body) });
  };
  const join_ = async (token: string) => {
    const peer = await HeadlessPeer.join(media.signallingUrl, token);
    peers.push(peer);
    return peer;
  };

  beforeAll(async () => {
    media = await startMediaApp();
    dir = await mkdtemp(join(tmpdir(), 'oasis-recording-spec-'));
  });
  afterAll(async () => {
    camera?.kill('SIGKILL');
    await Promise.all(peers.map((peer) => peer.close()));
    await media.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records the presenter’s camera and microphone into WebM, survives FFmpeg dying with a marked gap, and tells everyone', async () => {
    const room = 'training:recorded';
    const presenter = await join_(testJoinToken({ room, role: 'presenter' }));
    const viewer = await join_(testJoinToken({ room }));
    camera = (await produceFfmpegCamera(presenter)).process;
    await sleep(1000);

    expect((await call('start', room)).status).toBe(204);
    expect(await viewer.client.waitFor('recording')).toEqual({ recording: true });
    // A second start is refused, not a second FFmpeg.
    expect(await (await call('start', room)).json()).toMatchObject({ code: 'BAD_STATE' });

    const recorder = media.runtime.manager.rooms.get(room)!.activeRecorder!;
    await sleep(3000);
    const firstPid = recorder.pid!;
    process.kill(firstPid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (recorder.gapCount === 0 && Date.now() < deadline) await sleep(100);
    expect(recorder.pid).not.toBe(firstPid);
    await sleep(3000);

    const stopped = await call('stop', room);
    expect(stopped.status).toBe(200);
    expect(stopped.headers.get('content-type')).toBe('video/webm');
    const info = JSON.parse(stopped.headers.get(RECORDING_HEADER)!) as RecordingInfo;
    expect(info.gaps).toHaveLength(1);
    expect(info.gaps[0].reason).toContain('SIGKILL');
    expect(await viewer.client.waitFor('recording', (n) => !n.recording)).toEqual({ recording: false });

    const file = join(dir, 'lesson.webm');
    await writeFile(file, Buffer.from(await stopped.arrayBuffer()));
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
    const probe = JSON.parse(stdout) as { streams: Array<{ codec_type: string; codec_name: string; width?: number }>; format: { duration: string; format_name: string } };
    expect(probe.format.format_name).toContain('webm');
    expect(probe.streams.map((s) => `${s.codec_type}/${s.codec_name}`).sort()).toEqual(['audio/opus', 'video/vp8']);
    expect(probe.streams.find((s) => s.codec_type === 'video')?.width).toBe(320);
    // About 6 s recorded in two segments (less the restart gap); the bounds only rule out empty or runaway files.
    expect(Number(probe.format.duration)).toBeGreaterThan(3);
    expect(Number(probe.format.duration)).toBeLessThan(20);
  }, 60_000);

  it('refuses unsigned requests, unknown rooms, stopping what is not recording, and consult rooms', async () => {
    const room = 'training:idle';
    await join_(testJoinToken({ room, role: 'presenter' }));
    expect((await call('start', room, 'x'.repeat(40))).status).toBe(401);
    expect(await (await call('start', 'training:nobody')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(await (await call('stop', room)).json()).toMatchObject({ code: 'BAD_STATE' });
    expect(await (await call('start', room)).json()).toMatchObject({ code: 'BAD_STATE', message: expect.stringContaining('no media') });
    await join_(testJoinToken({ room: 'consult:private' }));
    expect(await (await call('start', 'consult:private')).json()).toMatchObject({ code: 'FORBIDDEN' });
  });
});
