import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { MediaModule } from '../media.module.js';

describe('media service health', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await NestFactory.create(MediaModule, { logger: false });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('answers /health with its status and uptime', async () => {
    const { port } = app.getHttpServer().address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${port}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', service: 'oasis-media' });
  });
});
