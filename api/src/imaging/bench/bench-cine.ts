import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { round } from '../../common/percentiles.js';
import { uploadFile } from '../../testing/upload-client.js';
import { decodeImage } from '../decode/decode-image.js';
import { makeDicom } from '../dicom/testing/make-dicom.js';
import { startBenchPortal } from './bench-portal.js';

/**
 * `npm run bench:cine`: an 87-frame 975 × 743 ultrasound cine loop (the size of the GE Voluson loop in the
 * DICOM issue), explicit VR little endian, from upload to its last pre-read. The frames are a real breast
 * image (BUSI) drifting one pixel per frame, so the model has real work on every frame. A measurement.
 */
const FRAMES = Number(process.env.BENCH_CINE_FRAMES ?? 87);
const COLS = 975;
const ROWS = 743;
const SOURCE = resolve(process.env.OASIS_DATASETS_DIR ?? '../shared/datasets', 'busi/images/busi_malignant_047.png');
const POLL_MS = 200;

interface StudyImages {
  study: { images: Array<{ preRead: { status: string } | null }> };
}

async function main() {
  const source = (await decodeImage(await readFile(SOURCE))).frames[0]!;
  const bytes = makeDicom({
    rows: ROWS,
    cols: COLS,
    frames: FRAMES,
    pixel: (x, y, frame) => source.data[Math.floor((y * source.height) / ROWS) * source.width + Math.floor((((x + frame) % COLS) * source.width) / COLS)]!,
    pixelSpacing: [0.1, 0.1],
  });
  const portal = await startBenchPortal();
  try {
    const started = performance.now();
    const uploaded = await uploadFile(portal.url, portal.token, portal.studyId, bytes, 4 * 1024 * 1024, 'cine.dcm');
    if (!uploaded.body.complete) throw new Error(`upload refused: ${JSON.stringify(uploaded.body.errors)}`);
    const storedSeconds = (performance.now() - started) / 1000;
    const statuses = async () => (await portal.gql<StudyImages>('query($id: ID!) { study(id: $id) { images { preRead { status } } } }', { id: portal.studyId })).study.images.map((i) => i.preRead?.status ?? 'NONE');
    let current = await statuses();
    while (current.some((s) => s === 'QUEUED' || s === 'RUNNING')) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      current = await statuses();
    }
    const lastSeconds = (performance.now() - started) / 1000;
    const byStatus = current.reduce<Record<string, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});
    const figures = {
      frames: FRAMES,
      size: `${COLS}x${ROWS}`,
      fileMb: round(bytes.length / 1_048_576),
      cpus: cpus().length,
      decodeWorkers: portal.config.decodeWorkers,
      uploadedAndDecodedSeconds: round(storedSeconds),
      lastPreReadSeconds: round(lastSeconds),
      framesPerSecond: round(FRAMES / lastSeconds),
      preReads: byStatus,
    };
    console.log(`Cine upload: ${FRAMES} frames ${COLS}×${ROWS} (${figures.fileMb} MB)`);
    console.log(`  uploaded, decoded once and stored  ${figures.uploadedAndDecodedSeconds} s`);
    console.log(`  last pre-read done                 ${figures.lastPreReadSeconds} s (${figures.framesPerSecond} frames/s; ${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ')})`);
    console.log(JSON.stringify(figures));
  } finally {
    await portal.close();
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
