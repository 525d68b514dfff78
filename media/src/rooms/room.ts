import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { types } from 'mediasoup';
import type { AttendanceReporter } from '../attendance/attendance-reporter.js';
import type { MediaConfig } from '../media-config.js';
import {
  CLOSE_CODES,
  MAX_QUESTION_LENGTH,
  SignallingErrorCode,
  type ConsumerOptions,
  type MediaKind,
  type NotificationMap,
  type NotificationType,
  type ProducerInfo,
  type ProducerSource,
  type Question,
  type RaisedHand,
  type RoomKind,
  type RtpCapabilities,
  type TransportDirection,
  type TransportOptions,
} from '#contracts/protocol/signalling.js';
import { SignallingFailure } from '../signalling/signalling-failure.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import { Recorder, type RecordingResult } from '../recording/recorder.js';
import type { Peer, PeerTransport } from './peer.js';
import { RouterSlot } from './router-slot.js';

export interface RoomDeps {
  pool: WorkerPool;
  config: MediaConfig;
  reporter: AttendanceReporter;
}

/** Questions waiting in one training room; past this the queue refuses new ones. */
const MAX_QUEUED_QUESTIONS = 200;
/** How long a client should wait before rejoining a restarting room (a new router is usually ready by then). */
const RESTART_RETRY_AFTER_MS = 500;
const SOURCE_KIND: Record<ProducerSource, MediaKind> = { mic: 'audio', camera: 'video', screen: 'video' };

interface RoomProducer {
  producer: types.Producer;
  peer: Peer;
  source: ProducerSource;
}

const fail = (code: SignallingErrorCode, reason: string): never => {
  throw new SignallingFailure(code, reason);
};

/**
 * A consult or training room. Producers live on the origin router; viewers of a large training session
 * are spread over further routers on other workers, fed by pipeToRouter, once a router carries
 * `consumersPerRouter` consumers. When a worker of the room dies, `restart` drops every peer (they keep
 * their sockets and rejoin with their resume tickets) and re-creates the origin router on a live worker.
 */
export class Room {
  readonly peers = new Map<string, Peer>();
  private readonly logger = new Logger('Room');
  private slots: RouterSlot[] = [];
  private originReady: Promise<RouterSlot> | null = null;
  private readonly producers = new Map<string, RoomProducer>();
  private readonly hands = new Map<string, RaisedHand>();
  private questions: Question[] = [];
  private sharedImageId: string | null = null;
  /** Router placement runs one at a time, so simultaneous joins do not each open a router. */
  private placing: Promise<unknown> = Promise.resolve();
  private closed = false;
  private recorder: Recorder | null = null;

  constructor(
    readonly key: string,
    readonly kind: RoomKind,
    private readonly deps: RoomDeps,
    private readonly onEmpty: (room: Room) => void,
  ) {}

  get routerSlots(): readonly RouterSlot[] {
    return this.slots;
  }

  /** The router producers live on; created on the least loaded worker on first use. */
  origin(): Promise<RouterSlot> {
    this.originReady ??= this.deps.pool.pick().then((worker) => this.openSlot(worker));
    return this.originReady;
  }

  usesWorker(worker: types.Worker): boolean {
    return this.slots.some((slot) => slot.worker === worker);
  }

  // -------------------------------------------------------------------------------------------
  // Peers

  async admit(peer: Peer): Promise<void> {
    if (this.closed) fail(SignallingErrorCode.ROOM_RESTARTING, 'room closed; join again');
    const slot = await this.place(peer);
    peer.slot = slot;
    slot.peers += 1;
    this.deps.pool.adjustLoad(slot.worker, 1);
    for (const other of this.peers.values()) if (this.sees(other, peer)) other.channel.notify('peerJoined', peer.info(false));
    this.peers.set(peer.id, peer);
    this.deps.reporter.joined(this.subject(peer));
  }

  /** Idempotent: the first call records the leave with its reason. */
  remove(peer: Peer, reason: string) {
    if (this.peers.get(peer.id) !== peer) return;
    this.peers.delete(peer.id);
    peer.close();
    peer.slot.peers -= 1;
    this.deps.pool.adjustLoad(peer.slot.worker, -1);
    for (const other of this.peers.values()) if (this.sees(other, peer)) other.channel.notify('peerLeft', { peerId: peer.id });
    if (this.hands.delete(peer.id)) this.broadcastHands(peer, false);
    this.deps.reporter.left(this.subject(peer), reason);
    if (this.peers.size === 0) this.onEmpty(this);
  }

