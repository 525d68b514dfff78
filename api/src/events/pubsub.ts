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
  return Object.assign(new RedisPubSub({ publisher, subscriber }), {
    // Disconnect rather than quit: quit() waits forever for an unreachable server.
    close: async () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  });
}
