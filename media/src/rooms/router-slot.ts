import type { types } from 'mediasoup';

/** A router of a room on one worker, with the load the room placed on it. */
export class RouterSlot {
  consumers = 0;
  peers = 0;
  /** Producers piped into this router (by producer id; the pipe producer keeps the id). */
  readonly piped = new Map<string, Promise<void>>();

  constructor(
    readonly router: types.Router,
    readonly worker: types.Worker,
  ) {}
}
