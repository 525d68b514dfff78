import { randomBytes } from 'node:crypto';
import type { JoinClaims } from '#contracts/protocol/join-token.js';
import { SignallingErrorCode } from '#contracts/protocol/signalling.js';
import { SignallingFailure } from '../signalling/signalling-failure.js';

export type Admission = Omit<JoinClaims, 'jti'>;

interface Ticket {
  admission: Admission;
  /** The peer that holds the ticket now: a rejoin replaces it. */
  peerId: string;
  expiresAt: number;
}

/**
 * Resume tickets let a client come back after a network drop or a media worker failure without asking
 * the API for a new token. Random (not signed: only this process needs to know them), bound to the user
 * and room of the original token, valid for a few minutes, and single-use: each rejoin gets a new one.
 */
export class ResumeTickets {
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(admission: Admission, peerId: string): { ticket: string; expiresAt: Date } {
    this.forgetExpired();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.ttlMs;
    this.tickets.set(ticket, { admission, peerId, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt) };
  }

  /** Consumes the ticket: returns who it admits and which peer it replaces. */
  redeem(ticket: string): { admission: Admission; previousPeerId: string } {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expiresAt < this.now()) throw new SignallingFailure(SignallingErrorCode.TICKET_INVALID, 'resume ticket unknown, used or expired');
    return { admission: entry.admission, previousPeerId: entry.peerId };
  }

  /** After a hang-up the ticket must not bring the peer back. */
  revokeForPeer(peerId: string) {
    for (const [ticket, entry] of this.tickets) if (entry.peerId === peerId) this.tickets.delete(ticket);
  }

  private forgetExpired() {
    const now = this.now();
    for (const [ticket, entry] of this.tickets) if (entry.expiresAt < now) this.tickets.delete(ticket);
  }
}
