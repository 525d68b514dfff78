import { computed, signal } from '@angular/core';
import { ApiError, NETWORK_ERROR } from '../../../core/graphql/api-error';
import type { AnswerInput } from './exam.api';

export type SaveState = 'idle' | 'saving' | 'saved' | 'retrying' | 'failed' | 'closed';

/** Waits before the next try after a failure that another try can fix: 1, 2, 4, 8, then every 15 seconds. */
export const SAVE_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];
const TRANSIENT = new Set([NETWORK_ERROR, 'INTERNAL_SERVER_ERROR', 'RATE_LIMITED']);

/**
 * Autosave for an exam: every change is sent, one request at a time, the newest answer per question
 * winning; a network failure keeps the answer and tries again (the person sees "not saved — retrying").
 * ATTEMPT_CLOSED stops everything: the server closed the attempt (time up or submitted elsewhere).
 */
export class AnswerSaver {
  readonly state = signal<SaveState>('idle');
  /** Seconds until the next try, while `retrying`. */
  readonly retryIn = signal(0);
  readonly error = signal<ApiError | null>(null);
  /** Questions whose newest answer is not on the server yet. */
  readonly unsaved = signal<ReadonlySet<string>>(new Set());
  readonly busy = computed(() => this.unsaved().size > 0);

  private readonly pending = new Map<string, AnswerInput>();
  private draining: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;

  constructor(
    private readonly send: (input: AnswerInput) => Promise<unknown>,
    private readonly closed: (error: ApiError) => void,
  ) {}

  save(input: AnswerInput): void {
    if (this.stopped) return;
    this.pending.set(input.questionId, input);
    this.unsaved.set(new Set(this.pending.keys()));
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  /** Resolves once every answer is on the server (or saving stopped); true when nothing is left unsaved. */
  async flush(): Promise<boolean> {
    this.wake?.();
    while (this.draining) await this.draining;
    return this.pending.size === 0;
  }

  /** Stops for good (the page closes, or the attempt is over). */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async drain(): Promise<void> {
    let failures = 0;
    while (this.pending.size && !this.stopped) {
      const [questionId, input] = this.pending.entries().next().value!;
      this.state.set(failures ? 'retrying' : 'saving');
      try {
        await this.send(input);
        failures = 0;
        this.error.set(null);
        if (this.pending.get(questionId) === input) this.pending.delete(questionId);
        this.unsaved.set(new Set(this.pending.keys()));
      } catch (caught) {
        const error = ApiError.from(caught);
        this.error.set(error);
        if (error.code === 'ATTEMPT_CLOSED') {
          this.stopped = true;
          this.state.set('closed');
          this.closed(error);
          return;
        }
        if (!TRANSIENT.has(error.code)) {
          // The server refused this answer itself: keep the others going, show what went wrong.
          if (this.pending.get(questionId) === input) this.pending.delete(questionId);
          this.state.set('failed');
          continue;
        }
        this.state.set('retrying');
        await this.wait(SAVE_RETRY_DELAYS_MS[Math.min(failures++, SAVE_RETRY_DELAYS_MS.length - 1)]);
      }
    }
    if (!this.stopped && this.state() !== 'failed') this.state.set('saved');
  }

  /** Counts down `ms`, or less when flush() or stop() asks for an early try. */
  private async wait(ms: number): Promise<void> {
    for (let left = ms; left > 0 && !this.stopped; left -= 1_000) {
      this.retryIn.set(Math.ceil(left / 1_000));
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.min(1_000, left));
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = null;
      if (woken) return;
    }
  }
}
