import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Device } from 'mediasoup-client';
import { IdleLogout } from '../../core/auth/idle-logout.service';
import type { Consumer, Producer, Transport } from 'mediasoup-client/types';
import {
  CAMERA_CODEC_OPTIONS,
  CAMERA_SIMULCAST_ENCODINGS,
  CLOSE_CODES,
  type JoinResult,
  type NotificationMap,
  type NotificationType,
  type PeerInfo,
  type ProducerInfo,
  type ProducerSource,
  type Question,
  type RaisedHand,
  type RequestData,
  type RequestType,
  type ResponseData,
  type RoomRole,
  spatialLayerForWidth,
  type TransportDirection,
} from '#contracts/protocol/signalling';
import { type CallFailureCode, callFailureOf, isFinal, type MediaNotice } from './call-failure';
import { type LocalDevices, openLocalDevices } from './local-devices';
import type { CallJoin } from './calls.api';
import { autoAudioOnly, judgeLink, layerCapFor, type LinkQuality, type LinkRuns, type LinkSample, linkSampleOf, nextRuns } from './link-quality';
import { exposeForDiagnostics } from './call-diagnostics';
import { SignallingError, SignallingSocket } from './signalling-socket';

/** `choosing`: the camera or microphone cannot be used, and the person chooses how to join (or tries again). */
export type CallState = 'idle' | 'connecting' | 'choosing' | 'connected' | 'reconnecting' | 'ended' | 'failed';

/** What can be sent when a device is missing or refused: the microphone alone, the camera alone, or nothing (watch and listen). */
export type JoinChoice = 'mic' | 'camera' | 'watch';

/** One track received from another peer. */
export interface RemoteMedia {
  consumerId: string;
  producerId: string;
  peerId: string;
  kind: 'audio' | 'video';
  source: ProducerSource;
  track: MediaStreamTrack;
  /** The sender paused it (muted, camera off) or the server paused it (audio-only). */
  paused: boolean;
  simulcast: boolean;
}

export interface CallOptions {
  /** Asks the API for a fresh join token (first join, and when a resume ticket is no longer valid). */
  fetchJoin: () => Promise<CallJoin>;
  /** Send camera and microphone (consult participants, presenters); viewers only receive. */
  send: boolean;
}

const sum = (entries: Record<string, unknown>[], field: string) => entries.reduce((total, entry) => total + Number(entry[field] ?? 0), 0);

/** Per-request back-off after a drop: quick first tries for a blip, then no faster than every 10 s. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000];
/** A transport 'disconnected' this long (ICE consent lost) gets an ICE restart; 'failed' gets one at once. */
const ICE_GRACE_MS = 2000;
const STATS_INTERVAL_MS = 3000;
/** Join tokens live 60 s; one older than this is replaced before use. */
const FRESH_TOKEN_MS = 40_000;
/** Pointer moves sent at most this often (the server's rate limit allows far more; the eye needs no more). */
const POINTER_INTERVAL_MS = 60;

/**
 * The browser side of a live call (consult video call or training room): signalling, the mediasoup-client
 * Device and its two transports, what this browser sends (camera with simulcast, microphone, screen) and
 * receives, and the recovery from network drops (ICE restart; rejoin with the resume ticket after the
 * socket drops or the media worker dies). Everything a screen shows is a signal. Provide it per screen.
 */
