import { Logger } from '@nestjs/common';
import type { types } from 'mediasoup';
import type { AttendanceReporter } from '../attendance/attendance-reporter.js';
import type { JoinVerifier } from '../auth/join-verifier.js';
import type { Admission, ResumeTickets } from '../auth/resume-tickets.js';
import type { SessionCheck } from '../auth/session-check.js';
import type { MediaConfig } from '../media-config.js';
import { CLOSE_CODES, type JoinResult, SignallingErrorCode } from '#contracts/protocol/signalling.js';
import { SignallingFailure } from '../signalling/signalling-failure.js';
import type { WorkerPool } from '../workers/worker-pool.js';
import { Peer, type PeerChannel } from './peer.js';
import { Room } from './room.js';

/** An empty room keeps its routers (and question queue) this long, so a quick reconnect finds it as it was. */
const EMPTY_ROOM_GRACE_MS = 30_000;

export interface RoomManagerDeps {
  pool: WorkerPool;
  config: MediaConfig;
  reporter: AttendanceReporter;
  verifier: JoinVerifier;
  tickets: ResumeTickets;
  sessions: SessionCheck;
}

/**
 * Admits peers (join token or resume ticket) into rooms while the API session they came from is open,
 * disconnects peers whose session ended, and restarts rooms whose worker died.
 */
export class RoomManager {
  readonly rooms = new Map<string, Room>();
  private readonly logger = new Logger('RoomManager');
  private readonly emptyTimers = new Map<Room, NodeJS.Timeout>();
  private readonly stopListening: () => void;
  private readonly sessionSweep: NodeJS.Timeout;

  constructor(private readonly deps: RoomManagerDeps) {
    this.stopListening = deps.pool.onWorkerDied((worker) => this.workerDied(worker));
    this.sessionSweep = setInterval(() => void this.disconnectEndedSessions(), deps.config.sessionCheckMs);
    this.sessionSweep.unref();
  }

  async join(token: string, channel: PeerChannel): Promise<{ peer: Peer; room: Room; result: JoinResult }> {
    const { jti: _jti, ...admission } = this.deps.verifier.verify(token);
    await this.assertSessionOpen(admission);
    return this.admit(admission, channel);
  }

  async rejoin(resumeTicket: string, channel: PeerChannel): Promise<{ peer: Peer; room: Room; result: JoinResult }> {
    const { admission, previousPeerId } = this.deps.tickets.redeem(resumeTicket);
    await this.assertSessionOpen(admission);
    const room = this.rooms.get(admission.room);
    const previous = room?.peers.get(previousPeerId);
    if (room && previous) {
      // The old connection is half-open (the client already came back on a new one): it gives way.
      room.remove(previous, 'disconnected');
      previous.channel.disconnect(CLOSE_CODES.REPLACED, 'rejoined on another connection');
    }
    return this.admit(admission, channel);
  }

  leave(room: Room, peer: Peer, reason: string) {
    if (reason === 'hangup') this.deps.tickets.revokeForPeer(peer.id);
    room.remove(peer, reason);
  }

  stats() {
    let peers = 0;
    for (const room of this.rooms.values()) peers += room.peers.size;
    return { rooms: this.rooms.size, peers };
  }

  shutdown() {
    this.stopListening();
    clearInterval(this.sessionSweep);
    for (const timer of this.emptyTimers.values()) clearTimeout(timer);
    this.emptyTimers.clear();
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }

  private async admit(admission: Admission, channel: PeerChannel): Promise<{ peer: Peer; room: Room; result: JoinResult }> {
    const room = this.room(admission);
    const timer = this.emptyTimers.get(room);
    if (timer) clearTimeout(timer);
    this.emptyTimers.delete(room);
    const peer = new Peer(admission, channel);
    await room.admit(peer);
    const { ticket, expiresAt } = this.deps.tickets.issue(admission, peer.id);
    const result: JoinResult = {
      peerId: peer.id,
      room: room.key,
      roomKind: room.kind,
      role: peer.role,
      resumeTicket: ticket,
      resumeTicketExpiresAt: expiresAt.toISOString(),
      ...room.snapshot(peer, peer.slot.router.rtpCapabilities),
    };
    return { peer, room, result };
  }

  /** Fails closed: a token or ticket is not honoured when the API cannot say that its session is open. */
  private async assertSessionOpen(admission: Admission) {
    let ended: Set<string>;
    try {
      ended = await this.deps.sessions.ended([{ sessionId: admission.sid, userId: admission.sub }]);
    } catch (error) {
      this.logger.warn({ msg: 'session check failed', room: admission.room, error: error instanceof Error ? error.message : String(error) });
      throw new SignallingFailure(SignallingErrorCode.SESSION_CHECK_FAILED, 'could not check the session with the API; try again shortly');
    }
    if (ended.has(admission.sid)) throw new SignallingFailure(SignallingErrorCode.SESSION_ENDED, 'the session this call was joined from has ended; sign in again');
  }

  /** Peers whose session ended (sign-out, deactivation, expiry) are disconnected, their resume tickets voided. */
  private async disconnectEndedSessions() {
    const peers = [...this.rooms.values()].flatMap((room) => [...room.peers.values()]);
    if (peers.length === 0) return;
    const sessions = [...new Map(peers.map((p) => [p.admission.sid, { sessionId: p.admission.sid, userId: p.admission.sub }])).values()];
    let ended: Set<string>;
    try {
      ended = await this.deps.sessions.ended(sessions);
    } catch (error) {
      // Calls in progress carry on while the API cannot answer; new admissions are refused meanwhile.
      this.logger.warn({ msg: 'session sweep failed', error: error instanceof Error ? error.message : String(error) });
      return;
    }
    for (const peer of peers) {
      if (!ended.has(peer.admission.sid) || peer.closed) continue;
      this.deps.tickets.revokeForPeer(peer.id);
      peer.channel.disconnect(CLOSE_CODES.SESSION_ENDED, 'session ended');
    }
  }

  private room(admission: Admission): Room {
    let room = this.rooms.get(admission.room);
    if (!room) {
      room = new Room(admission.room, admission.kind, this.deps, (empty) => this.roomEmpty(empty));
      this.rooms.set(room.key, room);
    }
    return room;
  }

  private roomEmpty(room: Room) {
    const timer = setTimeout(() => {
      this.emptyTimers.delete(room);
      if (room.peers.size > 0 || this.rooms.get(room.key) !== room) return;
      room.close();
      this.rooms.delete(room.key);
    }, EMPTY_ROOM_GRACE_MS);
    timer.unref();
    this.emptyTimers.set(room, timer);
  }

  private workerDied(worker: types.Worker) {
    for (const room of this.rooms.values()) {
      if (!room.usesWorker(worker)) continue;
      room.restart('media worker failed').catch((error: unknown) =>
        this.logger.error({ msg: 'room restart failed', room: room.key, error: error instanceof Error ? error.message : String(error) }),
      );
    }
  }
}