  /** What a joining peer needs besides its own ids. */
  snapshot(peer: Peer, routerRtpCapabilities: types.RtpCapabilities) {
    return {
      routerRtpCapabilities: routerRtpCapabilities as unknown as RtpCapabilities,
      peers: [...this.peers.values()].filter((other) => other !== peer && this.sees(peer, other)).map((other) => other.info(this.hands.has(other.id))),
      producers: [...this.producers.values()].filter((entry) => entry.peer !== peer).map((entry) => this.producerInfo(entry)),
      raisedHands: [...this.hands.values()],
      questions: this.questions,
      sharedImageId: this.sharedImageId,
      recording: this.recorder !== null,
    };
  }

  /** The worker under this room died: every peer is told to rejoin, and a fresh origin router is opened. */
  async restart(reason: string): Promise<void> {
    const peers = [...this.peers.values()];
    this.logger.warn({ msg: 'restarting room', room: this.key, reason, peers: peers.length });
    this.peers.clear();
    this.producers.clear();
    this.hands.clear();
    for (const peer of peers) {
      peer.channel.notify('roomRestarting', { reason, retryAfterMs: RESTART_RETRY_AFTER_MS });
      peer.channel.detach();
      peer.close();
      this.deps.reporter.left(this.subject(peer), 'worker-died');
    }
    const slots = this.slots;
    this.slots = [];
    this.originReady = null;
    for (const slot of slots) {
      this.deps.pool.adjustLoad(slot.worker, -slot.peers);
      slot.router.close();
    }
    await this.origin();
  }

  close() {
    this.closed = true;
    // Shutdown: FFmpeg is told to finish its file rather than left running; the segments stay in their folder.
    void this.recorder?.stop();
    this.recorder = null;
    for (const peer of [...this.peers.values()]) peer.channel.disconnect(CLOSE_CODES.SHUTDOWN, 'media service shutting down');
    for (const slot of this.slots) slot.router.close();
    this.slots = [];
  }

  // -------------------------------------------------------------------------------------------
  // Transports

  async createWebRtcTransport(peer: Peer, direction: TransportDirection): Promise<TransportOptions> {
    this.checkTransportLimit(peer);
    const { config } = this.deps;
    const transport = await peer.slot.router.createWebRtcTransport({
      listenIps: config.listenIps,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: config.initialAvailableOutgoingBitrate,
      appData: { peerId: peer.id, direction },
    });
    if (direction === 'send') await transport.setMaxIncomingBitrate(config.maxIncomingBitrate);
    const entry: PeerTransport = { transport, kind: 'webrtc', direction };
    peer.transports.set(transport.id, entry);
    transport.on('dtlsstatechange', (state) => {
      if (state === 'connected' && entry.dtlsTimer) clearTimeout(entry.dtlsTimer);
      if (state === 'failed') peer.channel.disconnect(CLOSE_CODES.DTLS_TIMEOUT, `DTLS failed on ${direction} transport`);
    });
    transport.observer.on('close', () => {
      if (entry.dtlsTimer) clearTimeout(entry.dtlsTimer);
      peer.transports.delete(transport.id);
    });
    return {
      transportId: transport.id,
      direction,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates.map((candidate) => ({
        foundation: candidate.foundation,
        priority: candidate.priority,
        address: candidate.ip,
        ip: candidate.ip,
        protocol: candidate.protocol,
        port: candidate.port,
        type: candidate.type,
        ...(candidate.tcpType ? { tcpType: candidate.tcpType } : {}),
      })),
      dtlsParameters: transport.dtlsParameters as unknown as TransportOptions['dtlsParameters'],
    };
  }

