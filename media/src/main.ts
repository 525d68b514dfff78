import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../../api/src/common/json-logger.js';
import { loadMediaConfig } from './media-config.js';
import { MediaModule } from './media.module.js';

async function main() {
  const config = loadMediaConfig();
  const app = await NestFactory.create(MediaModule, { logger: new JsonLogger('info') });
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'Oasis media service listening', url: `http://${config.host}:${port}` })}\n`);
}

main().catch((error) => {
  process.stderr.write(`Oasis media service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
