import 'reflect-metadata';
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp, listenForBursts } from './create-app.js';
import { superviseApiProcesses } from './api-processes.js';

const log = (entry: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md (Configuration) for every variable.\n`);
      process.exit(78);
    }
    throw error;
  }
  if (config.apiProcesses > 1 && cluster.isPrimary) {
    superviseApiProcesses(config.apiProcesses, (entry) => log({ ...entry, processes: config.apiProcesses }));
    return;
  }
  const app = await createApp({ config });
  const url = await listenForBursts(app, config.port, config.host, { sharePort: config.apiProcesses > 1 });
  log({ level: 'info', msg: 'Oasis API listening', url, pid: process.pid });
}

main().catch((error) => {
  process.stderr.write(`Oasis API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
