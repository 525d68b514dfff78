import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { types } from 'mediasoup';

/** A stretch of the session missing from the file because FFmpeg died; wall-clock ISO 8601 times. */
export interface RecordingGap {
  from: string;
  to: string;
  reason: string;
}

export interface RecordingResult {
  /** One file per FFmpeg run, in order; a gap lies between each two. */
  segments: string[];
  gaps: RecordingGap[];
  startedAt: string;
  stoppedAt: string;
}

export interface RecorderOptions {
  router: types.Router;
  /** The presenter's producers to record: at most one audio and one video. */
  producers: types.Producer[];
  /** Folder the segments and SDP files are written to (the caller owns it). */
  dir: string;
  listenIp: string;
  ffmpeg?: string;
  /** Restarts after FFmpeg dies before the recording gives up (each is a gap). */
  maxRestarts?: number;
}

interface Track {
  producer: types.Producer;
  transport: types.PlainTransport;
  consumer: types.Consumer;
  /** FFmpeg's RTP port (even); RTCP on port + 1, as FFmpeg's SDP demuxer expects without rtcp-mux. */
  port: number;
}

const READY_TIMEOUT_MS = 10_000;
const RESTART_DELAY_MS = 300;

/** A free even port whose odd neighbour is free too (FFmpeg binds both); a race with other binders is possible but rare. */
async function freePortPair(ip: string): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + 2 * Math.floor(Math.random() * 10_000);
    if ((await canBind(ip, port)) && (await canBind(ip, port + 1))) return port;
  }
  throw new Error('no free UDP port pair for FFmpeg');
}

function canBind(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, ip, () => socket.close(() => resolve(true)));
  });
}

