import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import type { Admission } from '../auth/resume-tickets.js';
import type { NotificationMap, NotificationType, PeerInfo, ProducerSource, RoomRole } from '#contracts/protocol/signalling.js';
import type { RouterSlot } from './router-slot.js';

/** How a peer reaches its client: the signalling session implements it. */
export interface PeerChannel {
  notify<T extends NotificationType>(type: T, data: NotificationMap[T]): void;
  /** The server ends this peer's session (close code + logged reason). */
  disconnect(code: number, reason: string): void;
  /** The room dropped the peer but the socket stays open for a rejoin (room restarting). */
  detach(): void;
}

export type TransportKind = 'webrtc' | 'plain';

export interface PeerTransport {
  transport: types.Transport;
  kind: TransportKind;
  direction: 'send' | 'recv';
  dtlsTimer?: NodeJS.Timeout;
}

/** One connection of a user in a room (mediasoup-demo style): its transports, producers and consumers. */
export class Peer {
  readonly id: string = randomUUID();
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, { producer: types.Producer; source: ProducerSource }>();
  readonly consumers = new Map<string, { consumer: types.Consumer; source: ProducerSource; wantsPaused: boolean }>();
  audioOnly = false;
  closed = false;
  /** Set when the room admits the peer. */
  slot!: RouterSlot;

  constructor(
    readonly admission: Admission,
    readonly channel: PeerChannel,
  ) {}

  get userId(): string {
    return this.admission.sub;
  }
  get name(): string {
    return this.admission.name;
  }
  get role(): RoomRole {
    return this.admission.role;
  }
  /** Presenters and consult participants send media; training viewers only receive. */
  get maySend(): boolean {
    return this.role !== 'viewer';
  }

  info(handRaised: boolean): PeerInfo {
    return { peerId: this.id, userId: this.userId, name: this.name, role: this.role, handRaised };
  }

  /** Closing the transports closes their producers and consumers too. */
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const entry of this.transports.values()) {
      if (entry.dtlsTimer) clearTimeout(entry.dtlsTimer);
      entry.transport.close();
    }
    this.transports.clear();
  }
}
