import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config.js';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { WorkerModule } from './worker.module.js';

/** `npm run worker`: consumes pre-read jobs from Redis (REDIS_URL and DATABASE_URL as for the API). */
async function main() {
  let config;
  try {
    config = loadConfig({ ...process.env, OASIS_INFERENCE_MODE: 'worker' });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { logger: new JsonLogger(config.logLevel) });
  app.enableShutdownHooks();
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'Oasis inference worker started', providers: config.inferenceProviders })}\n`);
}

main().catch((error) => {
  process.stderr.write(`Oasis inference worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
