// Shared steps of `npm start` and `npm test`. Plain Node (runs on the system's Node 20 too):
// it installs what is missing, then hands over to the Node 24 that npm installed in node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
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
  buildIfStale('api', ['api/src', 'api/tsconfig.app.json', 'tsconfig.json', 'package-lock.json'], tsc('api/tsconfig.app.json'));
  buildIfStale('media', ['media/src', 'api/src/common', 'media/tsconfig.app.json', 'tsconfig.json', 'package-lock.json'], tsc('media/tsconfig.app.json'));
  if (web) {
    buildIfStale('web', ['web', 'angular.json', 'package-lock.json'], () =>
      run(node24, [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'build', 'web'], { env: { ...process.env, NG_CLI_ANALYTICS: 'false' } }),
    );
  }
}

export function start(script, env = {}) {
  return spawn(node24, [join(root, script)], { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}