function sdpFor(ip: string, tracks: Track[]): string {
  const lines = ['v=0', `o=- 0 0 IN IP4 ${ip}`, 's=oasis-recording', `c=IN IP4 ${ip}`, 't=0 0'];
  for (const { consumer, port } of tracks) {
    const codec = consumer.rtpParameters.codecs[0];
    const [, name] = codec.mimeType.split('/');
    const channels = consumer.kind === 'audio' ? `/${codec.channels ?? 2}` : '';
    lines.push(`m=${consumer.kind} ${port} RTP/AVPF ${codec.payloadType}`, `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`, 'a=sendonly');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Records a presenter's audio and video: each producer is consumed through its own PlainTransport
 * (no comedia, RTCP on its own port like mediasoup's recording examples) into one FFmpeg that reads the
 * SDP and copies VP8/Opus into WebM without re-encoding. If FFmpeg dies the consumers are paused, a new
 * FFmpeg writes the next segment, and the missing stretch is kept as a gap: nothing is lost silently.
 */
export class Recorder {
  private readonly logger = new Logger('Recorder');
  private tracks: Track[] = [];
  private ffmpeg: ChildProcess | null = null;
  private stopping = false;
  private restarts = 0;
  private readonly segments: string[] = [];
  private readonly gaps: RecordingGap[] = [];
  private readonly startedAt = new Date().toISOString();
  /** Resolves when the current FFmpeg has exited (set per run). */
  private exited: Promise<void> = Promise.resolve();
  /** Resolves when a restart after a death has finished (stop waits for it, so it stops the newest FFmpeg). */
  private restarting: Promise<void> = Promise.resolve();

  constructor(private readonly options: RecorderOptions) {}

  /** The running FFmpeg's pid (tests kill it to prove restarts). */
  get pid(): number | undefined {
    return this.ffmpeg?.pid;
  }

  get gapCount(): number {
    return this.gaps.length;
  }

  async start(): Promise<void> {
    const { router, producers, listenIp } = this.options;
    for (const producer of producers) {
      const transport = await router.createPlainTransport({ listenIp, rtcpMux: false, comedia: false });
      const consumer = await transport.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities, paused: true });
      this.tracks.push({ producer, transport, consumer, port: 0 });
    }
    await this.run();
  }

  async stop(): Promise<RecordingResult> {
    this.stopping = true;
    await this.restarting;
    if (this.ffmpeg && this.ffmpeg.exitCode === null) this.ffmpeg.kill('SIGINT'); // SIGINT: FFmpeg finishes the file (cues, duration)
    await this.exited;
    for (const track of this.tracks) track.transport.close();
    return { segments: [...this.segments], gaps: [...this.gaps], startedAt: this.startedAt, stoppedAt: new Date().toISOString() };
  }

  /** One FFmpeg run: fresh ports, SDP, spawn, then connect and resume once FFmpeg has bound its ports. */
  private async run(): Promise<void> {
    const { listenIp, dir, ffmpeg = 'ffmpeg' } = this.options;
    for (const track of this.tracks) track.port = await freePortPair(listenIp);
    const index = this.segments.length;
    const sdpPath = join(dir, `segment-${index}.sdp`);
    const output = join(dir, `segment-${index}.webm`);
    await writeFile(sdpPath, sdpFor(listenIp, this.tracks));
    const child = spawn(
      ffmpeg,
      ['-nostdin', '-loglevel', 'warning', '-protocol_whitelist', 'file,udp,rtp', '-fflags', '+genpts', '-i', sdpPath, '-map', '0', '-c', 'copy', '-f', 'webm', '-y', output],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.ffmpeg = child;
    this.segments.push(output);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => (this.restarting = this.onExit(code, signal, stderr)));
    await this.waitUntilBound(child);
    for (const track of this.tracks) {
      await track.transport.connect({ ip: listenIp, port: track.port, rtcpPort: track.port + 1 });
      await track.consumer.resume();
      // FFmpeg cannot start a WebM without a key frame (it carries the picture size).
      if (track.consumer.kind === 'video') await track.consumer.requestKeyFrame();
    }
  }

  /** FFmpeg is ready once its RTP sockets are bound; until then packets would be dropped by the kernel. */
  private async waitUntilBound(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const bound = await Promise.all(this.tracks.map((track) => canBind(this.options.listenIp, track.port).then((free) => !free)));
      if (bound.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error('FFmpeg did not open its RTP ports in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async onExit(code: number | null, signal: NodeJS.Signals | null, stderr: string) {
    if (this.stopping) return;
    const from = new Date().toISOString();
    const reason = `ffmpeg exited (${signal ?? `code ${code}`})`;
    this.logger.warn({ msg: 'recording ffmpeg died', reason, stderr: stderr.slice(-500) });
    // Pause so nothing is sent to closed ports; the new run resumes and asks for a key frame.
    await Promise.all(this.tracks.map((track) => track.consumer.pause()));
    if (this.restarts >= (this.options.maxRestarts ?? 5)) {
      this.gaps.push({ from, to: from, reason: `${reason}; gave up after ${this.restarts} restarts` });
      return;
    }
    this.restarts += 1;
    await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
    if (this.stopping) {
      this.gaps.push({ from, to: new Date().toISOString(), reason });
      return;
    }
    // A PlainTransport connects once: each run gets fresh transports and consumers.
    for (const track of this.tracks) {
      track.transport.close();
      track.transport = await this.options.router.createPlainTransport({ listenIp: this.options.listenIp, rtcpMux: false, comedia: false });
      track.consumer = await track.transport.consume({ producerId: track.producer.id, rtpCapabilities: this.options.router.rtpCapabilities, paused: true });
    }
    await this.run();
    this.gaps.push({ from, to: new Date().toISOString(), reason });
  }
}

/**
 * One file from a recording's segments (FFmpeg's concat demuxer, copied, no re-encode). Segments FFmpeg
 * died in before writing anything are skipped; the gaps say what is missing.
 */
export async function joinSegments(segments: string[], output: string, ffmpeg = 'ffmpeg'): Promise<void> {
  const written: string[] = [];
  for (const segment of segments) if ((await stat(segment).catch(() => null))?.size) written.push(segment);
  if (written.length === 0) throw new Error('the recording has no media');
  const list = `${output}.txt`;
  await writeFile(list, written.map((segment) => `file '${segment.replace(/'/g, "'\\''")}'\n`).join(''));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(ffmpeg, ['-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-y', output], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg concat failed (${code}): ${stderr.slice(-500)}`))));
  });
}
