import { HeadlessPeer, waitForMedia } from '../testing/headless-peer.js';
import { startMediaApp, testJoinToken, type MediaTestApp } from '../testing/media-test-app.js';
import { RtpReceiver, type RtpSender } from '../testing/rtp.js';
import { SignallingClient } from '../testing/signalling-client.js';

describe('mediasoup worker failure', () => {
  let media: MediaTestApp;
  let receiver: RtpReceiver;
  const senders: RtpSender[] = [];

  beforeAll(async () => {
    media = await startMediaApp();
    receiver = new RtpReceiver();
    await receiver.bind();
  });
  afterAll(async () => {
    for (const sender of senders) sender.stop();
    receiver.close();
    await media.close();
  });

  it('re-creates the rooms of a killed worker on a live one; peers rejoin with their tickets and media flows again within 10 s', async () => {
    const room = 'consult:worker-death';
    const a = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room, name: 'Doctor' }));
    const b = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room, name: 'Specialist' }));
    const first = await a.produce({ ssrc: 5001, bitrate: 300_000, frameRate: 30, keyFrameInterval: 10 });
    senders.push(first.sender);
    const firstConsumer = await b.consume(first.producerId, receiver.address());
    await waitForMedia(receiver, firstConsumer.ssrc);

    const originalPeers = [a.joined.peerId, b.joined.peerId].sort();
    const doomed = media.runtime.manager.rooms.get(room)!.routerSlots[0].worker;
    const doomedPid = doomed.pid;
    const killedAt = Date.now();
    process.kill(doomedPid, 'SIGKILL');

    // Each client is told, rejoins on the same socket with its resume ticket, and sets its media up again.
    const [restartA, restartB] = await Promise.all([a.client.waitFor('roomRestarting'), b.client.waitFor('roomRestarting')]);
    expect(restartA.reason).toContain('worker');
    expect(restartB.retryAfterMs).toBeGreaterThan(0);
    first.sender.stop();
    await a.rejoin();
    await b.rejoin();
    expect(b.joined.peers.map((p) => p.name)).toEqual(['Doctor']);
    const second = await a.produce({ ssrc: 5002, bitrate: 300_000, frameRate: 30, keyFrameInterval: 10 });
    senders.push(second.sender);
    const secondConsumer = await b.consume(second.producerId, receiver.address());
    await waitForMedia(receiver, secondConsumer.ssrc);
    expect(Date.now() - killedAt).toBeLessThan(10_000);

    // The room now lives on a live worker, and the pool is back to full strength.
    const slot = media.runtime.manager.rooms.get(room)!.routerSlots[0];
    expect(slot.worker.pid).not.toBe(doomedPid);
    expect(slot.worker.closed).toBe(false);
    const deadline = Date.now() + 5000;
    while (media.runtime.pool.workers.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(media.runtime.pool.workers.map((w) => w.pid)).not.toContain(doomedPid);
    expect(media.runtime.pool.workers).toHaveLength(2);

    // Attendance: the first connections left because the worker died; the rejoined ones are new peers.
    await media.runtime.reporter.flush();
    const events = media.api.acceptedEvents();
    expect(events.filter((e) => e.type === 'left' && e.reason === 'worker-died').map((e) => e.peerId).sort()).toEqual(originalPeers);
    expect(events.filter((e) => e.type === 'joined' && e.room === room)).toHaveLength(4);
    await a.close();
    await b.close();
  });

  it('lets a dropped client back with its resume ticket once, and not after a hang-up', async () => {
    const peer = await HeadlessPeer.join(media.signallingUrl, testJoinToken({ room: 'consult:ticket' }));
    const dropped = peer.joined.resumeTicket;
    await peer.close();
    const back = await SignallingClient.connect(media.signallingUrl);
    const rejoined = await back.request('rejoin', { resumeTicket: dropped });
    expect(rejoined.room).toBe('consult:ticket');
    const thief = await SignallingClient.connect(media.signallingUrl);
    await expect(thief.request('rejoin', { resumeTicket: dropped })).rejects.toMatchObject({ code: 'TICKET_INVALID' });

    await back.request('leave', {});
    expect((await back.closed).code).toBe(1000);
    const afterHangup = await SignallingClient.connect(media.signallingUrl);
    await expect(afterHangup.request('rejoin', { resumeTicket: rejoined.resumeTicket })).rejects.toMatchObject({ code: 'TICKET_INVALID' });
  });
});
