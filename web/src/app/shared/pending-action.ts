import { signal } from '@angular/core';

/**
 * One button-triggered server call at a time, with its failure kept for an error banner:
 * `busy` disables the buttons, `error` holds the last failure until the next try.
 */
export class PendingAction {
  readonly busy = signal(false);
  readonly error = signal<unknown>(null);

  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.busy.set(true);
    this.error.set(null);
    try {
      return await work();
    } catch (error) {
      this.error.set(error);
      return undefined;
    } finally {
      this.busy.set(false);
    }
  }
}
