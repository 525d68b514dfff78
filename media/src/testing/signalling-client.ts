import WebSocket from 'ws';
import type {
  NotificationMap,
  NotificationType,
  RequestData,
  RequestType,
  ResponseData,
  ServerMessage,
  SignallingError,
} from '#contracts/protocol/signalling.js';

export class SignallingRequestError extends Error {
  constructor(readonly error: SignallingError) {
    super(`${error.code}: ${error.reason}`);
  }
  get code() {
    return this.error.code;
  }
}

type Waiter = { type: NotificationType; match: (data: never) => boolean; resolve: (data: never) => void };

/** A Node signalling client speaking the protocol of contracts/protocol/signalling.ts (tests and benchmark). */
export class SignallingClient {
  readonly notifications: Array<{ type: NotificationType; data: unknown }> = [];
  /** Errors the server sent that belong to no request (id null). */
  readonly unsolicitedErrors: SignallingError[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (data: unknown) => void; reject: (error: Error) => void }>();
  private waiters: Waiter[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => this.receive(JSON.parse(raw.toString()) as ServerMessage));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        for (const { reject } of this.pending.values()) reject(new Error(`socket closed (${code})`));
        this.pending.clear();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  static async connect(url: string): Promise<SignallingClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new SignallingClient(socket);
  }

  request<T extends RequestType>(type: T, data: RequestData<T>): Promise<ResponseData<T>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ kind: 'request', id, type, data }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve: resolve as (data: unknown) => void, reject }));
  }

  /** Sends a raw frame (malformed input tests). */
  sendRaw(frame: string) {
    this.socket.send(frame);
  }

  /** Resolves with the first notification of `type` (already received or future) that matches. */
  waitFor<T extends NotificationType>(type: T, match: (data: NotificationMap[T]) => boolean = () => true, timeoutMs = 10_000): Promise<NotificationMap[T]> {
    const seen = this.notifications.find((n) => n.type === type && match(n.data as NotificationMap[T]));
    if (seen) return Promise.resolve(seen.data as NotificationMap[T]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} notification within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        type,
        match: match as (data: never) => boolean,
        resolve: ((data: NotificationMap[T]) => {
          clearTimeout(timer);
          resolve(data);
        }) as (data: never) => void,
      });
    });
  }

  close() {
    this.socket.close();
    return this.closed;
  }

  private receive(message: ServerMessage) {
    if (message.kind === 'notification') {
      this.notifications.push({ type: message.type, data: message.data });
      const waiter = this.waiters.find((w) => w.type === message.type && w.match(message.data as never));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message.data as never);
      }
      return;
    }
    if (message.id === null) {
      if (message.kind === 'error') this.unsolicitedErrors.push(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.kind === 'response') pending.resolve(message.data);
    else pending.reject(new SignallingRequestError(message));
  }
}
