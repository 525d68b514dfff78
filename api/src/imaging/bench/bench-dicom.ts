import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../common/free-port.js';
import { round } from '../../common/percentiles.js';
import { decodeImage } from '../decode/decode-image.js';
import { makeDicom } from '../dicom/testing/make-dicom.js';
import { storescu } from '../dicom-network/testing/dcmtk.js';
import { startBenchPortal } from './bench-portal.js';

/**
 * `npm run bench:dicom`: the DICOM receiver under a scanner's load, over loopback with DCMTK's storescu.
 * 1. A 60-image study (800 × 600, real breast images from BUSI) on one association: seconds from the first
 *    byte to the last pre-read.
 * 2. 20 simultaneous associations from 20 registered devices, 3 images each: how many were accepted, lost.
 * A measurement, not a test.
 */
const IMAGES = Number(process.env.BENCH_DICOM_IMAGES ?? 60);
const DEVICES = Number(process.env.BENCH_DICOM_DEVICES ?? 20);
const PER_DEVICE = 3;
const ROWS = 600;
const COLS = 800;
const BUSI = resolve(process.env.OASIS_DATASETS_DIR ?? '../shared/datasets', 'busi/images');
const POLL_MS = 200;
const REGISTER = 'mutation($d: RegisterDicomDeviceInput!) { registerDicomDevice(input: $d) { id } }';
const STUDIES = 'query($p: ID!) { studies(filter: { patientId: $p }) { id images { preRead { status } } } }';

interface Studies {
  studies: Array<{ id: string; images: Array<{ preRead: { status: string } | null }> }>;
}

async function main() {
  const port = await freePort();
  // Registering the devices signs in as an admin with a password alone.
  const portal = await startBenchPortal({ OASIS_DICOM_PORT: String(port), OASIS_MFA_REQUIRED_ROLES: 'none' });
  const dir = await mkdtemp(join(tmpdir(), 'oasis-bench-dicom-'));
  try {
    const institutionId = (await portal.gql<{ me: { roles: Array<{ institutionId: string }> } }>('{ me { roles { institutionId } } }')).me.roles[0]!.institutionId;
    const patientId = (
      await portal.gql<{ registerPatient: { id: string } }>('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', {
        p: { institutionId, name: 'Scanner Bench', sex: 'F', dicomPatientId: 'BENCH-1' },
      })
    ).registerPatient.id;
    await portal.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose: 'AI_PROCESSING', granted: true, method: 'written' } });
    for (let d = 0; d <= DEVICES; d++) {
      await portal.gqlAs('admin', REGISTER, { d: { institutionId, aeTitle: `BENCH_${String(d).padStart(2, '0')}`, label: `Bench scanner ${d}`, region: 'BREAST' } });
    }
    const sources = await Promise.all(['busi_malignant_047.png', 'busi_benign_001.png', 'busi_benign_002.png'].map(async (f) => (await decodeImage(await readFile(join(BUSI, f)))).frames[0]!));
    const write = async (name: string, studyInstanceUid: string, index: number) => {
      const source = sources[index % sources.length]!;
      const bytes = makeDicom({
        rows: ROWS,
        cols: COLS,
        pixel: (x, y) => source.data[Math.floor((y * source.height) / ROWS) * source.width + Math.floor((((x + index) % COLS) * source.width) / COLS)]!,
        pixelSpacing: [0.1, 0.1],
        patient: { name: 'Scanner^Bench', id: 'BENCH-1', sex: 'F' },
        studyInstanceUid,
      });
      await writeFile(join(dir, name), bytes);
      return join(dir, name);
    };

    // 1. One study of IMAGES images on one association.
    const files: string[] = [];
    for (let i = 0; i < IMAGES; i++) files.push(await write(`study-${i}.dcm`, '1.2.826.0.1.3680043.10.1551.900.1', i));
    const started = performance.now();
    const sent = await storescu(port, 'BENCH_00', files);
    const storedSeconds = (performance.now() - started) / 1000;
    const stored = sent.output.match(/Received Store Response \(Success\)/g)?.length ?? 0;
    const statuses = async () => (await portal.gql<Studies>(STUDIES, { p: patientId })).studies.flatMap((s) => s.images.map((i) => i.preRead?.status ?? 'NONE'));
    let current = await statuses();
    while (current.length < stored || current.some((s) => s === 'QUEUED' || s === 'RUNNING')) {
      await new Promise((done) => setTimeout(done, POLL_MS));
      current = await statuses();
    }
    const lastSeconds = (performance.now() - started) / 1000;
    const byStatus = current.reduce<Record<string, number>>((counts, s) => ({ ...counts, [s]: (counts[s] ?? 0) + 1 }), {});

    // 2. DEVICES associations at once, each its own device and study.
    const batches = [];
    for (let d = 1; d <= DEVICES; d++) {
      const own: string[] = [];
      for (let i = 0; i < PER_DEVICE; i++) own.push(await write(`device-${d}-${i}.dcm`, `1.2.826.0.1.3680043.10.1551.901.${d}`, d * PER_DEVICE + i));
      batches.push({ ae: `BENCH_${String(d).padStart(2, '0')}`, files: own });
    }
    const burstStarted = performance.now();
    const runs = await Promise.all(batches.map((b) => storescu(port, b.ae, b.files)));
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const accepted = runs.reduce((n, r) => n + (r.output.match(/Received Store Response \(Success\)/g)?.length ?? 0), 0);
    const associationsAccepted = runs.filter((r) => r.output.includes('Association Accepted')).length;
    const studies = (await portal.gql<Studies>(STUDIES, { p: patientId })).studies;
    const filed = studies.reduce((n, s) => n + s.images.length, 0) - current.length;

    const figures = {
      cpus: cpus().length,
      decodeWorkers: portal.config.decodeWorkers,
      study: { images: IMAGES, size: `${COLS}x${ROWS}`, stored, storedSeconds: round(storedSeconds), firstByteToLastPreReadSeconds: round(lastSeconds), preReads: byStatus },
      burst: { associations: DEVICES, associationsAccepted, instancesSent: DEVICES * PER_DEVICE, accepted, lost: DEVICES * PER_DEVICE - accepted, filed, seconds: round(burstSeconds), studies: studies.length - 1 },
    };
    console.log(`DICOM receiver (storescu over loopback, ${figures.cpus} CPUs, ${figures.decodeWorkers} decode workers)`);
    console.log(`  ${IMAGES}-image study, one association: stored in ${figures.study.storedSeconds} s, first byte to last pre-read ${figures.study.firstByteToLastPreReadSeconds} s (${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ')})`);
    console.log(`  ${DEVICES} simultaneous associations: ${associationsAccepted} accepted, ${accepted}/${DEVICES * PER_DEVICE} instances accepted, ${figures.burst.lost} lost, ${filed} filed, in ${figures.burst.seconds} s`);
    console.log(JSON.stringify(figures));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await portal.close();
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  process.exit(1);
});
