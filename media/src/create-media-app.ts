import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MediaConfig } from './media-config.js';
import { MediaModule } from './media.module.js';

/** The media service as main.ts, the specs and the journeys start it. */
export function createMediaApp(config: MediaConfig, logger: NestApplicationOptions['logger']): Promise<INestApplication> {
  // rawBody: the API's recording requests are signed over the exact body.
  return NestFactory.create(MediaModule.forRoot(config), { logger, rawBody: true });
}
