import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { createMediaApp } from './create-media-app.js';
import { loadMediaConfig } from './media-config.js';

async function main() {
  const config = loadMediaConfig();
  // npm's mediasoup 3.8.4 ships no worker binary here: `npm start` provides Debian's (scripts/lib.mjs).
  const workerBin = process.env.MEDIASOUP_WORKER_BIN;
  if (!workerBin || !existsSync(workerBin)) {
    throw new Error('MEDIASOUP_WORKER_BIN must point to the mediasoup worker (Debian package mediasoup-worker; `npm start` installs and sets it)');
  }
  const app = await createMediaApp(config, new JsonLogger('info'));
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'Oasis media service listening', url: `http://${config.host}:${port}`, workers: config.numWorkers, rtcPorts: `${config.rtcMinPort}-${config.rtcMaxPort}` })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`Oasis media service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
