import { Logger } from '@nestjs/common';
import type { types } from 'mediasoup';
import type { RawData, WebSocket } from 'ws';
import type { MediaConfig } from '../media-config.js';
import {
  CLOSE_CODES,
  SignallingErrorCode,
  type NotificationMap,
  type NotificationType,
  type RequestType,
  type ResponseData,
  type ServerMessage,
  type SignallingRequest,
} from '#contracts/protocol/signalling.js';
import type { Peer, PeerChannel } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { RoomManager } from '../rooms/room-manager.js';
import { parseRequest } from './parse-request.js';
import { SignallingFailure } from './signalling-failure.js';

/** Refusals of join/rejoin that end the connection: retrying with the same credential cannot succeed. */
const FATAL_JOIN_CODES = new Set<string>([
  SignallingErrorCode.TOKEN_INVALID,
  SignallingErrorCode.TOKEN_EXPIRED,
  SignallingErrorCode.TOKEN_REPLAYED,
  SignallingErrorCode.TICKET_INVALID,
  SignallingErrorCode.SESSION_ENDED,
]);

/** Attendance reason recorded when the server ends a session with a close code. */
const LEAVE_REASONS: Record<number, string> = {
  [CLOSE_CODES.DTLS_TIMEOUT]: 'kicked',
  [CLOSE_CODES.RATE_LIMITED]: 'kicked',
  [CLOSE_CODES.REPLACED]: 'disconnected',
  [CLOSE_CODES.SHUTDOWN]: 'shutdown',
};

/**
 * One WebSocket connection: rate limit, parsing, and requests handled one at a time in arrival order
 * (mediasoup-client's requests depend on each other). Every refusal is answered with a code and logged;
 * only flooding, oversized frames, refused credentials and DTLS timeouts end the connection.
 */
