import { DestroyRef, inject, signal } from '@angular/core';
import { ConsultsApi } from '../../core/data/consults.api';
import type { Consult } from '../../core/models/consult';

export type LiveState = 'connecting' | 'on' | 'stopped';

export interface LiveConsults {
  /** For the "updates live" indicator. */
  readonly state: () => LiveState;
  /** Reconnects after the stream stopped. */
  restart(): void;
}

/**
 * Follows consultChanged for a page: `changed` gets every consult as it changes, `missed` runs after a
 * reconnection (changes may have been lost while the socket was away). Stops with the page; call it in an
 * injection context (a field initialiser or constructor).
 */
export function liveConsults(handlers: { changed(consult: Consult): void; missed(): void }): LiveConsults {
  const api = inject(ConsultsApi);
  const state = signal<LiveState>('connecting');
  let stop: (() => void) | null = null;
  const start = () => {
    stop?.();
    state.set('connecting');
    let first = true;
    stop = api.changes({
      connected: () => {
        state.set('on');
        if (!first) handlers.missed();
        first = false;
      },
      next: (consult) => handlers.changed(consult),
      error: () => state.set('stopped'),
    });
  };
  inject(DestroyRef).onDestroy(() => stop?.());
  start();
  return { state: state.asReadonly(), restart: start };
}
