// `npm test`: the whole suite. Installs what is missing, type-checks, builds the web app for the browser
// journeys, then runs Jest (api + media against PGlite and PostgreSQL, e2e in Chromium).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll, ensureInstalled, log, node24, root, run } from './lib.mjs';

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0) {
    throw new Error('The browser journeys need Debian\'s Chromium: run `sudo apt-get install -y chromium` once, then npm test again.');
  }
  log('Installing Chromium from Debian for the browser journeys…');
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-core', 'fonts-wqy-microhei'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

try {
  ensureInstalled();
  ensureChromium();
  log('Type-checking api and media…');
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  run(node24, [tsc, '-p', 'api/tsconfig.app.json', '--noEmit']);
  run(node24, [tsc, '-p', 'media/tsconfig.app.json', '--noEmit']);
  buildAll();
  log('Running the test suite…');
  run(node24, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', join(root, 'node_modules/jest/bin/jest.js'), '--ci', ...process.argv.slice(2)]);
} catch (error) {
  process.stderr.write(`\n${error.message}\n`);
  process.exit(1);
}
