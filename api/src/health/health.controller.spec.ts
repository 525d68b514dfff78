import { type MediaTestApp, startMediaApp } from '../../../media/src/testing/media-test-app.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/** What /health/ready answers: overall status and each component's. */
type Readiness = { status: string; components: Record<string, { status: string; detail?: string }> };

describe('health and readiness', () => {
  let media: MediaTestApp;
  let withMedia: TestApp;
  let brokenQueue: TestApp;

  beforeAll(async () => {
    // The real media service, mediasoup workers and all: readiness asks it whether a worker is alive.
    media = await startMediaApp({ MEDIA_WORKERS: '1' });
    withMedia = await createTestApp('pglite', { OASIS_MEDIA_URL: media.httpUrl }, { seed: false });
    brokenQueue = await createTestApp('pglite', { REDIS_URL: 'redis://127.0.0.1:1' }, { seed: false });
    // Three services boot here, not one: on a loaded 2-core CI machine that took longer than the default 60 s.
  }, 180_000);
  afterAll(async () => {
    await withMedia?.close();
    await brokenQueue?.close();
    await media?.close();
  });

  it('is live', async () => {
    const response = await fetch(`${withMedia.url}/health/live`);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is ready when the database, queue and media service answer', async () => {
    const response = await fetch(`${withMedia.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Readiness;
    expect(body.status).toBe('ok');
    expect(body.components.database).toMatchObject({ status: 'up', detail: 'pglite (embedded)' });
    expect(body.components.queue).toMatchObject({ status: 'up', detail: 'in-process' });
    expect(body.components.media.status).toBe('up');
  });

  it('answers 503 when the queue is unreachable, and says which part is down', async () => {
    const response = await fetch(`${brokenQueue.url}/health/ready`);
    expect(response.status).toBe(503);
    const body = (await response.json()) as Readiness;
    expect(body.status).toBe('down');
    expect(body.components.queue.status).toBe('down');
    expect(body.components.database.status).toBe('up');
    expect(body.components.media.status).toBe('down');
  });

  it('keeps a caller’s request id', async () => {
    const response = await fetch(`${withMedia.url}/health/live`, { headers: { 'x-request-id': 'clinic-req-12345' } });
    expect(response.headers.get('x-request-id')).toBe('clinic-req-12345');
  });
});
