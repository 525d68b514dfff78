import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { bodyErrorsMiddleware } from './common/body-errors.middleware.js';
import { JsonLogger } from '#contracts/logging/json-logger.js';
import { requestContextMiddleware } from './common/request-id.middleware.js';
import { securityHeaders } from './common/security-headers.js';

/** Builds the configured API (used by main.ts and by integration tests, so both run the same app). */
export async function createApp(options: AppModuleOptions & { logger?: JsonLogger }): Promise<NestExpressApplication> {
  const { config } = options;
  const logger = options.logger ?? new JsonLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(options), { logger, bodyParser: false, rawBody: true });
  app.set('trust proxy', config.trustProxy);
  app.use(requestContextMiddleware(logger));
  app.use(...securityHeaders(config));
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.useBodyParser('raw', { type: 'application/offset+octet-stream', limit: config.maxUploadChunkBytes });
  app.use(bodyErrorsMiddleware(config.maxBodyBytes));
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
  app.enableShutdownHooks();
  serveWebApp(app, config.webDir);
  return app;
}

/**
 * Listens ready for bursts (2,000 trainees opening an exam in the same second): Node's default accept queue
 * (511) overflows and the kernel drops SYNs that clients retry 1, 3, 7 s later; idle keep-alive connections
 * stay open longer than a trainee's pause between answers, as behind a load balancer.
 */
export async function listenForBursts(app: NestExpressApplication, port: number, host: string, { sharePort = false } = {}): Promise<string> {
  await app.init();
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Several API processes on one port (OASIS_API_PROCESSES): each its own socket, balanced by the kernel.
    server.listen({ port, host, backlog: 4096, ...(sharePort ? { reusePort: true, exclusive: true } : {}) }, resolve);
  });
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${(server.address() as { port: number }).port}`;
}

/** Paths the API answers itself; everything else that is a GET without a file extension is the web app. */
// Not '/training': the web app's training screens live there (the API's only route below it is a POST).
const API_PREFIXES = ['/graphql', '/health', '/uploads', '/images', '/reports', '/internal', '/training-media', '/certificates', '/gradebooks', '/question-banks', '/dicomweb'];

/** The built Angular app, with its client-side routes falling back to index.html. */
function serveWebApp(app: NestExpressApplication, webDir: string) {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return;
  app.useStaticAssets(webDir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || API_PREFIXES.some((p) => req.path.startsWith(p)) || req.path.includes('.')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
