// `npm test`: the whole suite. Installs what is missing, lints (ESLint: module boundaries, cycles), type-checks
// (code, specs, journeys), builds the web app
// for the browser journeys, then runs Jest (api + media against PGlite and PostgreSQL, web unit tests, e2e in Chromium).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, ensureInstalled, ensureMediasoupWorker, log, node24, root, run } from './lib.mjs';

/**
 * Debian packages the suite needs: Chromium for the browser journeys, a Chinese font for report PDFs, and the
 * reference DICOM decoders the real-file imaging spec compares against (DCMTK, GDCM, libjxl), coturn, the TURN
 * relay the credential spec and the relayed-call journey run through, Orthanc (with its DICOMweb plugin) as the
 * hospital PACS the results are sent to, and FFmpeg, which writes training recordings (and plays the camera the
 * recording spec records).
 */
const SYSTEM_PACKAGES = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/dcmj2pnm', 'dcmtk'],
  ['/usr/bin/gdcmconv', 'libgdcm-tools'],
  ['/usr/bin/djxl', 'libjxl-tools'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'fonts-wqy-microhei'],
  ['/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf', 'fonts-noto-core'],
  ['/usr/bin/pdftotext', 'poppler-utils'],
  ['/usr/bin/turnserver', 'coturn'],
  ['/usr/sbin/Orthanc', 'orthanc'],
  ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so', 'orthanc-dicomweb'],
  ['/usr/bin/ffmpeg', 'ffmpeg'],
];

function ensureSystemPackages() {
  const missing = SYSTEM_PACKAGES.filter(([path]) => !existsSync(path)).map(([, name]) => name);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`The tests need Debian packages: run \`sudo apt-get install -y ${missing.join(' ')}\` once, then npm test again.`);
  }
  log(`Installing ${missing.join(', ')} from Debian…`);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

try {
  ensureInstalled();
  ensureSystemPackages();
  ensureMediasoupWorker();
  log('Linting (module boundaries, import cycles)…');
  run(node24, [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
  log('Type-checking api and media, and the specs and journeys (which SWC runs without checking)…');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  run(node24, [tsc, '-p', 'api/tsconfig.app.json', '--noEmit']);
  run(node24, [tsc, '-p', 'media/tsconfig.app.json', '--noEmit']);
  for (const specs of ['tsconfig.spec.json', 'e2e/tsconfig.json', 'web/tsconfig.spec.json']) run(node24, [tsc, '-p', specs]);
  buildAll();
  log('Running the test suite…');
  // One Jest process runs its suites in turn (2 cores). What the suites leave behind grows with their number, and
  // all of them in one process ran out of heap; so each project gets a process of its own. (A larger heap is no
  // way out: V8's heap flag is process-wide and overrides the decode workers' own memory cap.)
  const args = process.argv.slice(2);
  const projects = args.some((a) => a.startsWith('--selectProjects')) ? [[]] : [['api'], ['e2e'], ['media', 'contracts', 'web']].map((p) => ['--selectProjects', ...p]);
  for (const selected of projects) {
    // With a path given (npm test -- <path>), the projects it is not in have nothing to run.
    // --forceExit: a hook that times out leaves what it was still building (an app, a database) running; Jest then
    // reports the failure but never exits, and CI hangs until it is cut instead of saying what failed.
    run(node24, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--forceExit', ...(args.length ? ['--passWithNoTests'] : []), ...selected, ...args]);
  }
} catch (error) {
  process.stderr.write(`\n${error.message}\n`);
  process.exit(1);
}
