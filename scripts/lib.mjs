// Shared steps of `npm start` and `npm test`. Plain Node (runs on the system's Node 20 too):
// it installs what is missing, then hands over to the Node 24 that npm installed in node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const node24 = join(root, 'node_modules/.bin/node');

export function log(message) {
  process.stdout.write(`\x1b[36m[oasis]\x1b[0m ${message}\n`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

/** `npm ci` when node_modules is missing or older than the lock file. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(node24) && existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('Installing dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/**
 * The mediasoup worker (C++) comes from Debian's `mediasoup-worker` package (suite experimental), because
 * npm's mediasoup 3.8.4 would compile it and newer releases download it from GitHub; neither works here.
 * As root it is apt-installed; otherwise the .debs are unpacked into .tools/mediasoup (no root needed).
 */
const SYSTEM_MEDIASOUP_WORKER = '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';
const LOCAL_MEDIASOUP = join(root, '.tools/mediasoup');
const LOCAL_MEDIASOUP_LIBS = join(LOCAL_MEDIASOUP, 'root/usr/lib/x86_64-linux-gnu');
const LOCAL_MEDIASOUP_WORKER = join(LOCAL_MEDIASOUP_LIBS, 'mediasoup/mediasoup-worker');
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';

/** Environment that lets npm's mediasoup find the worker, or null when it is not installed. */
export function mediasoupWorkerEnv() {
  if (process.env.MEDIASOUP_WORKER_BIN && existsSync(process.env.MEDIASOUP_WORKER_BIN)) return { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN };
  if (existsSync(SYSTEM_MEDIASOUP_WORKER)) return { MEDIASOUP_WORKER_BIN: SYSTEM_MEDIASOUP_WORKER };
  if (existsSync(LOCAL_MEDIASOUP_WORKER)) {
    const libraryPath = [LOCAL_MEDIASOUP_LIBS, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    return { MEDIASOUP_WORKER_BIN: LOCAL_MEDIASOUP_WORKER, LD_LIBRARY_PATH: libraryPath };
  }
  return null;
}

function installMediasoupWorkerAsRoot() {
  const list = '/etc/apt/sources.list.d/debian-experimental.list';
  if (!existsSync(list)) {
    // Experimental is never chosen by default, so adding it upgrades nothing else.
    writeFileSync(list, `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${DEBIAN_MIRROR} experimental main\n`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // All lists, not only experimental's: the worker's dependencies (libsrtp2-1, libusrsctp2) come from the main suite.
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', 'mediasoup-worker/experimental'], { env });
}

function unpackMediasoupWorker() {
  const apt = join(LOCAL_MEDIASOUP, 'apt');
  const debs = join(LOCAL_MEDIASOUP, 'debs');
  rmSync(LOCAL_MEDIASOUP, { recursive: true, force: true });
  for (const dir of [join(apt, 'lists/partial'), join(apt, 'cache/archives/partial'), debs]) mkdirSync(dir, { recursive: true });
  const sources = join(apt, 'sources.list');
  const keyring = '[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg]';
  writeFileSync(sources, `deb ${keyring} ${DEBIAN_MIRROR} bookworm main\ndeb ${keyring} ${DEBIAN_MIRROR} experimental main\n`);
  // A private apt state: nothing outside .tools/ is read for writing, so no root is needed.
  const options = [
    '-o', `Dir::Etc::SourceList=${sources}`, '-o', 'Dir::Etc::SourceParts=-', '-o', `Dir::State::Lists=${join(apt, 'lists')}`,
    '-o', `Dir::Cache=${join(apt, 'cache')}`, '-o', 'Debug::NoLocking=1',
  ];
  run('apt-get', [...options, 'update']);
  run('apt-get', [...options, 'download', 'mediasoup-worker/experimental', 'libsrtp2-1', 'libusrsctp2', 'libuv1'], { cwd: debs });
  for (const deb of readdirSync(debs)) run('dpkg-deb', ['-x', join(debs, deb), join(LOCAL_MEDIASOUP, 'root')]);
}

/** Installs the worker when missing and exports its location to this process and its children (API, media, Jest). */
export function ensureMediasoupWorker() {
  let env = mediasoupWorkerEnv();
  if (!env) {
    log('Installing the mediasoup worker from Debian (mediasoup-worker/experimental)…');
    if (process.getuid?.() === 0) installMediasoupWorkerAsRoot();
    else unpackMediasoupWorker();
    env = mediasoupWorkerEnv();
    if (!env) throw new Error('The mediasoup worker could not be installed from Debian (see the apt output above).');
  }
  Object.assign(process.env, env);
  return env;
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Rebuilds a target when any of its inputs changed since its last successful build. */
export function buildIfStale(name, inputs, build) {
  const stamp = join(root, 'dist/.stamps', name);
  const newest = Math.max(...inputs.map((input) => newestMtime(join(root, input))));
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= newest) return;
  log(`Building ${name}…`);
  build();
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
}

export function buildAll({ web = true } = {}) {
  const tsc = (project) => () => run(node24, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project]);
  buildIfStale('api', ['api/src', 'contracts', 'api/tsconfig.app.json', 'tsconfig.json', 'package-lock.json'], tsc('api/tsconfig.app.json'));
  buildIfStale('media', ['media/src', 'contracts', 'media/tsconfig.app.json', 'tsconfig.json', 'package-lock.json'], tsc('media/tsconfig.app.json'));
  if (web) {
    buildIfStale('web', ['web', 'contracts', 'angular.json', 'package-lock.json'], () =>
      run(node24, [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'build', 'web'], { env: { ...process.env, NG_CLI_ANALYTICS: 'false' } }),
    );
  }
}

export function start(script, env = {}) {
  return spawn(node24, [join(root, script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}