  async createPlainTransport(peer: Peer, direction: TransportDirection): Promise<{ transportId: string; ip: string; port: number }> {
    if (!this.deps.config.allowPlainTransports) fail(SignallingErrorCode.FORBIDDEN, 'plain RTP transports are disabled (MEDIA_ALLOW_PLAIN_TRANSPORTS)');
    this.checkTransportLimit(peer);
    const listen = this.deps.config.listenIps[0];
    // A sender's address is learnt from its first packet (comedia); a receiver tells its address in connectPlainTransport.
    const transport = await peer.slot.router.createPlainTransport({ listenIp: listen, rtcpMux: true, comedia: direction === 'send' });
    peer.transports.set(transport.id, { transport, kind: 'plain', direction });
    transport.observer.on('close', () => peer.transports.delete(transport.id));
    return { transportId: transport.id, ip: listen.announcedIp ?? transport.tuple.localIp, port: transport.tuple.localPort };
  }

  async connectWebRtcTransport(peer: Peer, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const entry = this.transport(peer, transportId, 'webrtc');
    const transport = entry.transport as types.WebRtcTransport;
    if (transport.dtlsState !== 'new' || entry.dtlsTimer) fail(SignallingErrorCode.BAD_STATE, 'transport already connected');
    // From here the client is trying: if DTLS does not complete in time, ICE/TURN is blocked for it.
    entry.dtlsTimer = setTimeout(() => {
      if (transport.dtlsState !== 'connected') peer.channel.disconnect(CLOSE_CODES.DTLS_TIMEOUT, `DTLS not completed within ${this.deps.config.dtlsTimeoutMs} ms`);
    }, this.deps.config.dtlsTimeoutMs);
    entry.dtlsTimer.unref();
    await transport.connect({ dtlsParameters });
  }

  async connectPlainTransport(peer: Peer, transportId: string, ip: string, port: number): Promise<void> {
    const entry = this.transport(peer, transportId, 'plain');
    if (entry.direction !== 'recv') fail(SignallingErrorCode.BAD_STATE, 'send plain transports learn the address from the first packet');
    await (entry.transport as types.PlainTransport).connect({ ip, port });
  }

  async restartIce(peer: Peer, transportId: string) {
    const transport = this.transport(peer, transportId, 'webrtc').transport as types.WebRtcTransport;
    return { iceParameters: await transport.restartIce() };
  }

  // -------------------------------------------------------------------------------------------
  // Producers

  async produce(peer: Peer, transportId: string, kind: MediaKind, rtpParameters: types.RtpParameters, source: ProducerSource): Promise<{ producerId: string }> {
    if (!peer.maySend) fail(SignallingErrorCode.FORBIDDEN, 'viewers of a training session receive only');
    const entry = this.transport(peer, transportId);
    if (entry.direction !== 'send') fail(SignallingErrorCode.BAD_STATE, 'produce needs a send transport');
    if (SOURCE_KIND[source] !== kind) fail(SignallingErrorCode.MALFORMED, `source ${source} carries ${SOURCE_KIND[source]}, not ${kind}`);
    if ([...peer.producers.values()].some((p) => p.source === source)) fail(SignallingErrorCode.BAD_STATE, `already producing ${source}`);
    const producer = await entry.transport.produce({ kind, rtpParameters, appData: { peerId: peer.id, source } });
    const roomProducer: RoomProducer = { producer, peer, source };
    peer.producers.set(producer.id, { producer, source });
    this.producers.set(producer.id, roomProducer);
    producer.observer.on('close', () => {
      peer.producers.delete(producer.id);
      if (this.producers.delete(producer.id)) this.broadcast('producerClosed', { producerId: producer.id, peerId: peer.id }, peer);
    });
    // Viewers on other routers consume through pipes: open them before announcing the producer.
    await Promise.all(this.slots.filter((slot) => slot !== peer.slot).map((slot) => this.pipe(producer.id, slot)));
    this.broadcast('newProducer', this.producerInfo(roomProducer), peer);
    return { producerId: producer.id };
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const entry = peer.producers.get(producerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no producer ${producerId} of this peer`);
    if (paused) await entry.producer.pause();
    else await entry.producer.resume();
    this.broadcast(paused ? 'producerPaused' : 'producerResumed', { producerId, peerId: peer.id }, peer);
  }

  closeProducer(peer: Peer, producerId: string) {
    const entry = peer.producers.get(producerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no producer ${producerId} of this peer`);
    entry.producer.close();
  }

  // -------------------------------------------------------------------------------------------
  // Consumers

