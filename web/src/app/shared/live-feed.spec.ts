import { type EnvironmentInjector, Injector, runInInjectionContext } from '@angular/core';
import type { SubscriptionHandlers } from '../core/graphql/subscriptions';
import { ApiError } from '../core/graphql/api-error';
import { liveFeed } from './live-feed';

/** Stands in for the graphql-ws socket: records each subscription so the spec can play the server's part. */
function fakeSocket() {
  const subscriptions: Array<{ handlers: SubscriptionHandlers<string>; stopped: boolean }> = [];
  const subscribe = (_: void, handlers: SubscriptionHandlers<string>) => {
    const subscription = { handlers, stopped: false };
    subscriptions.push(subscription);
    return () => (subscription.stopped = true);
  };
  return { subscriptions, subscribe };
}

describe('liveFeed', () => {
  const start = () => {
    const socket = fakeSocket();
    const events: string[] = [];
    let missed = 0;
    // Injector.create makes an environment injector, whose destruction stands for the screen's.
    const injector = Injector.create({ providers: [] }) as EnvironmentInjector;
    const feed = runInInjectionContext(injector, () => liveFeed<string>({ subscribe: socket.subscribe, next: (e) => events.push(e), missed: () => missed++ }));
    return { socket, events, missed: () => missed, feed, destroy: () => injector.destroy() };
  };

  it('passes events on, and reads again only after a reconnection, not on the first connection', () => {
    const { socket, events, missed, feed } = start();
    expect(feed.state()).toBe('connecting');
    const live = socket.subscriptions[0]!.handlers;
    live.connected!();
    expect(feed.state()).toBe('on');
    expect(missed()).toBe(0);
    live.next('a');
    live.next('b');
    expect(events).toEqual(['a', 'b']);
    // The socket dropped and came back: what happened meanwhile is read again, each time.
    live.connected!();
    live.connected!();
    expect(missed()).toBe(2);
  });

  it('shows a stopped feed, and a restart subscribes anew, ending the old subscription', () => {
    const { socket, feed, missed } = start();
    socket.subscriptions[0]!.handlers.error(new ApiError('NETWORK_ERROR', 'gone'));
    expect(feed.state()).toBe('stopped');
    feed.restart();
    expect(feed.state()).toBe('connecting');
    expect(socket.subscriptions).toHaveLength(2);
    expect(socket.subscriptions[0]!.stopped).toBe(true);
    // A fresh subscription: its first connection is not a reconnection.
    socket.subscriptions[1]!.handlers.connected!();
    expect(feed.state()).toBe('on');
    expect(missed()).toBe(0);
  });

  it('stops with the screen', () => {
    const { socket, destroy } = start();
    destroy();
    expect(socket.subscriptions[0]!.stopped).toBe(true);
  });
});
