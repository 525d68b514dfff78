import { Redis } from 'ioredis';

/** Fixed-window counters: `hit` says whether one more attempt under `key` fits in the current window. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }>;
  close(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, limit: number, windowMs: number) {
    const now = Date.now();
    if (this.windows.size > 100_000) this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { allowed: window.count <= limit, retryAfterMs: window.resetAt - now };
  }

  async close() {}

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

/** Shared by every API instance, so a client cannot multiply its budget by hitting several. */
export class RedisRateLimiter implements RateLimiter {
  constructor(private readonly redis: Redis) {}

  async hit(key: string, limit: number, windowMs: number) {
    const redisKey = `oasis:rate:${key}`;
    const [[, count], [, ttl]] = (await this.redis
      .multi()
      .incr(redisKey)
      .pttl(redisKey)
      .exec()) as [[null, number], [null, number]];
    if (ttl < 0) await this.redis.pexpire(redisKey, windowMs);
    return { allowed: count <= limit, retryAfterMs: ttl < 0 ? windowMs : ttl };
  }

  async close() {
    // quit() waits for a reply that never comes when Redis is unreachable.
    this.redis.disconnect();
  }
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

export const createRateLimiter = (redisUrl: string | undefined): RateLimiter =>
  redisUrl ? new RedisRateLimiter(new Redis(redisUrl, { maxRetriesPerRequest: 3 })) : new MemoryRateLimiter();
