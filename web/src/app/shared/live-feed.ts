import { DestroyRef, effect, inject, signal, type Signal, untracked } from '@angular/core';
import type { SubscriptionHandlers } from '../core/graphql/subscriptions';

export type LiveState = 'connecting' | 'on' | 'stopped';

export interface LiveFeed {
  /** For the "updates live" indicator. */
  readonly state: Signal<LiveState>;
  /** Subscribes again after the stream stopped. */
  restart(): void;
}

export interface LiveFeedOptions<T, P> {
  /** What the feed follows (e.g. a route id): the feed restarts when it changes. Without it, the feed starts at once. */
  params?: () => P;
  subscribe: (params: P, handlers: SubscriptionHandlers<T>) => () => void;
  next: (event: T) => void;
  /** After a reconnection: events may have been lost while the socket was away, so read again what the feed updates. */
  missed: () => void;
}

/**
 * One subscription followed by a screen: every event to `next`, `missed` after each reconnection (not the first
 * connection, which follows the screen's own read), the state for the indicator. Stops with the screen; call it in
 * an injection context (a field initialiser or constructor).
 */
export function liveFeed<T, P = void>(options: LiveFeedOptions<T, P>): LiveFeed {
  const state = signal<LiveState>('connecting');
  let stop: (() => void) | null = null;
  let params: P;
  const start = () => {
    stop?.();
    state.set('connecting');
    let first = true;
    stop = options.subscribe(params, {
      connected: () => {
        state.set('on');
        if (!first) options.missed();
        first = false;
      },
      next: (event) => options.next(event),
      error: () => state.set('stopped'),
    });
  };
  const follow = options.params;
  if (follow) {
    effect(() => {
      const next = follow();
      untracked(() => {
        params = next;
        start();
      });
    });
  } else {
    start();
  }
  inject(DestroyRef).onDestroy(() => stop?.());
  return { state: state.asReadonly(), restart: start };
}
