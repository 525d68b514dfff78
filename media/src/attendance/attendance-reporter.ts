import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { MEDIA_EVENTS_PATH, signMediaEvents, type MediaEvent } from '#contracts/protocol/media-events.js';

export interface AttendanceSubject {
  room: string;
  userId: string;
  peerId: string;
}

export interface AttendanceReporterOptions {
  apiUrl: string;
  secret: string;
  /** First retry delay; doubles per failure up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Bound on memory while the API is unreachable; the oldest events are dropped (and logged) past it. */
  maxQueued?: number;
  batchSize?: number;
}

/**
 * Reports joins and leaves to the API (attendance, call duration). Events are queued and POSTed in signed
 * batches by one sender loop; a failed delivery is retried with exponential backoff. Every event has its
 * own id, so a batch the API stored but whose answer was lost is recorded once when it is sent again.
 */
export class AttendanceReporter {
  private readonly logger = new Logger('AttendanceReporter');
  private readonly queue: MediaEvent[] = [];
  private sending: Promise<void> | null = null;
  private backoffMs = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly url: string;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxQueued: number;
  private readonly batchSize: number;

  constructor(private readonly options: AttendanceReporterOptions) {
    this.url = `${options.apiUrl}${MEDIA_EVENTS_PATH}`;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.batchSize = options.batchSize ?? 200;
  }

  joined(subject: AttendanceSubject) {
    this.enqueue({ id: randomUUID(), type: 'joined', ...subject, at: new Date().toISOString() });
  }

  left(subject: AttendanceSubject, reason: string) {
    this.enqueue({ id: randomUUID(), type: 'left', ...subject, at: new Date().toISOString(), reason });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Tries to deliver what is queued (used at shutdown), giving up after `timeoutMs`. */
  async flush(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && Date.now() < deadline) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      await this.deliver();
      if (this.queue.length > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(0, deadline - Date.now()))));
    }
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private enqueue(event: MediaEvent) {
    this.queue.push(event);
    if (this.queue.length > this.maxQueued) {
      const dropped = this.queue.splice(0, this.queue.length - this.maxQueued);
      this.logger.error({ msg: 'attendance events dropped: API unreachable for too long', dropped: dropped.length });
    }
    if (!this.timer && !this.sending && !this.stopped) void this.deliver();
  }

  private deliver(): Promise<void> {
    this.sending ??= this.sendBatches().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private async sendBatches() {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      const outcome = await this.post(batch);
      if (outcome === 'retry') {
        this.backoffMs = this.backoffMs === 0 ? this.initialBackoffMs : Math.min(this.backoffMs * 2, this.maxBackoffMs);
        if (!this.stopped) {
          this.timer = setTimeout(() => {
            this.timer = null;
            void this.deliver();
          }, this.backoffMs);
          this.timer.unref();
        }
        return;
      }
      this.backoffMs = 0;
      // Delivered, or refused as malformed (retrying cannot help): either way it leaves the queue.
      this.queue.splice(0, batch.length);
    }
  }

  private async post(events: MediaEvent[]): Promise<'done' | 'retry'> {
    const body = JSON.stringify({ events });
    try {
      const response = await fetch(this.url, { method: 'POST', headers: signMediaEvents(this.options.secret, body), body, signal: AbortSignal.timeout(5000) });
      if (response.ok) return 'done';
      if (response.status === 400 || response.status === 413 || response.status === 422) {
        this.logger.error({ msg: 'attendance events refused by the API as malformed; dropped', status: response.status, events: events.length });
        return 'done';
      }
      this.logger.warn({ msg: 'attendance delivery failed; will retry', status: response.status, events: events.length });
    } catch (error) {
      this.logger.warn({ msg: 'attendance delivery failed; will retry', error: error instanceof Error ? error.message : String(error), events: events.length });
    }
    return 'retry';
  }
}
