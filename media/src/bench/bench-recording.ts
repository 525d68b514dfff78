/**
 * `npm run bench:recording`: how far a recording's audio drifts from its video. A presenter sends a picture
 * that flashes and a tone that beeps at the same instants (FFmpeg-encoded VP8/Opus through the real media
 * service); the room is recorded for BENCH_RECORD_S seconds (default 60; the target is < 100 ms over 1,800)
 * and the file is read back with FFmpeg's blackdetect/silencedetect: for each pulse, flash start − beep start.
 * Prints the offsets at the start and end, the worst, and the change per minute. Not a test: nothing is asserted.
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { joinSegments } from '../recording/recorder.js';
import { produceFfmpegCamera, PULSE_PERIOD_S } from '../testing/ffmpeg-camera.js';
import { HeadlessPeer } from '../testing/headless-peer.js';
import { startMediaApp, testJoinToken } from '../testing/media-test-app.js';

const RECORD_S = Number(process.env.BENCH_RECORD_S ?? 60);
const ROOM = 'training:bench-recording';
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start times (s) of the events FFmpeg's detector reports as `<key>:<number>` on stderr. */
const times = (log: string, key: string) => [...log.matchAll(new RegExp(`${key}:\\s*([\\d.]+)`, 'g'))].map((m) => Number(m[1]));

async function main() {
  const media = await startMediaApp({ MEDIA_WORKERS: '1' });
  const dir = await mkdtemp(join(tmpdir(), 'oasis-bench-recording-'));
  const presenter = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: ROOM, role: 'presenter' }));
  const camera = await produceFfmpegCamera(presenter, { pulses: true });
  try {
    await sleep(1000);
    const room = media.runtime.manager.rooms.get(ROOM)!;
    await room.startRecording(dir);
    await sleep(RECORD_S * 1000);
    const result = await room.stopRecording();
    const file = join(dir, 'recording.webm');
    await joinSegments(result.segments, file);
    const { stderr } = await run('ffmpeg', ['-nostdin', '-hide_banner', '-i', file, '-vf', 'blackdetect=d=0.02:pix_th=0.5', '-af', 'silencedetect=n=-40dB:d=0.05', '-f', 'null', '-'], { maxBuffer: 64 * 1024 * 1024 });
    const flashes = times(stderr, 'black_end');
    const beeps = times(stderr, 'silence_end');
    // Pair each flash with the beep nearest to it (within half a period: the same pulse).
    const offsets = flashes.flatMap((flash) => {
      const beep = beeps.reduce((best, b) => (Math.abs(b - flash) < Math.abs(best - flash) ? b : best), Number.POSITIVE_INFINITY);
      return Math.abs(beep - flash) < PULSE_PERIOD_S / 2 ? [{ at: flash, ms: (flash - beep) * 1000 }] : [];
    });
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
    if (offsets.length < 2) {
      process.stdout.write(`${JSON.stringify({ recordedS: RECORD_S, fileDurationS: Number(stdout), flashes: flashes.length, beeps: beeps.length, error: 'too few pulses paired' })}\n`);
      return;
    }
    const first = offsets[0];
    const last = offsets[offsets.length - 1];
    const worst = offsets.reduce((w, o) => (Math.abs(o.ms) > Math.abs(w.ms) ? o : w));
    const perMinute = ((last.ms - first.ms) / (last.at - first.at)) * 60;
    process.stdout.write(
      `recorded ${RECORD_S} s → file ${Number(stdout).toFixed(1)} s, ${offsets.length} pulses paired (${flashes.length} flashes, ${beeps.length} beeps), gaps ${result.gaps.length}\n` +
        `video − audio offset: first ${first.ms.toFixed(0)} ms, last ${last.ms.toFixed(0)} ms, worst ${worst.ms.toFixed(0)} ms at ${worst.at.toFixed(0)} s; drift ${perMinute.toFixed(1)} ms/min\n`,
    );
    process.stdout.write(`${JSON.stringify({ recordedS: RECORD_S, pulses: offsets.length, firstMs: Math.round(first.ms), lastMs: Math.round(last.ms), worstMs: Math.round(worst.ms), driftMsPerMin: Number(perMinute.toFixed(2)) })}\n`);
  } finally {
    camera.process.kill('SIGKILL');
    await presenter.close();
    await media.close();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:recording failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