  async consume(peer: Peer, transportId: string, producerId: string, rtpCapabilities: types.RtpCapabilities): Promise<ConsumerOptions> {
    const entry = this.transport(peer, transportId);
    if (entry.direction !== 'recv') fail(SignallingErrorCode.BAD_STATE, 'consume needs a recv transport');
    const source = this.producers.get(producerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no producer ${producerId} in this room`);
    if (source.peer === peer) fail(SignallingErrorCode.BAD_STATE, 'cannot consume one’s own producer');
    const slot = peer.slot;
    if (slot !== this.slots[0]) await this.pipe(producerId, slot);
    if (!slot.router.canConsume({ producerId, rtpCapabilities })) fail(SignallingErrorCode.BAD_STATE, 'rtpCapabilities cannot receive this producer');
    const consumer = await entry.transport.consume({ producerId, rtpCapabilities, paused: true, appData: { peerId: peer.id } });
    peer.consumers.set(consumer.id, { consumer, source: source.source, wantsPaused: true });
    slot.consumers += 1;
    this.deps.pool.adjustLoad(slot.worker, 1);
    consumer.observer.on('close', () => {
      peer.consumers.delete(consumer.id);
      slot.consumers -= 1;
      this.deps.pool.adjustLoad(slot.worker, -1);
    });
    consumer.on('producerclose', () => peer.channel.notify('consumerClosed', { consumerId: consumer.id }));
    consumer.on('producerpause', () => peer.channel.notify('consumerPaused', { consumerId: consumer.id }));
    consumer.on('producerresume', () => peer.channel.notify('consumerResumed', { consumerId: consumer.id }));
    consumer.on('layerschange', (layers?: types.ConsumerLayers) =>
      peer.channel.notify('consumerLayersChanged', { consumerId: consumer.id, spatialLayer: layers?.spatialLayer ?? null, temporalLayer: layers?.temporalLayer ?? null }),
    );
    return {
      consumerId: consumer.id,
      producerId,
      peerId: source.peer.id,
      kind: consumer.kind,
      source: source.source,
      rtpParameters: consumer.rtpParameters as unknown as ConsumerOptions['rtpParameters'],
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    };
  }

  async setConsumerPaused(peer: Peer, consumerId: string, paused: boolean): Promise<void> {
    const entry = peer.consumers.get(consumerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no consumer ${consumerId} of this peer`);
    entry.wantsPaused = paused;
    await this.applyConsumerState(peer, entry.consumer, entry.wantsPaused);
  }

  closeConsumer(peer: Peer, consumerId: string) {
    const entry = peer.consumers.get(consumerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no consumer ${consumerId} of this peer`);
    entry.consumer.close();
  }

  async setPreferredLayers(peer: Peer, consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    const entry = peer.consumers.get(consumerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no consumer ${consumerId} of this peer`);
    if (entry.consumer.type !== 'simulcast' && entry.consumer.type !== 'svc') fail(SignallingErrorCode.BAD_STATE, 'only simulcast/svc consumers have layers');
    await entry.consumer.setPreferredLayers(temporalLayer === undefined ? { spatialLayer } : { spatialLayer, temporalLayer });
  }

  /** Audio-only keeps the call alive on a very poor link: video consumers are paused on the server, so nothing is sent. */
  async setAudioOnly(peer: Peer, audioOnly: boolean): Promise<void> {
    peer.audioOnly = audioOnly;
    await Promise.all([...peer.consumers.values()].map((entry) => this.applyConsumerState(peer, entry.consumer, entry.wantsPaused)));
  }

  // -------------------------------------------------------------------------------------------
  // Training: raised hands and questions; consult: shared image and pointer

  raiseHand(peer: Peer) {
    this.requireKind('training', 'raising hands');
    if (this.hands.has(peer.id)) return;
    this.hands.set(peer.id, { peerId: peer.id, name: peer.name, at: new Date().toISOString() });
    this.broadcastHands(peer, true);
  }

  lowerHand(peer: Peer, peerId = peer.id) {
    this.requireKind('training', 'raising hands');
    if (peerId !== peer.id && peer.role !== 'presenter') fail(SignallingErrorCode.FORBIDDEN, 'only presenters lower other hands');
    const target = this.peers.get(peerId) ?? fail(SignallingErrorCode.NOT_FOUND, `no peer ${peerId} in this room`);
    if (this.hands.delete(peerId)) this.broadcastHands(target, false);
  }

