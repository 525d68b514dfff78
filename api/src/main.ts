import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config.js';
import { createApp, listenForBursts } from './create-app.js';

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
  const app = await createApp({ config });
  const url = await listenForBursts(app, config.port, config.host);
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'Oasis API listening', url })}\n`);
}

main().catch((error) => {
  process.stderr.write(`Oasis API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
