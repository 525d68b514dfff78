import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { createMediaApp } from '../create-media-app.js';
import { loadMediaConfig } from '../media-config.js';
import { MediaRuntime } from '../media-runtime.js';
import { signJoinToken, type JoinClaims } from '#contracts/protocol/join-token.js';
import type { MediaEventsBody } from '#contracts/protocol/media-events.js';
import { MEDIA_SESSIONS_PATH, type MediaSessionsAnswer, type MediaSessionsBody } from '#contracts/protocol/media-sessions.js';
import { SIGNALLING_PATH } from '#contracts/protocol/signalling.js';

export const TEST_MEDIA_SECRET = 'oasis-media-test-secret-0123456789abcdef';

export interface ReceivedDelivery {
  body: string;
  headers: IncomingMessage['headers'];
  status: number;
}

/**
 * Stands in for the API's /internal/media-events endpoint: records every delivery and answers with the
 * next status of `statuses` (then 204), so tests can make the API fail on purpose. Session checks
 * (/internal/media-sessions) are answered apart: every session is open unless put in `endedSessions`.
 */
export class ApiEventsStub {
  readonly deliveries: ReceivedDelivery[] = [];
  readonly endedSessions = new Set<string>();
  private server!: Server;
  url = '';

  constructor(private readonly statuses: number[] = []) {}

  /** `port` 0 picks a free one; a fixed port brings a stopped stub back at the same URL. */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url === MEDIA_SESSIONS_PATH) {
          const { sessions } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MediaSessionsBody;
          const answer: MediaSessionsAnswer = { ended: sessions.map((s) => s.sessionId).filter((id) => this.endedSessions.has(id)) };
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
          return;
        }
        const status = this.statuses.shift() ?? 204;
        this.deliveries.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, status });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** Events the stub accepted (2xx), in order. */
  acceptedEvents() {
    return this.deliveries.filter((d) => d.status < 300).flatMap((d) => (JSON.parse(d.body) as MediaEventsBody).events);
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export interface MediaTestApp {
  app: INestApplication;
  runtime: MediaRuntime;
  api: ApiEventsStub;
  httpUrl: string;
  signallingUrl: string;
  close(): Promise<void>;
}

/** The media service on a free port with real mediasoup workers (2 unless `env` says otherwise). */
export async function startMediaApp(env: Record<string, string> = {}, api = new ApiEventsStub(), logger: false | Array<'error' | 'warn' | 'log'> = false): Promise<MediaTestApp> {
  await api.start();
  const config = loadMediaConfig({
    OASIS_MEDIA_SECRET: TEST_MEDIA_SECRET,
    OASIS_API_URL: api.url,
    MEDIA_WORKERS: '2',
    MEDIA_WORKER_LOG_LEVEL: 'none',
    MEDIA_ALLOW_PLAIN_TRANSPORTS: 'true',
    ...env,
  });
  const app = await createMediaApp(config, logger);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    runtime: app.get(MediaRuntime),
    api,
    httpUrl: `http://127.0.0.1:${port}`,
    signallingUrl: `ws://127.0.0.1:${port}${SIGNALLING_PATH}`,
    async close() {
      await app.close();
      await api.close();
    },
  };
}

let userCounter = 0;

/** A join token as the API would sign it. */
export function testJoinToken(claims: Partial<Omit<JoinClaims, 'jti'>> & Pick<JoinClaims, 'room'>, ttlSeconds?: number, secret = TEST_MEDIA_SECRET): string {
  userCounter += 1;
  const kind = claims.kind ?? (claims.room.startsWith('training:') ? 'training' : 'consult');
  return signJoinToken(
    secret,
    { sub: `user-${userCounter}`, name: `User ${userCounter}`, sid: `session-${userCounter}`, kind, role: kind === 'consult' ? 'participant' : 'viewer', ...claims },
    ttlSeconds,
  );
}
