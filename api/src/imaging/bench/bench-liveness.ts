import { cpus } from 'node:os';
import { percentile, round } from '../../common/percentiles.js';
import { uploadFile } from '../../testing/upload-client.js';
import { encodeGrayPng } from '../encode-png.js';
import { startBenchPortal } from './bench-portal.js';

/**
 * `npm run bench:liveness`: how long `/health/live` takes to answer while hostile images are being decoded.
 * Each hostile image is a 6000 × 6000 grey PNG of zeros: 36 MP (under the 40 MP per-frame limit), a few
 * kilobytes on the wire, 36 MB once inflated: decoding it is real work, and it must not hold up anyone else.
 * The uploads go through the real HTTP upload path of a running API. A measurement, not a test.
 */
const HOSTILE = Number(process.env.BENCH_HOSTILE_IMAGES ?? 4);
const SIDE = Number(process.env.BENCH_HOSTILE_SIDE ?? 6000);
const PROBE_EVERY_MS = 20;

/** Probes /health/live until `until` settles; answers each probe's round trip (ms). */
async function probe(url: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${url}/health/live`);
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return latencies;
}

const summary = (ms: number[]) => ({ probes: ms.length, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) });

async function main() {
  const portal = await startBenchPortal();
  const { url, token, studyId } = portal;
  try {
    const idle = await probe(url, new Promise((resolve) => setTimeout(resolve, 3000)));
    // Each bomb differs by one pixel, so that none is a duplicate of another (each is decoded).
    const bombs = Array.from({ length: HOSTILE }, (_, i) => {
      const data = new Uint8Array(SIDE * SIDE);
      data[i] = 255;
      return encodeGrayPng({ width: SIDE, height: SIDE, data });
    });
    const started = performance.now();
    const uploads = Promise.all(bombs.map((bytes, i) => uploadFile(url, token, studyId, bytes, 1024 * 1024, `bomb-${i}.png`)));
    const loaded = await probe(url, uploads);
    const results = await uploads;
    const figures = {
      hostileImages: HOSTILE,
      imageSide: SIDE,
      fileKb: round(bombs[0]!.length / 1024),
      decodeWorkers: portal.config.decodeWorkers,
      cpus: cpus().length,
      uploadsSeconds: round((performance.now() - started) / 1000),
      uploadStatuses: results.map((r) => (r.status === 200 && r.body.complete ? 'stored' : String(r.body.errors?.[0]?.extensions?.code ?? r.status))),
      idleMs: summary(idle),
      whileDecodingMs: summary(loaded),
    };
    console.log(`/health/live while ${HOSTILE} hostile ${SIDE}×${SIDE} PNGs (${figures.fileKb} KB each) are uploaded and decoded (${figures.decodeWorkers} decode workers, ${figures.cpus} CPUs)`);
    console.log(`  idle            p50 ${figures.idleMs.p50} ms, p99 ${figures.idleMs.p99} ms (${figures.idleMs.probes} probes)`);
    console.log(`  while decoding  p50 ${figures.whileDecodingMs.p50} ms, p95 ${figures.whileDecodingMs.p95} ms, p99 ${figures.whileDecodingMs.p99} ms, max ${figures.whileDecodingMs.max} ms (${figures.whileDecodingMs.probes} probes over ${figures.uploadsSeconds} s)`);
    console.log(`  uploads         ${figures.uploadStatuses.join(', ')}`);
    console.log(JSON.stringify(figures));
  } finally {
    await portal.close();
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
