import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';

export interface BatcherOptions {
  /** Largest batch handed to `run`. */
  maxBatch: number;
  /** How long the first item of a batch may wait for company. */
  maxWaitMs: number;
  /** Items waiting (not yet running) beyond which new ones are refused. */
  maxQueue: number;
}

interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects single requests into batches: a batch runs when it is full or when its first item has waited
 * `maxWaitMs`, and only one batch runs at a time (the model already uses every core), so items that arrive
 * meanwhile form the next batch. Under load batches fill up; alone, an item waits at most `maxWaitMs`.
 */
export class DynamicBatcher<I, O> {
  private readonly queue: Array<Pending<I, O>> = [];
  private timer: NodeJS.Timeout | null = null;
  private running = false;
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
      return Promise.reject(new AppError(ErrorCode.QUEUE_FULL, `Inference queue is full (${this.options.maxQueue} waiting); try again shortly`));
    }
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.running) return;
    if (this.queue.length >= this.options.maxBatch) {
      this.flush();
    } else if (!this.timer && this.queue.length > 0) {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.running = true;
    this.stats.batches += 1;
    this.stats.items += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    this.run(batch.map((p) => p.input))
      .then(
        (outputs) => batch.forEach((p, i) => p.resolve(outputs[i])),
        (error) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        this.running = false;
        // Whatever queued while this batch ran goes next, without waiting again.
        if (this.queue.length > 0) this.flush();
      });
  }
}
