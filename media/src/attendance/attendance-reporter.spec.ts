import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyMediaEventsSignature, type MediaEventsBody } from '#contracts/protocol/media-events.js';
import { HeadlessPeer } from '../testing/headless-peer.js';
import { ApiEventsStub, TEST_MEDIA_SECRET, startMediaApp, testJoinToken } from '../testing/media-test-app.js';
import { AttendanceReporter } from './attendance-reporter.js';

async function until(condition: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('attendance reports to the API', () => {
  it('POSTs signed joined/left events of real peers, with the leave reason', async () => {
    const media = await startMediaApp({ MEDIA_WORKERS: '1' });
    try {
      const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: 'training:attendance', sub: 'trainee-7', role: 'viewer' }));
      await peer.client.request('leave', {});
      await peer.client.closed;
      await until(() => media.api.acceptedEvents().length === 2);
      for (const delivery of media.api.deliveries) {
        const signature = delivery.headers[SIGNATURE_HEADER] as string;
        const timestamp = delivery.headers[TIMESTAMP_HEADER] as string;
        expect(verifyMediaEventsSignature(TEST_MEDIA_SECRET, delivery.body, signature, timestamp)).toBe(true);
        expect(verifyMediaEventsSignature('some-other-secret-of-sufficient-length', delivery.body, signature, timestamp)).toBe(false);
      }
      expect(media.api.acceptedEvents()).toEqual([
        expect.objectContaining({ type: 'joined', room: 'training:attendance', userId: 'trainee-7', peerId: peer.joined.peerId }),
        expect.objectContaining({ type: 'left', room: 'training:attendance', userId: 'trainee-7', peerId: peer.joined.peerId, reason: 'hangup' }),
      ]);
    } finally {
      await media.close();
    }
  });

  it('retries a failed delivery with the same event ids until the API accepts it', async () => {
    const api = await new ApiEventsStub([503, 500]).start();
    const reporter = new AttendanceReporter({ apiUrl: api.url, secret: TEST_MEDIA_SECRET, initialBackoffMs: 50 });
    try {
      reporter.joined({ room: 'consult:retry', userId: 'u1', peerId: 'p1' });
      await until(() => api.acceptedEvents().length === 1);
      expect(api.deliveries.map((d) => d.status)).toEqual([503, 500, 204]);
      const ids = api.deliveries.map((d) => (JSON.parse(d.body) as MediaEventsBody).events.map((e) => e.id));
      expect(new Set(ids.flat()).size).toBe(1);
      // The stub records a delivery before its answer reaches the reporter, so the queue empties a moment later.
      await until(() => reporter.pending === 0);
    } finally {
      reporter.stop();
      await api.close();
    }
  });

  it('keeps events while the API is unreachable and delivers them once it is back', async () => {
    const down = await new ApiEventsStub().start();
    const url = down.url;
    await down.close();
    const reporter = new AttendanceReporter({ apiUrl: url, secret: TEST_MEDIA_SECRET, initialBackoffMs: 50, maxBackoffMs: 100 });
    reporter.joined({ room: 'consult:down', userId: 'u2', peerId: 'p2' });
    reporter.left({ room: 'consult:down', userId: 'u2', peerId: 'p2' }, 'disconnected');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reporter.pending).toBe(2);
    const api = await new ApiEventsStub().start(Number(new URL(url).port));
    try {
      await until(() => api.acceptedEvents().length === 2);
      expect(api.acceptedEvents().map((e) => e.type)).toEqual(['joined', 'left']);
      await until(() => reporter.pending === 0);
    } finally {
      reporter.stop();
      await api.close();
    }
  });
});