export class SignallingSession implements PeerChannel {
  private readonly logger = new Logger('Signalling');
  private peer: Peer | null = null;
  private room: Room | null = null;
  private tokens: number;
  private refilledAt = Date.now();
  private chain: Promise<void> = Promise.resolve();
  private ended = false;
  private readonly joinTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly manager: RoomManager,
    private readonly config: MediaConfig,
    private readonly remote: string,
  ) {
    this.tokens = config.rateBurst;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.socketClosed());
    socket.on('error', (error) => this.logger.warn({ msg: 'signalling socket error', remote, peerId: this.peer?.id, reason: error.message }));
    this.joinTimer = setTimeout(() => {
      if (!this.peer) this.disconnect(CLOSE_CODES.JOIN_TIMEOUT, `no join within ${config.joinTimeoutMs} ms`);
    }, config.joinTimeoutMs);
    this.joinTimer.unref();
  }

  // PeerChannel -------------------------------------------------------------------------------

  notify<T extends NotificationType>(type: T, data: NotificationMap[T]) {
    this.send({ kind: 'notification', type, data } as ServerMessage);
  }

  disconnect(code: number, reason: string) {
    if (this.ended) return;
    this.logger.warn({ msg: 'signalling connection closed by the server', remote: this.remote, peerId: this.peer?.id, room: this.room?.key, code, reason });
    this.notify('closing', { code, reason });
    this.leaveRoom(LEAVE_REASONS[code] ?? 'kicked');
    this.end(code, reason);
  }

  detach() {
    this.peer = null;
    this.room = null;
  }

  // Receiving ---------------------------------------------------------------------------------

  private receive(data: RawData, isBinary: boolean) {
    if (this.ended) return;
    if (!this.takeToken()) {
      this.send({ kind: 'error', id: null, code: SignallingErrorCode.RATE_LIMITED, reason: 'too many messages' });
      this.disconnect(CLOSE_CODES.RATE_LIMITED, `flooding: more than ${this.config.ratePerSecond} messages/s (burst ${this.config.rateBurst})`);
      return;
    }
    if (isBinary) {
      this.refuse(null, SignallingErrorCode.MALFORMED, 'binary frames are not signalling');
      return;
    }
    const parsed = parseRequest(data.toString());
    if ('error' in parsed) {
      this.refuse(parsed.error.id, parsed.error.code, parsed.error.reason);
      return;
    }
    this.chain = this.chain.then(() => this.handle(parsed.request));
  }

  private takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.config.rateBurst, this.tokens + ((now - this.refilledAt) / 1000) * this.config.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private async handle(request: SignallingRequest) {
    if (this.ended) return;
    try {
      const data = await this.dispatch(request);
      this.send({ kind: 'response', id: request.id, data });
    } catch (error) {
      if (error instanceof SignallingFailure) {
        this.refuse(request.id, error.code, error.reason, request.type);
        if (FATAL_JOIN_CODES.has(error.code)) this.end(CLOSE_CODES.JOIN_REFUSED, error.code);
      } else if (error instanceof TypeError) {
        // mediasoup validates RTP/DTLS parameters with TypeErrors.
        this.refuse(request.id, SignallingErrorCode.MALFORMED, error.message, request.type);
      } else if (this.peer === null && request.type !== 'join' && request.type !== 'rejoin') {
        // The room restarted under this request: the client is being told to rejoin.
        this.refuse(request.id, SignallingErrorCode.ROOM_RESTARTING, 'room restarting; rejoin with the resume ticket', request.type);
      } else {
        this.logger.error({ msg: 'signalling request failed', type: request.type, peerId: this.peer?.id, error: error instanceof Error ? error.message : String(error) });
        this.refuse(request.id, SignallingErrorCode.INTERNAL, 'internal error', request.type);
      }
    }
  }

  private async dispatch(request: SignallingRequest): Promise<ResponseData<RequestType>> {
    if (request.type === 'join' || request.type === 'rejoin') {
      if (this.peer) throw new SignallingFailure(SignallingErrorCode.ALREADY_JOINED, 'this connection already joined');
      const admitted = request.type === 'join' ? await this.manager.join(request.data.token, this) : await this.manager.rejoin(request.data.resumeTicket, this);
      if (this.ended) {
        admitted.room.remove(admitted.peer, 'disconnected');
        throw new SignallingFailure(SignallingErrorCode.BAD_STATE, 'connection closed while joining');
      }
      this.peer = admitted.peer;
      this.room = admitted.room;
      clearTimeout(this.joinTimer);
      this.logger.log({ msg: 'peer joined', remote: this.remote, peerId: admitted.peer.id, room: admitted.room.key, userId: admitted.peer.userId, role: admitted.peer.role, via: request.type });
      return admitted.result;
    }
    const peer = this.peer;
    const room = this.room;
    if (!peer || !room) throw new SignallingFailure(SignallingErrorCode.NOT_JOINED, `${request.type} before join`);
    const none = {} as Record<string, never>;
    switch (request.type) {
      case 'getRouterRtpCapabilities':
        return { routerRtpCapabilities: peer.slot.router.rtpCapabilities as never };
      case 'createTransport':
        return room.createWebRtcTransport(peer, request.data.direction);
      case 'connectTransport':
        await room.connectWebRtcTransport(peer, request.data.transportId, request.data.dtlsParameters as unknown as types.DtlsParameters);
        return none;
      case 'restartIce':
        return room.restartIce(peer, request.data.transportId);
      case 'createPlainTransport':
        return room.createPlainTransport(peer, request.data.direction);
      case 'connectPlainTransport':
        await room.connectPlainTransport(peer, request.data.transportId, request.data.ip, request.data.port);
        return none;
      case 'produce': {
        const { transportId, kind, rtpParameters, appData } = request.data;
        return room.produce(peer, transportId, kind, rtpParameters as unknown as types.RtpParameters, appData.source);
      }
      case 'closeProducer':
        room.closeProducer(peer, request.data.producerId);
        return none;
      case 'pauseProducer':
      case 'resumeProducer':
        await room.setProducerPaused(peer, request.data.producerId, request.type === 'pauseProducer');
        return none;
      case 'consume':
        return room.consume(peer, request.data.transportId, request.data.producerId, request.data.rtpCapabilities as unknown as types.RtpCapabilities);
      case 'resumeConsumer':
      case 'pauseConsumer':
        await room.setConsumerPaused(peer, request.data.consumerId, request.type === 'pauseConsumer');
        return none;
      case 'closeConsumer':
        room.closeConsumer(peer, request.data.consumerId);
        return none;
      case 'setPreferredLayers':
        await room.setPreferredLayers(peer, request.data.consumerId, request.data.spatialLayer, request.data.temporalLayer);
        return none;
      case 'setAudioOnly':
        await room.setAudioOnly(peer, request.data.audioOnly);
        return none;
      case 'raiseHand':
        room.raiseHand(peer);
        return none;
      case 'lowerHand':
        room.lowerHand(peer, request.data.peerId);
        return none;
      case 'askQuestion':
        return room.askQuestion(peer, request.data.text);
      case 'questionQueue':
        return room.questionQueue();
      case 'dismissQuestion':
        room.dismissQuestion(peer, request.data.questionId);
        return none;
      case 'shareImage':
        room.shareImage(peer, request.data.imageId);
        return none;
      case 'pointer':
        room.pointer(peer, request.data.x, request.data.y);
        return none;
      case 'leave':
        this.leaveRoom('hangup');
        // Answer first, then close.
        setImmediate(() => this.end(CLOSE_CODES.LEFT, 'left'));
        return none;
    }
  }

  // Sending and closing ----------------------------------------------------------------------

  private refuse(id: number | null, code: SignallingErrorCode, reason: string, type?: RequestType) {
    this.logger.warn({ msg: 'signalling request refused', remote: this.remote, peerId: this.peer?.id, room: this.room?.key, type, code, reason });
    this.send({ kind: 'error', id, code, reason });
  }

  private send(message: ServerMessage) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private leaveRoom(reason: string) {
    const { peer, room } = this;
    this.detach();
    if (peer && room) this.manager.leave(room, peer, reason);
  }

  private end(code: number, reason: string) {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.joinTimer);
    this.socket.close(code, reason.slice(0, 120));
    // A client that ignores the close handshake is cut off anyway.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  private socketClosed() {
    this.ended = true;
    clearTimeout(this.joinTimer);
    if (this.peer) this.logger.log({ msg: 'peer disconnected', remote: this.remote, peerId: this.peer.id, room: this.room?.key });
    this.leaveRoom('disconnected');
  }
}
