import { inject } from '@angular/core';
import { ConsultsApi } from '../../core/data/consults.api';
import type { Consult } from '../../core/models/consult';
import { type LiveFeed, liveFeed } from '../live-feed';

/**
 * Follows consultChanged for a page: `changed` gets every consult as it changes, `missed` runs after a
 * reconnection (changes may have been lost while the socket was away). Stops with the page; call it in an
 * injection context (a field initialiser or constructor).
 */
export function liveConsults(handlers: { changed(consult: Consult): void; missed(): void }): LiveFeed {
  const api = inject(ConsultsApi);
  return liveFeed<Consult>({ subscribe: (_, live) => api.changes(live), next: (consult) => handlers.changed(consult), missed: () => handlers.missed() });
}
