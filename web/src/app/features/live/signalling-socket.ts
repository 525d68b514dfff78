import {
  MAX_MESSAGE_BYTES,
  type NotificationMap,
  type NotificationType,
  type RequestData,
  type RequestType,
  type ResponseData,
  type ServerMessage,
  type SignallingErrorCode,
} from '#contracts/protocol/signalling';

/** A refused or failed request: a server code, or a local one (no answer in time, socket gone, never opened). */
export class SignallingError extends Error {
  constructor(
    readonly code: SignallingErrorCode | 'TIMEOUT' | 'CLOSED' | 'UNREACHABLE',
    reason: string,
  ) {
    super(`${code}: ${reason}`);
    this.name = 'SignallingError';
  }
}

export interface SignallingHandlers {
  notification<T extends NotificationType>(type: T, data: NotificationMap[T]): void;
  /** The socket closed (after open); `code` is the WebSocket close code (see CLOSE_CODES). */
  closed(code: number, reason: string): void;
}

interface Pending {
  resolve(data: unknown): void;
  reject(error: SignallingError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** How long a request may wait for its answer: the server answers every request, so silence means a dead link. */
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * One WebSocket to the media service, speaking the signalling protocol: numbered requests each answered
 * once (or failed after a timeout), and notifications pushed by the server.
 */
export class SignallingSocket {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private open = true;

  private constructor(
    private readonly ws: WebSocket,
    private readonly handlers: SignallingHandlers,
  ) {
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = (event) => {
      this.open = false;
      this.failAll(new SignallingError('CLOSED', event.reason || `socket closed (${event.code})`));
      handlers.closed(event.code, event.reason);
    };
  }

  /** Opens the socket; rejects with UNREACHABLE when the service cannot be reached within `timeoutMs`. */
  static connect(url: string, handlers: SignallingHandlers, timeoutMs = REQUEST_TIMEOUT_MS): Promise<SignallingSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url);
      } catch (error) {
        reject(new SignallingError('UNREACHABLE', error instanceof Error ? error.message : String(error)));
        return;
      }
      const timer = setTimeout(() => {
        ws.close();
        reject(new SignallingError('UNREACHABLE', 'the media service did not answer'));
      }, timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        resolve(new SignallingSocket(ws, handlers));
      };
      ws.onclose = () => {
        clearTimeout(timer);
        reject(new SignallingError('UNREACHABLE', 'the media service refused the connection'));
      };
    });
  }

  get connected(): boolean {
    return this.open;
  }

  request<T extends RequestType>(type: T, data: RequestData<T>, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ResponseData<T>> {
    if (!this.open) return Promise.reject(new SignallingError('CLOSED', 'not connected'));
    const id = this.nextId++;
    const frame = JSON.stringify({ kind: 'request', id, type, data });
    if (frame.length > MAX_MESSAGE_BYTES) return Promise.reject(new SignallingError('TOO_LARGE', `${type} is too large`));
    return new Promise<ResponseData<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SignallingError('TIMEOUT', `no answer to ${type}`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (data: unknown) => void, reject, timer });
      this.ws.send(frame);
    });
  }

  /** Closes without waiting; pending requests fail with CLOSED. */
  close(code = 1000, reason = ''): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let message: ServerMessage;
    try {
      message = JSON.parse(raw) as ServerMessage;
    } catch {
      return;
    }
    if (message.kind === 'notification') {
      this.handlers.notification(message.type, message.data as never);
      return;
    }
    if (message.id === null) return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.kind === 'response') pending.resolve(message.data);
    else pending.reject(new SignallingError(message.code, message.reason));
  }

  private failAll(error: SignallingError): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
  }
}
