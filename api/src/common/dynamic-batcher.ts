import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';

export interface BatcherOptions {
  /** Largest batch handed to `run`. */
  maxBatch: number;
  /** How long the first item of a batch may wait for company. */
  maxWaitMs: number;
  /** Items waiting (not yet running) beyond which new ones are refused. */
  maxQueue: number;
  /** Batches that may run at once: 1 for a model that already uses every core, more for a database pool. */
  concurrency?: number;
  /** What the queue serves, in the QUEUE_FULL message. */
  name?: string;
}

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects single requests into batches: a batch runs when it is full or when its first item has waited
 * `maxWaitMs`, and at most `concurrency` batches run at a time, so items that arrive meanwhile form the
 * next batch. Under load batches fill up; alone, an item waits at most `maxWaitMs`. Used for inference
 * (one model call per batch) and for the exam start burst (one statement and one commit per batch).
 */
export class DynamicBatcher<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private timer: NodeJS.Timeout | null = null;
  private running = 0;
  readonly stats = { batches: 0, items: 0, largestBatch: 0 };

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly options: BatcherOptions,
  ) {}

  get waiting(): number {
    return this.queue.length;
  }

  submit(input: I): Promise<O> {
    if (this.queue.length >= this.options.maxQueue) {
      const name = this.options.name ?? 'The';
      return Promise.reject(new AppError(ErrorCode.QUEUE_FULL, `${name} queue is full (${this.options.maxQueue} waiting); try again shortly`));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private get saturated(): boolean {
    return this.running >= (this.options.concurrency ?? 1);
  }

  private schedule() {
    if (this.saturated) return;
    if (this.queue.length >= this.options.maxBatch) {
      this.flush();
    } else if (!this.timer && this.queue.length > 0) {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (!this.saturated && this.queue.length > 0) this.runBatch(this.queue.splice(0, this.options.maxBatch));
  }

  private runBatch(batch: Array<Pending<I, O>>) {
    this.running += 1;
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    this.run(batch.map((p) => p.input))
      .then(
        (outputs) => batch.forEach((p, i) => p.resolve(outputs[i])),
        (error) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.running -= 1;
        // Whatever queued while this batch ran goes next, without waiting again.
        if (this.queue.length > 0) this.flush();
      });
  }
}
