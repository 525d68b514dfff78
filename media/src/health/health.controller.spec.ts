import { checkUdpBuffers } from '../workers/udp-buffers.js';
import { startMediaApp, type MediaTestApp } from '../testing/media-test-app.js';

describe('media service health', () => {
  let media: MediaTestApp;
  beforeAll(async () => {
    media = await startMediaApp();
  });
  afterAll(() => media?.close());

  it('answers /health with its status, uptime, live workers and rooms', async () => {
    const response = await fetch(`${media.httpUrl}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { workers: { pids: number[] } };
    expect(body).toMatchObject({ status: 'ok', service: 'oasis-media', workers: { alive: 2, expected: 2 }, rooms: 0, peers: 0 });
    expect(body.workers.pids).toHaveLength(2);
    // What the workers' sockets get from the host, so that operations see a buffer too small for stalls.
    expect(body).toMatchObject({ udpReceiveBuffer: checkUdpBuffers() });
  });
});