@Injectable()
export class CallClient {
  readonly state = signal<CallState>('idle');
  readonly failure = signal<CallFailureCode | null>(null);
  readonly notice = signal<MediaNotice | null>(null);
  /** Why the camera or microphone could not be opened (shown while choosing, and kept for the call's notice). */
  readonly deviceProblems = signal<LocalDevices['problems']>({});
  readonly hasMic = signal(false);
  readonly hasCamera = signal(false);
  readonly role = signal<RoomRole | null>(null);
  readonly selfPeerId = signal<string | null>(null);
  readonly peers = signal<PeerInfo[]>([]);
  readonly remote = signal<RemoteMedia[]>([]);
  readonly localCamera = signal<MediaStream | null>(null);
  readonly localScreen = signal<MediaStream | null>(null);
  readonly micOn = signal(true);
  readonly cameraOn = signal(true);
  /** The person chose audio only. */
  readonly audioOnlyChosen = signal(false);
  /** The link was poor: video dropped until it recovers. */
  readonly audioOnlyAuto = signal(false);
  readonly audioOnly = computed(() => this.audioOnlyChosen() || this.audioOnlyAuto());
  readonly quality = signal<LinkQuality>('good');
  readonly raisedHands = signal<RaisedHand[]>([]);
  readonly questions = signal<Question[]>([]);
  readonly sharedImageId = signal<string | null>(null);
  /** The room is being recorded (everyone is shown it). */
  readonly recording = signal(false);
  readonly pointer = signal<{ peerId: string; x: number; y: number } | null>(null);
  readonly cameras = signal<MediaDeviceInfo[]>([]);
  readonly microphones = signal<MediaDeviceInfo[]>([]);
  readonly cameraId = signal<string | null>(null);
  readonly micId = signal<string | null>(null);
  /** How many times the media path was rebuilt after a drop (shown, and read by tests). */
  readonly recoveries = signal(0);

  readonly handRaised = computed(() => this.raisedHands().some((hand) => hand.peerId === this.selfPeerId()));
  readonly canSend = computed(() => this.role() !== null && this.role() !== 'viewer');

