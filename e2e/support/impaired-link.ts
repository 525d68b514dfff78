import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

/** How one direction of the link behaves; every field off by default (a clean link). */
export interface Impairment {
  /** Share of datagrams dropped at random, 0–1. */
  loss?: number;
  /** One-way delay, ms (the round trip is twice this when both directions have it). */
  delayMs?: number;
  /** Bandwidth cap, bit/s: datagrams leave at this rate, a backlog past `queueMs` is dropped (tail drop, as tbf). */
  rateBps?: number;
  /** Longest backlog the rate cap queues before it drops, ms (default 300). */
  queueMs?: number;
  /** Nothing gets through (a blackout). */
  down?: boolean;
}

export interface ImpairedLink {
  /** Where clients send to (this address's UDP port): what they send and what comes back passes the impairment. */
  port: number;
  /** Impairs both directions alike (the township link's own behaviour), or only what the client sends / receives. */
  set(both: Impairment, only?: { up?: Impairment; down?: Impairment }): void;
  /** The client addresses (IPs) that have sent through the link. */
  sources(): Set<string>;
  /** Datagrams forwarded and dropped so far, per direction. */
  counts(): { up: { forwarded: number; dropped: number }; down: { forwarded: number; dropped: number } };
  close(): Promise<void>;
}

class Direction {
  impairment: Impairment = {};
  /** When the rate cap's queue is free again (ms, performance clock). */
  private busyUntil = 0;
  forwarded = 0;
  dropped = 0;

  /** Calls `send` when the datagram would arrive over this direction, or never when it is lost. */
  pass(datagram: Buffer, send: () => void): void {
    const { loss = 0, delayMs = 0, rateBps, queueMs = 300, down = false } = this.impairment;
    if (down || Math.random() < loss) {
      this.dropped += 1;
      return;
    }
    let wait = delayMs;
    if (rateBps) {
      const now = performance.now();
      const start = Math.max(now, this.busyUntil);
      if (start - now > queueMs) {
        this.dropped += 1;
        return;
      }
      this.busyUntil = start + ((datagram.length + 28) * 8 * 1000) / rateBps;
      wait += this.busyUntil - now;
    }
    this.forwarded += 1;
    if (wait <= 0) send();
    else setTimeout(send, wait);
  }
}

/**
 * A userspace stand-in for `tc netem`/`tbf` (this kernel has no sch_netem): a UDP relay on `host` that forwards
 * every client's datagrams to `upstream` (each client through a socket of its own, as a NAT does) and the
 * answers back, dropping, delaying and rate-limiting them per direction. Real packets between a real browser
 * and a real TURN server or media service; only the link between them is simulated.
 */
export async function startImpairedLink(host: string, upstream: { host: string; port: number }): Promise<ImpairedLink> {
  const up = new Direction();
  const downstream = new Direction();
  const front = createSocket('udp4');
  const clients = new Map<string, Socket>();
  let closed = false;
  // A datagram still delayed when the link closes is simply lost, as on a real link.
  const sendOn = (socket: Socket, datagram: Buffer, port: number, address: string) => () => {
    if (!closed) socket.send(datagram, port, address);
  };
  const upstreamOf = (client: RemoteInfo): Socket => {
    const key = `${client.address}:${client.port}`;
    let socket = clients.get(key);
    if (!socket) {
      const own = createSocket('udp4');
      own.on('message', (answer) => downstream.pass(answer, sendOn(front, answer, client.port, client.address)));
      own.on('error', () => undefined);
      own.bind(0, '127.0.0.1');
      clients.set(key, own);
      socket = own;
    }
    return socket;
  };
  front.on('message', (datagram, client) => {
    const socket = upstreamOf(client);
    up.pass(datagram, sendOn(socket, datagram, upstream.port, upstream.host));
  });
  // A datagram to a port nobody listens on is lost, not an error of the link.
  front.on('error', () => undefined);
  await new Promise<void>((resolve) => front.bind(0, host, resolve));
  return {
    port: front.address().port,
    set(both, only = {}) {
      up.impairment = { ...both, ...only.up };
      downstream.impairment = { ...both, ...only.down };
    },
    sources: () => new Set([...clients.keys()].map((key) => key.slice(0, key.lastIndexOf(':')))),
    counts: () => ({ up: { forwarded: up.forwarded, dropped: up.dropped }, down: { forwarded: downstream.forwarded, dropped: downstream.dropped } }),
    async close() {
      closed = true;
      for (const socket of [front, ...clients.values()]) await new Promise<void>((resolve) => socket.close(() => resolve()));
      clients.clear();
    },
  };
}
