import { SignallingErrorCode, spatialLayerForWidth, type NotificationMap } from '#contracts/protocol/signalling.js';
import { HeadlessPeer, waitForMedia } from '../testing/headless-peer.js';
import { startMediaApp, testJoinToken, type MediaTestApp } from '../testing/media-test-app.js';
import { RtpReceiver, type RtpSender } from '../testing/rtp.js';
import { SignallingRequestError } from '../testing/signalling-client.js';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'no error',
    (error: unknown) => (error instanceof SignallingRequestError ? error.code : String(error)),
  );

describe('rooms', () => {
  let media: MediaTestApp;
  let receiver: RtpReceiver;
  const senders: RtpSender[] = [];
  const peers: HeadlessPeer[] = [];
  const join = async (token: string) => {
    const peer = await HeadlessPeer.join(media.signallingUrl, token);
    peers.push(peer);
    return peer;
  };
  const produce = async (peer: HeadlessPeer, ssrc: number, kind: 'video' | 'audio' = 'video') => {
    const produced = await peer.produce({ ssrc, kind, bitrate: 300_000, frameRate: kind === 'video' ? 30 : 50, keyFrameInterval: 10 });
    senders.push(produced.sender);
    return produced;
  };

  beforeAll(async () => {
    // A tiny router threshold so that a handful of viewers already spreads a training room over both workers.
    media = await startMediaApp({ MEDIA_CONSUMERS_PER_ROUTER: '2' });
    receiver = new RtpReceiver();
    await receiver.bind();
  });
  afterEach(async () => {
    for (const sender of senders.splice(0)) sender.stop();
    await Promise.all(peers.splice(0).map((peer) => peer.close()));
  });
  afterAll(async () => {
    receiver.close();
    await media.close();
  });

  it('carries a consult participant’s video and audio to the other participant', async () => {
    const a = await join(testJoinToken({ room: 'consult:flow', name: 'Township doctor' }));
    const b = await join(testJoinToken({ room: 'consult:flow', name: 'Specialist' }));
    expect(await a.client.waitFor('peerJoined')).toMatchObject({ peerId: b.joined.peerId, name: 'Specialist', role: 'participant' });
    const video = await produce(a, 1001);
    const audio = await produce(a, 1002, 'audio');
    const announced = await b.client.waitFor('newProducer', (p) => p.producerId === video.producerId);
    expect(announced).toMatchObject({ peerId: a.joined.peerId, kind: 'video', source: 'camera' });
    const videoConsumer = await b.consume(video.producerId, receiver.address());
    const audioConsumer = await b.consume(audio.producerId, receiver.address());
    await waitForMedia(receiver, videoConsumer.ssrc);
    await waitForMedia(receiver, audioConsumer.ssrc);
  });

  it('sends the simulcast layer a viewer asks for (small window → lowest) and reports the layer change', async () => {
    const a = await join(testJoinToken({ room: 'consult:simulcast' }));
    const b = await join(testJoinToken({ room: 'consult:simulcast' }));
    const layers = [
      { ssrc: 6001, bitrate: 100_000 },
      { ssrc: 6002, bitrate: 250_000 },
      { ssrc: 6003, bitrate: 500_000 },
    ];
    const video = await a.produce({ ssrc: 6001, bitrate: 0, frameRate: 30, keyFrameInterval: 10, simulcast: layers });
    senders.push(video.sender);
    const consumer = await b.consume(video.producerId, receiver.address());
    // The layer the consumer is on now: its latest consumerLayersChanged. A loaded machine can add transient
    // changes (a layer briefly inactive), so the test waits for where it settles, not for the nth change.
    const settlesOn = async (spatialLayer: number) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const changes = b.client.notifications.filter((n) => n.type === 'consumerLayersChanged').map((n) => n.data as NotificationMap['consumerLayersChanged']);
        if (changes.filter((c) => c.consumerId === consumer.consumerId).at(-1)?.spatialLayer === spatialLayer) return;
        if (Date.now() > deadline) throw new Error(`consumer did not settle on spatial layer ${spatialLayer}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // mediasoup starts on the lowest layer and takes a higher one once it has been active for 2 s.
    await settlesOn(0);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await b.client.request('setPreferredLayers', { consumerId: consumer.consumerId, spatialLayer: spatialLayerForWidth(1280) });
    await settlesOn(2);
    const bitrate = async () => {
      const before = receiver.stats(consumer.ssrc)?.bytes ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return ((receiver.stats(consumer.ssrc)?.bytes ?? 0) - before) * 8;
    };
    const high = await bitrate();
    await b.client.request('setPreferredLayers', { consumerId: consumer.consumerId, spatialLayer: spatialLayerForWidth(320) });
    await settlesOn(0);
    const low = await bitrate();
    expect(high).toBeGreaterThan(300_000);
    expect(low).toBeLessThan(high / 3);
  });

  it('pauses video but keeps audio in audio-only mode, and resumes video after it', async () => {
    const a = await join(testJoinToken({ room: 'consult:audio-only' }));
    const b = await join(testJoinToken({ room: 'consult:audio-only' }));
    const video = await produce(a, 2001);
    const audio = await produce(a, 2002, 'audio');
    const videoConsumer = await b.consume(video.producerId, receiver.address());
    const audioConsumer = await b.consume(audio.producerId, receiver.address());
    await waitForMedia(receiver, videoConsumer.ssrc);
    await b.client.request('setAudioOnly', { audioOnly: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const frozen = receiver.stats(videoConsumer.ssrc)?.packets;
    await waitForMedia(receiver, audioConsumer.ssrc, 3000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.stats(videoConsumer.ssrc)?.packets).toBe(frozen);
    await b.client.request('setAudioOnly', { audioOnly: false });
    await waitForMedia(receiver, videoConsumer.ssrc);
  });

  it('lets training presenters produce and refuses viewers', async () => {
    const presenter = await join(testJoinToken({ room: 'training:refuse', role: 'presenter' }));
    const viewer = await join(testJoinToken({ room: 'training:refuse', role: 'viewer' }));
    await produce(presenter, 3001);
    const transport = await viewer.client.request('createPlainTransport', { direction: 'send' });
    const code = await codeOf(
      viewer.client.request('produce', { transportId: transport.transportId, kind: 'audio', rtpParameters: { codecs: [] } as never, appData: { source: 'mic' } }),
    );
    expect(code).toBe(SignallingErrorCode.FORBIDDEN);
  });

  it('spreads viewers of a big training session over routers on both workers with pipeToRouter, media reaching all', async () => {
    const room = 'training:spread';
    const presenter = await join(testJoinToken({ room, role: 'presenter' }));
    const video = await produce(presenter, 4001);
    const viewers = [];
    for (let i = 0; i < 4; i++) viewers.push(await join(testJoinToken({ room, role: 'viewer' })));
    const ssrcs = [];
    for (const viewer of viewers) ssrcs.push((await viewer.consume(video.producerId, receiver.address())).ssrc);
    for (const ssrc of ssrcs) await waitForMedia(receiver, ssrc);

    const slots = media.runtime.manager.rooms.get(room)!.routerSlots;
    expect(slots.length).toBeGreaterThan(1);
    expect(new Set(slots.map((slot) => slot.worker.pid)).size).toBe(2);
    // Every router stays within the threshold of 2 consumers.
    for (const slot of slots) expect(slot.consumers).toBeLessThanOrEqual(2);
    expect(slots.reduce((sum, slot) => sum + slot.consumers, 0)).toBe(4);
  });

  it('queues raised hands and questions in training rooms; presenters lower hands and dismiss questions', async () => {
    const room = 'training:hands';
    const presenter = await join(testJoinToken({ room, role: 'presenter', name: 'Trainer' }));
    const viewer = await join(testJoinToken({ room, role: 'viewer', name: 'Trainee' }));
    await viewer.client.request('raiseHand', {});
    expect(await presenter.client.waitFor('handRaised', (d) => d.raised)).toMatchObject({ peerId: viewer.joined.peerId, name: 'Trainee', raisedHands: [{ name: 'Trainee' }] });
    expect(await codeOf(viewer.client.request('lowerHand', { peerId: presenter.joined.peerId }))).toBe(SignallingErrorCode.FORBIDDEN);
    await presenter.client.request('lowerHand', { peerId: viewer.joined.peerId });
    expect(await viewer.client.waitFor('handRaised', (d) => !d.raised)).toMatchObject({ raisedHands: [] });

    const { questionId } = await viewer.client.request('askQuestion', { text: '  Is this a gallbladder polyp?  ' });
    expect(await presenter.client.waitFor('questions', (d) => d.questions.length === 1)).toMatchObject({ questions: [{ questionId, text: 'Is this a gallbladder polyp?' }] });
    expect(await codeOf(viewer.client.request('askQuestion', { text: '   ' }))).toBe(SignallingErrorCode.MALFORMED);
    expect(await codeOf(viewer.client.request('dismissQuestion', { questionId }))).toBe(SignallingErrorCode.FORBIDDEN);
    await presenter.client.request('dismissQuestion', { questionId });
    expect((await viewer.client.request('questionQueue', {})).questions).toEqual([]);
    expect(await codeOf(viewer.client.request('pointer', { x: 0.5, y: 0.5 }))).toBe(SignallingErrorCode.FORBIDDEN);
  });

  it('relays the shared ultrasound image and the specialist’s pointer in consult rooms', async () => {
    const room = 'consult:pointer';
    const specialist = await join(testJoinToken({ room, name: 'Specialist' }));
    const doctor = await join(testJoinToken({ room, name: 'Doctor' }));
    expect(await codeOf(specialist.client.request('pointer', { x: 0.1, y: 0.2 }))).toBe(SignallingErrorCode.BAD_STATE);
    await specialist.client.request('shareImage', { imageId: 'image-42' });
    expect(await doctor.client.waitFor('imageShared')).toEqual({ imageId: 'image-42', peerId: specialist.joined.peerId });
    await specialist.client.request('pointer', { x: 0.25, y: 0.75 });
    expect(await doctor.client.waitFor('pointer')).toEqual({ peerId: specialist.joined.peerId, x: 0.25, y: 0.75 });
    expect(await codeOf(specialist.client.request('pointer', { x: 1.5, y: 0 }))).toBe(SignallingErrorCode.MALFORMED);
    expect(await codeOf(doctor.client.request('raiseHand', {}))).toBe(SignallingErrorCode.FORBIDDEN);
    // A late joiner sees what is shared.
    const late = await join(testJoinToken({ room }));
    expect(late.joined.sharedImageId).toBe('image-42');
  });
});