  private readonly idle = inject(IdleLogout);
  private options: CallOptions | null = null;
  private socket: SignallingSocket | null = null;
  private signallingUrl = '';
  private iceServers: RTCIceServer[] = [];
  private resumeTicket: string | null = null;
  private firstJoin: CallJoin | null = null;
  private firstJoinAt = 0;
  private device: Device | null = null;
  private sendTransport: Transport | null = null;
  private recvTransport: Transport | null = null;
  private readonly producers = new Map<ProducerSource, Producer>();
  private readonly consumers = new Map<string, Consumer>();
  private waitingProducers: ProducerInfo[] = [];
  private micTrack: MediaStreamTrack | null = null;
  private cameraTrack: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  /** Every (re)connection gets a number; work of an older one is dropped when it completes. */
  private generation = 0;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private readonly iceTimers = new Map<TransportDirection, ReturnType<typeof setTimeout>>();
  private lastSample: LinkSample | null = null;
  private runs: LinkRuns = { poor: 0, good: 0 };
  /** Rendered width of each video consumer's element, for the layer it should receive. */
  private readonly viewWidths = new Map<string, number>();
  private readonly appliedLayers = new Map<string, number>();
  private lastPointerAt = 0;
  private pointerTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    const withdraw = exposeForDiagnostics(this);
    inject(DestroyRef).onDestroy(() => {
      withdraw();
      void this.hangUp();
    });
  }

  /**
   * Joins the room: a token from the API, then camera and microphone when the role sends, then media. When
   * either device cannot be opened the call waits in `choosing` for joinWith() or retryDevices().
   */
  async start(options: CallOptions): Promise<void> {
    if (['connecting', 'choosing', 'connected', 'reconnecting'].includes(this.state())) return;
    this.options = options;
    this.failure.set(null);
    this.notice.set(null);
    this.deviceProblems.set({});
    this.resumeTicket = null;
    this.attempt = 0;
    this.state.set('connecting');
    try {
      // The token says the role: only those who may send are asked for camera and microphone.
      this.firstJoin = await options.fetchJoin();
      this.firstJoinAt = Date.now();
      if (options.send && this.firstJoin.role !== 'viewer' && !(await this.openLocalMedia())) return this.state.set('choosing');
    } catch (error) {
      return this.fail(callFailureOf(error));
    }
    await this.enter();
  }

  /** Joins with what works after a device problem: the microphone or the camera alone, or nothing sent. */
  async joinWith(choice: JoinChoice): Promise<void> {
    if (this.state() !== 'choosing') return;
    if (choice !== 'mic') this.dropTrack('mic');
    if (choice !== 'camera') this.dropTrack('camera');
    this.notice.set(choice === 'mic' ? 'SENDING_AUDIO_ONLY' : choice === 'camera' ? 'SENDING_VIDEO_ONLY' : 'RECEIVE_ONLY');
    this.state.set('connecting');
    await this.enter();
  }

  /** Asks for camera and microphone again (after the person allowed them in the site settings, or plugged one in). */
  async retryDevices(): Promise<void> {
    if (this.state() !== 'choosing') return;
    this.stopLocalTracks();
    if (!(await this.openLocalMedia())) return;
    this.state.set('connecting');
    await this.enter();
  }

  private async enter(): Promise<void> {
    // A slow permission prompt or choice can outlast the token's minute: then ask for a fresh one.
    if (Date.now() - this.firstJoinAt >= FRESH_TOKEN_MS) this.firstJoin = null;
    try {
      await this.connect();
    } catch (error) {
      // A first join that fails is reported, not retried: the person decides.
      this.fail(callFailureOf(error));
    }
  }

  /** Leaves the room (the server records the leave) and releases camera and microphone. */
  async hangUp(): Promise<void> {
    // A failed call has already let go of everything (and keeps saying why).
    if (this.state() === 'idle' || this.state() === 'ended' || this.state() === 'failed') return;
    this.firstJoin = null;
    const socket = this.socket;
    this.state.set('ended');
    this.stopTimers();
    if (socket?.connected) await socket.request('leave', {}, 2000).catch(() => undefined);
    this.closeMedia();
    socket?.close(CLOSE_CODES.LEFT);
    this.socket = null;
    this.resumeTicket = null;
    this.stopLocalTracks();
  }

  // -------------------------------------------------------------------------------------------
  // Controls

  async setMic(on: boolean): Promise<void> {
    this.micOn.set(on);
    if (this.micTrack) this.micTrack.enabled = on;
    await this.pauseOrResume('mic', !on);
  }

  async setCamera(on: boolean): Promise<void> {
    this.cameraOn.set(on);
    await this.pauseOrResume('camera', !on || this.audioOnly());
  }

  /** Audio only by choice: no video received, and none sent (the uplink is usually the weak side too). */
  async setAudioOnly(on: boolean): Promise<void> {
    this.audioOnlyChosen.set(on);
    await this.applyAudioOnly();
  }

  async startScreenShare(): Promise<void> {
    if (this.screenTrack || !this.canSend()) return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      this.notice.set('SCREEN_DENIED');
      return;
    }
    this.screenTrack = stream.getVideoTracks()[0];
    this.screenTrack.addEventListener('ended', () => void this.stopScreenShare());
    this.localScreen.set(stream);
    await this.produce('screen').catch(() => undefined);
  }

  async stopScreenShare(): Promise<void> {
    const track = this.screenTrack;
    if (!track) return;
    this.screenTrack = null;
    this.localScreen.set(null);
    track.stop();
    await this.closeProducer('screen');
  }

  async selectCamera(deviceId: string): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } } });
    const track = stream.getVideoTracks()[0];
    await this.producers.get('camera')?.replaceTrack({ track });
    this.cameraTrack?.stop();
    this.cameraTrack = track;
    this.cameraId.set(deviceId);
    this.localCamera.set(new MediaStream([track]));
  }

  async selectMicrophone(deviceId: string): Promise<void> {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: { deviceId: { exact: deviceId } } });
    const track = stream.getAudioTracks()[0];
    track.enabled = this.micOn();
    await this.producers.get('mic')?.replaceTrack({ track });
    this.micTrack?.stop();
    this.micTrack = track;
    this.micId.set(deviceId);
  }

  /** The rendered width of a video consumer's element: the layer it receives follows it (and the link). */
  setViewWidth(consumerId: string, width: number): void {
    this.viewWidths.set(consumerId, width);
    void this.applyLayer(consumerId);
  }

  forgetView(consumerId: string): void {
    this.viewWidths.delete(consumerId);
  }

  async raiseHand(raised: boolean): Promise<void> {
    await this.socket?.request(raised ? 'raiseHand' : 'lowerHand', {});
  }

  /** Presenters lower someone's hand (e.g. after taking their question). */
  async lowerHandOf(peerId: string): Promise<void> {
    await this.socket?.request('lowerHand', { peerId });
  }

  async askQuestion(text: string): Promise<void> {
    await this.request('askQuestion', { text });
  }

  async dismissQuestion(questionId: string): Promise<void> {
    await this.request('dismissQuestion', { questionId });
  }

  async shareImage(imageId: string | null): Promise<void> {
    await this.request('shareImage', { imageId });
    this.sharedImageId.set(imageId);
  }

  /** Pointer on the shared image (0..1 from the top-left), throttled; the last position always goes out. */
  movePointer(x: number, y: number): void {
    const send = () => {
      this.pointerTimer = null;
      this.lastPointerAt = Date.now();
      this.socket?.request('pointer', { x, y }).catch(() => undefined);
    };
    if (this.pointerTimer) clearTimeout(this.pointerTimer);
    const wait = this.lastPointerAt + POINTER_INTERVAL_MS - Date.now();
    if (wait <= 0) send();
    else this.pointerTimer = setTimeout(send, wait);
  }

  /** Frames decoded so far per received video track (diagnostics; the browser journeys read it). */
  async videoStats(): Promise<{ consumerId: string; peerId: string; source: ProducerSource; framesDecoded: number }[]> {
    return (await this.inbound('video')).map(({ stats, ...media }) => ({ ...media, framesDecoded: sum(stats, 'framesDecoded') }));
  }

  /** Audio received and decoded so far per received audio track: its energy is above zero once sound is heard. */
  async audioStats(): Promise<{ consumerId: string; peerId: string; source: ProducerSource; totalAudioEnergy: number }[]> {
    return (await this.inbound('audio')).map(({ stats, ...media }) => ({ ...media, totalAudioEnergy: sum(stats, 'totalAudioEnergy') }));
  }

  private async inbound(kind: 'audio' | 'video') {
    const rows = [];
    for (const media of this.remote()) {
      const consumer = this.consumers.get(media.consumerId);
      if (!consumer || media.kind !== kind) continue;
      const stats: Record<string, unknown>[] = [];
      (await consumer.getStats()).forEach((entry: Record<string, unknown>) => {
        if (entry['type'] === 'inbound-rtp') stats.push(entry);
      });
      rows.push({ consumerId: media.consumerId, peerId: media.peerId, source: media.source, stats });
    }
    return rows;
  }

  /**
   * The path each transport's media takes: the local end of its selected ICE candidate pair (diagnostics; the
   * TURN journey reads it). `relay` with relayProtocol `tcp` means through the TURN server over TCP.
   */
  async mediaPaths(): Promise<{ direction: TransportDirection; candidateType: string; relayProtocol: string | null }[]> {
    const paths = [];
    for (const [direction, transport] of [['send', this.sendTransport], ['recv', this.recvTransport]] as const) {
      if (!transport || transport.closed) continue;
      const stats = [...(await transport.getStats()).values()] as Record<string, unknown>[];
      const pairId = stats.find((entry) => entry['type'] === 'transport')?.['selectedCandidatePairId'];
      const pair = stats.find((entry) => entry['id'] === pairId);
      const local = stats.find((entry) => entry['id'] === pair?.['localCandidateId']);
      if (local) paths.push({ direction, candidateType: String(local['candidateType']), relayProtocol: (local['relayProtocol'] as string | undefined) ?? null });
    }
    return paths;
  }

  // -------------------------------------------------------------------------------------------
  // Joining and recovering

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    let join: CallJoin | null = null;
    if (!this.resumeTicket) {
      join = this.firstJoin ?? (await this.options!.fetchJoin());
      this.firstJoin = null;
      this.signallingUrl = join.signallingUrl;
      this.iceServers = join.iceServers;
    }
    // After roomRestarting the socket stays open and the rejoin goes over it.
    const reusable = this.socket?.connected ? this.socket : null;
    const socket: SignallingSocket =
      reusable ??
      (await SignallingSocket.connect(this.signallingUrl, {
        notification: (type, data) => {
          if (this.socket === socket) this.onNotification(type, data);
        },
        closed: (code) => {
          if (this.socket === socket) this.onSocketClosed(code);
        },
      }));
    if (generation !== this.generation) {
      if (!reusable) socket.close();
      return;
    }
    this.socket = socket;
    let result: JoinResult;
    try {
      result = join ? await socket.request('join', { token: join.token }) : await socket.request('rejoin', { resumeTicket: this.resumeTicket! });
    } catch (error) {
      this.socket = null;
      socket.close();
      if (!join && error instanceof SignallingError && error.code === 'TICKET_INVALID') {
        // The ticket expired or the room forgot us: a new token from the API, on a new socket.
        this.resumeTicket = null;
        return this.connect();
      }
      throw error;
    }
    if (generation !== this.generation) return;
    await this.setUpMedia(socket, result, generation);
  }

  private async setUpMedia(socket: SignallingSocket, result: JoinResult, generation: number): Promise<void> {
    this.resumeTicket = result.resumeTicket;
    this.selfPeerId.set(result.peerId);
    this.role.set(result.role);
    this.peers.set(result.peers);
    this.raisedHands.set(result.raisedHands);
    this.questions.set(result.questions);
    this.sharedImageId.set(result.sharedImageId);
    this.recording.set(result.recording);

    const device = new Device();
    await device.load({ routerRtpCapabilities: result.routerRtpCapabilities });
    this.device = device;
    this.recvTransport = await this.createTransport(socket, 'recv');
    if (result.role !== 'viewer') {
      this.sendTransport = await this.createTransport(socket, 'send');
      if (this.micTrack) await this.produce('mic');
      if (this.cameraTrack) await this.produce('camera');
      if (this.screenTrack) await this.produce('screen');
    }
    if (generation !== this.generation) return;
    if (this.audioOnly()) await socket.request('setAudioOnly', { audioOnly: true });
    const producers = [...result.producers, ...this.waitingProducers.splice(0)];
    await Promise.all(producers.map((producer) => this.consume(producer).catch(() => undefined)));
    if (generation !== this.generation) return;
    if (this.state() === 'reconnecting') this.recoveries.update((n) => n + 1);
    this.attempt = 0;
    this.state.set('connected');
    this.startStats();
  }

  private async createTransport(socket: SignallingSocket, direction: TransportDirection): Promise<Transport> {
    const options = await socket.request('createTransport', { direction });
    const params = { id: options.transportId, iceParameters: options.iceParameters, iceCandidates: options.iceCandidates, dtlsParameters: options.dtlsParameters, iceServers: this.iceServers };
    const transport = direction === 'send' ? this.device!.createSendTransport(params) : this.device!.createRecvTransport(params);
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      socket.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => done(), fail);
    });
    transport.on('connectionstatechange', (state) => this.onTransportState(transport, direction, state));
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
        socket
          .request('produce', { transportId: transport.id, kind, rtpParameters, appData: { source: appData['source'] as ProducerSource } })
          .then(({ producerId }) => done({ id: producerId }), fail);
      });
    }
    return transport;
  }

  private async produce(source: ProducerSource): Promise<void> {
    const transport = this.sendTransport;
    const track = source === 'mic' ? this.micTrack : source === 'camera' ? this.cameraTrack : this.screenTrack;
    if (!transport || !track || !this.device?.canProduce(track.kind as 'audio' | 'video')) return;
    const producer = await transport.produce({
      track,
      stopTracks: false,
      appData: { source },
      ...(source === 'camera' ? { encodings: CAMERA_SIMULCAST_ENCODINGS.map((encoding) => ({ ...encoding })), codecOptions: CAMERA_CODEC_OPTIONS } : {}),
      ...(source === 'mic' ? { codecOptions: { opusFec: true, opusDtx: true } } : {}),
    });
    this.producers.set(source, producer);
    const paused = source === 'mic' ? !this.micOn() : source === 'camera' ? !this.cameraOn() || this.audioOnly() : false;
    if (paused) await this.pauseOrResume(source, true);
  }

  private async closeProducer(source: ProducerSource): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    this.producers.delete(source);
    producer.close();
    await this.request('closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  private async pauseOrResume(source: ProducerSource, pause: boolean): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer || producer.paused === pause) return;
    if (pause) producer.pause();
    else producer.resume();
    await this.request(pause ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  private async consume(info: ProducerInfo): Promise<void> {
    const socket = this.socket;
    const transport = this.recvTransport;
    if (!socket || !transport || !this.device) return;
    const options = await socket.request('consume', { transportId: transport.id, producerId: info.producerId, rtpCapabilities: this.device.recvRtpCapabilities });
    if (transport !== this.recvTransport) return;
    const consumer = await transport.consume({ id: options.consumerId, producerId: options.producerId, kind: options.kind, rtpParameters: options.rtpParameters });
    this.consumers.set(consumer.id, consumer);
    this.remote.update((all) => [
      ...all.filter((media) => media.producerId !== info.producerId),
      {
        consumerId: consumer.id,
        producerId: info.producerId,
        peerId: info.peerId,
        kind: options.kind,
        source: options.source,
        track: consumer.track,
        paused: options.producerPaused,
        simulcast: options.type === 'simulcast',
      },
    ]);
    await socket.request('resumeConsumer', { consumerId: consumer.id });
    await this.applyLayer(consumer.id);
  }

  private removeConsumer(match: (media: RemoteMedia) => boolean): void {
    for (const media of this.remote().filter(match)) {
      this.consumers.get(media.consumerId)?.close();
      this.consumers.delete(media.consumerId);
      this.appliedLayers.delete(media.consumerId);
    }
    this.remote.update((all) => all.filter((media) => !match(media)));
  }

  private setPaused(match: (media: RemoteMedia) => boolean, paused: boolean): void {
    this.remote.update((all) => all.map((media) => (match(media) ? { ...media, paused } : media)));
  }

  private async applyLayer(consumerId: string): Promise<void> {
    const media = this.remote().find((m) => m.consumerId === consumerId);
    const width = this.viewWidths.get(consumerId);
    if (!media?.simulcast || width === undefined) return;
    const layer = Math.min(spatialLayerForWidth(width), layerCapFor(this.quality()));
    if (this.appliedLayers.get(consumerId) === layer) return;
    this.appliedLayers.set(consumerId, layer);
    await this.request('setPreferredLayers', { consumerId, spatialLayer: layer }).catch(() => this.appliedLayers.delete(consumerId));
  }

  private async applyAudioOnly(): Promise<void> {
    await this.request('setAudioOnly', { audioOnly: this.audioOnly() }).catch(() => undefined);
    await this.pauseOrResume('camera', this.audioOnly() || !this.cameraOn());
  }

  private onNotification<T extends NotificationType>(type: T, data: NotificationMap[T]): void {
    const n = { type, data } as { [K in NotificationType]: { type: K; data: NotificationMap[K] } }[NotificationType];
    switch (n.type) {
      case 'peerJoined':
        this.peers.update((all) => [...all.filter((p) => p.peerId !== n.data.peerId), n.data]);
        break;
      case 'peerLeft':
        this.peers.update((all) => all.filter((p) => p.peerId !== n.data.peerId));
        this.removeConsumer((media) => media.peerId === n.data.peerId);
        break;
      case 'newProducer':
        // Before the receive transport exists (joining), producers wait for it.
        if (this.recvTransport) void this.consume(n.data).catch(() => undefined);
        else this.waitingProducers.push(n.data);
        break;
      case 'producerClosed':
        this.waitingProducers = this.waitingProducers.filter((p) => p.producerId !== n.data.producerId);
        this.removeConsumer((media) => media.producerId === n.data.producerId);
        break;
      case 'consumerClosed':
        this.removeConsumer((media) => media.consumerId === n.data.consumerId);
        break;
      case 'producerPaused':
      case 'producerResumed':
        this.setPaused((media) => media.producerId === n.data.producerId, n.type === 'producerPaused');
        break;
      case 'consumerPaused':
      case 'consumerResumed':
        this.setPaused((media) => media.consumerId === n.data.consumerId, n.type === 'consumerPaused');
        break;
      case 'roomRestarting':
        // The room's media worker died: the server rebuilds the room; rejoin on this socket with the ticket.
        this.generation++;
        this.closeMedia();
        this.state.set('reconnecting');
        this.scheduleReconnect(n.data.retryAfterMs);
        break;
      case 'handRaised':
        this.raisedHands.set(n.data.raisedHands);
        break;
      case 'questions':
        this.questions.set(n.data.questions);
        break;
      case 'recording':
        this.recording.set(n.data.recording);
        break;
      case 'imageShared':
        this.sharedImageId.set(n.data.imageId);
        if (n.data.imageId === null) this.pointer.set(null);
        break;
      case 'pointer':
        this.pointer.set(n.data);
        break;
      case 'closing':
        if (n.data.code === CLOSE_CODES.REPLACED) this.fail('REPLACED');
        else if (n.data.code === CLOSE_CODES.DTLS_TIMEOUT) this.fail('MEDIA_BLOCKED');
        break;
      case 'consumerLayersChanged':
        break;
    }
  }

  private onSocketClosed(code: number): void {
    this.socket = null;
    const state = this.state();
    if (state === 'ended' || state === 'failed' || state === 'idle') return;
    if (code === CLOSE_CODES.REPLACED) return this.fail('REPLACED');
    if (code === CLOSE_CODES.DTLS_TIMEOUT) return this.fail('MEDIA_BLOCKED');
    if (code === CLOSE_CODES.LEFT) return void this.hangUp();
    this.dropAndRejoin();
  }

  /** Tears down the media path (keeping camera and microphone) and rejoins with the resume ticket. */
  private dropAndRejoin(afterMs?: number): void {
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    socket?.close(4000, 'rejoining');
    this.closeMedia();
    this.state.set('reconnecting');
    this.scheduleReconnect(afterMs);
  }

  private scheduleReconnect(afterMs?: number): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const delay = afterMs ?? BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.state() !== 'reconnecting') return;
      this.connect().catch((error) => {
        const code = callFailureOf(error);
        if (isFinal(code)) return this.fail(code);
        this.socket?.close(4000, 'retrying');
        this.socket = null;
        this.closeMedia();
        this.scheduleReconnect();
      });
    }, delay);
  }

  private onTransportState(transport: Transport, direction: TransportDirection, state: string): void {
    const pending = this.iceTimers.get(direction);
    if (pending) clearTimeout(pending);
    this.iceTimers.delete(direction);
    if (state === 'disconnected') {
      this.iceTimers.set(direction, setTimeout(() => void this.restartIce(transport), ICE_GRACE_MS));
    } else if (state === 'failed') {
      void this.restartIce(transport);
    }
  }

  /** New ICE credentials from the server after a network change; if signalling is gone too, the rejoin covers it. */
  private async restartIce(transport: Transport): Promise<void> {
    if (transport.closed || !this.socket) return;
    try {
      const { iceParameters } = await this.socket.request('restartIce', { transportId: transport.id });
      await transport.restartIce({ iceParameters });
    } catch {
      if (this.state() === 'connected') this.dropAndRejoin();
    }
  }

  private startStats(): void {
    if (this.statsTimer) return;
    this.statsTimer = setInterval(() => void this.sampleLink(), STATS_INTERVAL_MS);
  }

  /** Judges the incoming link; lowers layers when fair, drops to audio only when poor, and comes back when good. */
  private async sampleLink(): Promise<void> {
    const transport = this.recvTransport;
    if (!transport || transport.closed || this.state() !== 'connected') return;
    // Someone in a call is at the workstation even without touching it (a viewer watching a lecture).
    this.idle.touch();
    const sample = linkSampleOf(await transport.getStats());
    const previous = this.lastSample;
    this.lastSample = sample;
    if (!previous) return;
    const quality = judgeLink(previous, sample);
    this.runs = nextRuns(this.runs, quality);
    if (quality !== this.quality()) {
      this.quality.set(quality);
      for (const consumerId of this.viewWidths.keys()) void this.applyLayer(consumerId);
    }
    const audioOnly = autoAudioOnly(this.audioOnlyAuto(), this.runs);
    if (audioOnly !== this.audioOnlyAuto()) {
      this.audioOnlyAuto.set(audioOnly);
      await this.applyAudioOnly();
    }
  }

  private request<T extends RequestType>(type: T, data: RequestData<T>): Promise<ResponseData<T>> {
    return this.socket ? this.socket.request(type, data) : Promise.reject(new SignallingError('CLOSED', 'not connected'));
  }

  /** Opens camera and microphone; false when either cannot be used (what does work is kept, for joinWith). */
  private async openLocalMedia(): Promise<boolean> {
    const { mic, camera, problems } = await openLocalDevices();
    this.micTrack = mic;
    this.cameraTrack = camera;
    this.hasMic.set(!!mic);
    this.hasCamera.set(!!camera);
    this.deviceProblems.set(problems);
    if (camera) this.localCamera.set(new MediaStream([camera]));
    this.cameraId.set(camera?.getSettings().deviceId ?? null);
    this.micId.set(mic?.getSettings().deviceId ?? null);
    // Labels are only readable once permission is granted, so list devices after getUserMedia.
    const devices = await navigator.mediaDevices?.enumerateDevices().catch(() => []) ?? [];
    this.cameras.set(devices.filter((d) => d.kind === 'videoinput'));
    this.microphones.set(devices.filter((d) => d.kind === 'audioinput'));
    return !problems.mic && !problems.camera;
  }

  private dropTrack(kind: 'mic' | 'camera'): void {
    const track = kind === 'mic' ? this.micTrack : this.cameraTrack;
    track?.stop();
    if (kind === 'mic') {
      this.micTrack = null;
      this.hasMic.set(false);
    } else {
      this.cameraTrack = null;
      this.hasCamera.set(false);
      this.localCamera.set(null);
    }
  }

  private fail(code: CallFailureCode): void {
    const socket = this.socket;
    this.socket = null;
    this.generation++;
    this.failure.set(code);
    this.state.set('failed');
    this.stopTimers();
    this.closeMedia();
    socket?.close();
    this.stopLocalTracks();
  }

  /** Closes transports, producers and consumers; the local tracks stay for the next join. */
  private closeMedia(): void {
    for (const timer of this.iceTimers.values()) clearTimeout(timer);
    this.iceTimers.clear();
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.lastSample = null;
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = null;
    this.recvTransport = null;
    this.device = null;
    this.producers.clear();
    this.consumers.clear();
    this.waitingProducers = [];
    this.appliedLayers.clear();
    this.remote.set([]);
    this.peers.set([]);
  }

  private stopTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pointerTimer) clearTimeout(this.pointerTimer);
    this.reconnectTimer = null;
    this.pointerTimer = null;
  }

  private stopLocalTracks(): void {
    for (const track of [this.micTrack, this.cameraTrack, this.screenTrack]) track?.stop();
    this.micTrack = this.cameraTrack = this.screenTrack = null;
    this.hasMic.set(false);
    this.hasCamera.set(false);
    this.localCamera.set(null);
    this.localScreen.set(null);
  }
}
