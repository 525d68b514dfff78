import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type FormattedExecutionResult, GraphQLError } from 'graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import type { Context } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { AppError } from '../common/app-error.js';
import type { GqlContext } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { bearerToken } from './auth.guard.js';
import { AuthService, type SessionsEndedEvent } from './auth.service.js';

export type WsContext = Context<Record<string, unknown> | undefined, unknown>;
/** graphql-ws's `ws` adapter puts the socket in the context's `extra`. */
const socketOf = (ctx: WsContext) => (ctx.extra as { socket: WebSocket }).socket;

/** graphql-ws's "Unauthorized": its clients do not reconnect after it. The reason is the error code. */
export const SESSION_ENDED_CLOSE_CODE = 4401;
/** Redis unreachable at start-up: listen again this much later (meanwhile the sweep still closes sockets). */
const LISTEN_RETRY_MS = 5000;

interface OpenSocket {
  sessionId: string;
  userId: string;
  /** Re-read before every operation and event and on every sweep, so roles are those held now. */
  actor: Actor;
}

/**
 * The GraphQL subscription sockets of this API instance and the sessions they were opened with. A socket
 * lives only as long as its session: every operation and every event is re-checked against the session
 * before it runs or is sent, sockets of a user are re-checked at once when their sessions end (on any
 * instance, through the pub/sub), and all of them every OASIS_SESSION_SOCKET_CHECK_SECONDS (expiry).
 */
@Injectable()
export class SessionSockets implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SessionSockets.name);
  private readonly open = new Map<WebSocket, OpenSocket>();
  private sweep?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private subscription?: number;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly auth: AuthService,
  ) {}

  onModuleInit() {
    this.sweep = setInterval(() => void this.recheck(() => true), this.config.sessionSocketCheckSeconds * 1000);
    this.sweep.unref();
    this.listen();
  }

  onModuleDestroy() {
    this.stopped = true;
    clearInterval(this.sweep);
    clearTimeout(this.retry);
    if (this.subscription !== undefined) this.pubSub.unsubscribe(this.subscription);
  }

  /** Not awaited: the API starts (and readiness says Redis is down) even when Redis cannot be reached. */
  private listen() {
    const onEnded = ({ sessionsEnded }: SessionsEndedEvent) => void this.recheck((open) => open.userId === sessionsEnded.userId);
    this.pubSub.subscribe(Topics.sessionsEnded, onEnded, {}).then(
      (id) => {
        if (this.stopped) this.pubSub.unsubscribe(id);
        else this.subscription = id;
      },
      (error: unknown) => {
        this.logger.warn({ msg: 'cannot hear sessions ended on other instances yet; retrying', error: error instanceof Error ? error.message : String(error) });
        if (this.stopped) return;
        this.retry = setTimeout(() => this.listen(), LISTEN_RETRY_MS);
        this.retry.unref();
      },
    );
  }

  /** onConnect: signs the socket in once with connectionParams.authorization ("Bearer <token>"). */
  async connect(ctx: WsContext): Promise<boolean> {
    const token = bearerToken(ctx.connectionParams?.authorization as string | undefined);
    if (!token) return false;
    try {
      const actor = await this.auth.actorFromAccessToken(token, { activity: false });
      this.open.set(socketOf(ctx), { sessionId: actor.sessionId, userId: actor.userId, actor });
      return true;
    } catch {
      return false;
    }
  }

  /** The operation context: always the actor as last re-checked, and none once the socket is closed. */
  context(ctx: WsContext): GqlContext {
    const open = this.open;
    return {
      get actor() {
        return open.get(socketOf(ctx))?.actor;
      },
    };
  }

  /** onSubscribe: an operation on a socket whose session ended is refused (and the socket closed). */
  async beforeOperation(ctx: WsContext): Promise<GraphQLError[] | undefined> {
    const refusal = await this.check(socketOf(ctx));
    return refusal ? [new GraphQLError(refusal.message, { extensions: { code: refusal.code } })] : undefined;
  }

  /** onNext: an event is sent only while the session holds; otherwise only the refusal (to a closing socket). */
  async beforeEvent(ctx: WsContext): Promise<FormattedExecutionResult | undefined> {
    const refusal = await this.check(socketOf(ctx));
    return refusal ? { errors: [{ message: refusal.message, extensions: { code: refusal.code } }] } : undefined;
  }

  /** onClose. */
  disconnect(ctx: WsContext) {
    this.open.delete(socketOf(ctx));
  }

  private async recheck(which: (open: OpenSocket) => boolean) {
    const sockets = [...this.open].filter(([, open]) => which(open)).map(([socket]) => socket);
    await Promise.all(sockets.map((socket) => this.check(socket)));
  }

  /** Re-reads the socket's session: null while it holds; otherwise the refusal, and the socket is closed. */
  private async check(socket: WebSocket): Promise<AppError | null> {
    const open = this.open.get(socket);
    if (!open) return new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; please sign in again');
    try {
      open.actor = await this.auth.actorOfSession(open.sessionId, open.userId);
      return null;
    } catch (error) {
      if (!(error instanceof AppError)) {
        // The session could not be read (database down): hold this event back, keep the socket.
        this.logger.warn({ msg: 'could not re-check a socket session', error: error instanceof Error ? error.message : String(error) });
        return new AppError(ErrorCode.INTERNAL, 'Could not check the session');
      }
      this.open.delete(socket);
      socket.close(SESSION_ENDED_CLOSE_CODE, error.code);
      return error;
    }
  }
}
