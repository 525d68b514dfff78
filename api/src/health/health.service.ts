import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export type ComponentStatus = { status: 'up' | 'down'; detail?: string; ms?: number };

export interface Readiness {
  status: 'ok' | 'degraded' | 'down';
  components: Record<'database' | 'queue' | 'media', ComponentStatus>;
}

const TIMEOUT_MS = 2000;

async function timed(check: () => Promise<string | undefined>): Promise<ComponentStatus> {
  const started = Date.now();
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
    ]);
    return { status: 'up', detail, ms: Date.now() - started };
  } catch (error) {
    return { status: 'down', detail: (error as Error).message, ms: Date.now() - started };
  }
}

/**
 * Readiness of what the API depends on. The database and the queue are needed to serve at all (down = 503);
 * the media service only for video, so without it the API is "degraded" but still takes traffic.
 */
@Injectable()
export class HealthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, queue, media] = await Promise.all([
      timed(async () => {
        await this.dataSource.query('SELECT 1');
        return this.config.databaseUrl ? 'postgresql' : 'pglite (embedded)';
      }),
      timed(() => this.pingQueue()),
      timed(async () => {
        const response = await fetch(new URL('/health', this.config.mediaUrl), { signal: AbortSignal.timeout(TIMEOUT_MS) });
        if (!response.ok) throw new Error(`media service answered ${response.status}`);
        return this.config.mediaUrl;
      }),
    ]);
    const status = database.status === 'down' || queue.status === 'down' ? 'down' : media.status === 'down' ? 'degraded' : 'ok';
    return { status, components: { database, queue, media } };
  }

  private async pingQueue(): Promise<string> {
    if (!this.config.redisUrl) return 'in-process';
    const redis = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: TIMEOUT_MS });
    try {
      await redis.connect();
      await redis.ping();
      return 'redis';
    } finally {
      redis.disconnect();
    }
  }
}