  askQuestion(peer: Peer, text: string): { questionId: string } {
    this.requireKind('training', 'questions');
    const trimmed = text.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_QUESTION_LENGTH) fail(SignallingErrorCode.MALFORMED, `question must have 1 to ${MAX_QUESTION_LENGTH} characters`);
    if (this.questions.length >= MAX_QUEUED_QUESTIONS) fail(SignallingErrorCode.BAD_STATE, 'question queue is full');
    const question: Question = { questionId: randomUUID(), peerId: peer.id, name: peer.name, text: trimmed, at: new Date().toISOString() };
    this.questions = [...this.questions, question];
    this.broadcast('questions', { questions: this.questions });
    return { questionId: question.questionId };
  }

  questionQueue(): { questions: Question[] } {
    this.requireKind('training', 'questions');
    return { questions: this.questions };
  }

  dismissQuestion(peer: Peer, questionId: string) {
    this.requireKind('training', 'questions');
    if (peer.role !== 'presenter') fail(SignallingErrorCode.FORBIDDEN, 'only presenters dismiss questions');
    if (!this.questions.some((q) => q.questionId === questionId)) fail(SignallingErrorCode.NOT_FOUND, `no question ${questionId}`);
    this.questions = this.questions.filter((q) => q.questionId !== questionId);
    this.broadcast('questions', { questions: this.questions });
  }

  shareImage(peer: Peer, imageId: string | null) {
    this.requireKind('consult', 'sharing images');
    this.sharedImageId = imageId;
    this.broadcast('imageShared', { imageId, peerId: peer.id });
  }

  pointer(peer: Peer, x: number, y: number) {
    this.requireKind('consult', 'the pointer');
    if (this.sharedImageId === null) fail(SignallingErrorCode.BAD_STATE, 'no image is shared');
    this.broadcast('pointer', { peerId: peer.id, x, y }, peer);
  }

  // -------------------------------------------------------------------------------------------
  // Recording (training only for now: a consult recording needs both sides' consent)

  /**
   * Records the presenter's microphone and one picture (the shared screen when there is one, else the
   * camera) into `dir`. Producers that start after this are not picked up.
   */
  async startRecording(dir: string): Promise<void> {
    this.requireKind('training', 'recording');
    if (this.recorder) fail(SignallingErrorCode.BAD_STATE, 'already recording');
    const presenters = [...this.producers.values()].filter((entry) => entry.peer.role === 'presenter');
    const audio = presenters.find((entry) => entry.source === 'mic');
    const video = presenters.find((entry) => entry.source === 'screen') ?? presenters.find((entry) => entry.source === 'camera');
    if (!audio && !video) fail(SignallingErrorCode.BAD_STATE, 'the presenter sends no media to record');
    const origin = await this.origin();
    const listen = this.deps.config.listenIps[0];
    const recorder = new Recorder({ router: origin.router, producers: [audio, video].flatMap((entry) => (entry ? [entry.producer] : [])), dir, listenIp: listen.ip });
    this.recorder = recorder;
    try {
      await recorder.start();
    } catch (error) {
      this.recorder = null;
      await recorder.stop();
      throw error;
    }
    this.broadcast('recording', { recording: true });
  }

  async stopRecording(): Promise<RecordingResult> {
    const recorder = this.recorder ?? fail(SignallingErrorCode.BAD_STATE, 'not recording');
    this.recorder = null;
    const result = await recorder.stop();
    this.broadcast('recording', { recording: false });
    return result;
  }

  /** The running recorder (tests kill its FFmpeg). */
  get activeRecorder(): Recorder | null {
    return this.recorder;
  }

  // -------------------------------------------------------------------------------------------

  private subject(peer: Peer) {
    return { room: this.key, userId: peer.userId, peerId: peer.id };
  }

  private producerInfo({ producer, peer, source }: RoomProducer): ProducerInfo {
    return { producerId: producer.id, peerId: peer.id, kind: producer.kind, source, paused: producer.paused };
  }

  /**
   * Whether `viewer` is told about `subject` joining and leaving. In a training session viewers see the
   * presenters only: announcing hundreds of viewers to each other would cost O(N²) messages for nothing.
   */
  private sees(viewer: Peer, subject: Peer): boolean {
    return this.kind === 'consult' || viewer.role === 'presenter' || subject.role === 'presenter';
  }

  private broadcast<T extends NotificationType>(type: T, data: NotificationMap[T], except?: Peer) {
    for (const peer of this.peers.values()) if (peer !== except) peer.channel.notify(type, data);
  }

  private broadcastHands(peer: Peer, raised: boolean) {
    this.broadcast('handRaised', { peerId: peer.id, name: peer.name, raised, raisedHands: [...this.hands.values()] });
  }

  private requireKind(kind: RoomKind, what: string) {
    if (this.kind !== kind) fail(SignallingErrorCode.FORBIDDEN, `${what} is only for ${kind} rooms`);
  }

  private checkTransportLimit(peer: Peer) {
    if (peer.transports.size >= this.deps.config.maxTransportsPerPeer) fail(SignallingErrorCode.BAD_STATE, `at most ${this.deps.config.maxTransportsPerPeer} transports per peer`);
  }

  private transport(peer: Peer, transportId: string, kind?: PeerTransport['kind']): PeerTransport {
    const entry = peer.transports.get(transportId) ?? fail(SignallingErrorCode.NOT_FOUND, `no transport ${transportId} of this peer (create it first)`);
    if (kind && entry.kind !== kind) fail(SignallingErrorCode.BAD_STATE, `transport ${transportId} is not a ${kind} transport`);
    return entry;
  }

  private async applyConsumerState(peer: Peer, consumer: types.Consumer, wantsPaused: boolean) {
    const paused = wantsPaused || (peer.audioOnly && consumer.kind === 'video');
    if (paused && !consumer.paused) await consumer.pause();
    if (!paused && consumer.paused) {
      await consumer.resume();
      if (consumer.kind === 'video') await consumer.requestKeyFrame();
    }
  }

  /**
   * Senders join the origin router, and so do viewers while it has room for their consumers (one per
   * producer): a small room needs no pipes. Past that the room spreads: each viewer goes to the least
   * loaded worker, on this room's router there if it has room, else on a new router piped from the origin.
   */
  private place(peer: Peer): Promise<RouterSlot> {
    const placed = this.placing.then(async () => {
      const origin = await this.origin();
      if (peer.maySend) return origin;
      const perViewer = Math.max(1, this.producers.size);
      const threshold = this.deps.config.consumersPerRouter;
      const load = (slot: RouterSlot) => Math.max(slot.consumers, slot.peers * perViewer);
      const roomy = this.slots.filter((slot) => load(slot) + perViewer <= threshold);
      if (this.slots.length === 1 && roomy.length === 1) return origin;
      // Viewers already placed will soon consume: count them so a filling worker does not look idle.
      const pending = (worker: types.Worker) =>
        this.slots.filter((s) => s.worker === worker).reduce((sum, s) => sum + Math.max(0, s.peers * perViewer - s.consumers), 0);
      const worker = await this.deps.pool.pick(pending);
      const existing = roomy.find((slot) => slot.worker === worker);
      if (existing) return existing;
      const slot = await this.openSlot(worker);
      await Promise.all([...this.producers.keys()].map((producerId) => this.pipe(producerId, slot)));
      this.logger.log({ msg: 'room spread to another router', room: this.key, routers: this.slots.length, pid: worker.pid });
      return slot;
    });
    this.placing = placed.catch(() => undefined);
    return placed;
  }

  private async openSlot(worker: types.Worker): Promise<RouterSlot> {
    const router = await worker.createRouter({ mediaCodecs: this.deps.config.mediaCodecs });
    const slot = new RouterSlot(router, worker);
    this.slots.push(slot);
    return slot;
  }

  private pipe(producerId: string, slot: RouterSlot): Promise<void> {
    let piped = slot.piped.get(producerId);
    if (!piped) {
      piped = this.slots[0].router.pipeToRouter({ producerId, router: slot.router }).then(() => undefined);
      slot.piped.set(producerId, piped);
      piped.catch(() => slot.piped.delete(producerId));
    }
    return piped;
  }
}
