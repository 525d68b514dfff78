import { once } from 'node:events';
import { PubSub, type PubSubEngine } from 'graphql-subscriptions';
import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';

export const PUB_SUB = Symbol('PUB_SUB');

/** Event names published to GraphQL subscriptions; one list so publishers and resolvers agree. */
export const Topics = {
  auditEventRecorded: 'auditEventRecorded',
  preReadUpdated: 'preReadUpdated',
  consultChanged: 'consultChanged',
  consultMessagePosted: 'consultMessagePosted',
  callInvited: 'callInvited',
  /** Not a GraphQL subscription: API instances tell each other to re-check a user's sockets. */
  sessionsEnded: 'sessionsEnded',
  breakGlassGranted: 'breakGlassGranted',
} as const;

/**
 * RedisPubSub rejects an internal promise that nothing awaits when a SUBSCRIBE fails (Redis unreachable), and
 * Node ends the process on an unhandled rejection. Subscribing only on a ready connection avoids the failing
 * command: a subscription made while Redis is down starts when it is back (readiness reports the outage).
 */
class ReadyRedisPubSub extends RedisPubSub {
  constructor(
    publisher: Redis,
    private readonly subscriberConnection: Redis,
  ) {
    super({ publisher, subscriber: subscriberConnection });
  }

  override async subscribe<T>(trigger: string, onMessage: (message: T) => void, options?: unknown): Promise<number> {
    if (this.subscriberConnection.status !== 'ready') await once(this.subscriberConnection, 'ready');
    return super.subscribe(trigger, onMessage, options);
  }
}

/**
 * In-process events by default; with REDIS_URL, Redis pub/sub so that a subscriber connected to one API
 * instance hears events raised on another.
 */
export function createPubSub(redisUrl: string | undefined): PubSubEngine & { close(): Promise<unknown> } {
  if (!redisUrl) {
    const local = new PubSub();
    return Object.assign(local, { close: async () => undefined });
  }
  const options = { maxRetriesPerRequest: 3 };
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  return Object.assign(new ReadyRedisPubSub(publisher, subscriber), {
    // Disconnect rather than quit: quit() waits forever for an unreachable server.
    close: async () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  });
}
