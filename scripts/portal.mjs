// `npm start`: installs and builds what is missing, prepares the embedded database with demo data,
// then runs the media service and the API (which also serves the web app) until Ctrl+C.
import { buildAll, ensureInstalled, ensureMediasoupWorker, log, node24, root, run, start } from './lib.mjs';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

ensureInstalled();
ensureMediasoupWorker();
buildAll();

/** The API signs join tokens and the media service verifies them (and signs attendance events) with this shared secret. */
function mediaSecret() {
  if (process.env.OASIS_MEDIA_SECRET) return process.env.OASIS_MEDIA_SECRET;
  const file = join(root, '.data/media-secret');
  if (!existsSync(file)) {
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
const OASIS_MEDIA_SECRET = mediaSecret();

run(node24, [join(root, 'dist/api/src/database/migrate.js')]);
if (process.env.OASIS_SEED !== 'false') run(node24, [join(root, 'dist/api/src/seed/seed.js')]);

const port = process.env.PORT ?? '3000';
const mediaPort = process.env.MEDIA_PORT ?? '3100';
const children = [
  start('dist/media/src/main.js', { MEDIA_PORT: mediaPort, OASIS_MEDIA_SECRET, OASIS_API_URL: process.env.OASIS_API_URL ?? `http://127.0.0.1:${port}` }),
  start('dist/api/src/main.js', { PORT: port, OASIS_MEDIA_SECRET, OASIS_MEDIA_URL: process.env.OASIS_MEDIA_URL ?? `http://127.0.0.1:${mediaPort}` }),
];

const stop = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const child of children) child.on('exit', (code) => code !== 0 && code !== null && stop(code));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const url = `http://localhost:${port}`;
for (let i = 0; i < 120; i++) {
  try {
    if ((await fetch(`${url}/health/live`)).ok) {
      log(`Oasis is running at ${url}  (sign in with the demo accounts above; Ctrl+C stops it)`);
      break;
    }
  } catch {
    // not up yet
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
