import { Body, Controller, HttpCode, Inject, Logger, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyMediaEventsSignature } from '../../../media/src/protocol/media-events.js';
import { MAX_SESSIONS_PER_CHECK, MEDIA_SESSIONS_PATH, type MediaSessionsAnswer, type MediaSessionsBody } from '../../../media/src/protocol/media-sessions.js';
import { AppError } from '../common/app-error.js';
import { Public } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AuthService } from '../identity/auth.service.js';

/**
 * The media service asks which of its peers' sessions have ended (before a join or rejoin, and for everyone
 * connected), so join tokens and resume tickets stop working with sign-out, deactivation and expiry. Not a
 * user endpoint: signed with the media secret like the media events.
 */
@Controller()
export class MediaSessionsController {
  private readonly logger = new Logger(MediaSessionsController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Post(MEDIA_SESSIONS_PATH)
  @HttpCode(200)
  async check(@Req() req: Request & { rawBody?: Buffer }, @Body() body: MediaSessionsBody): Promise<MediaSessionsAnswer> {
    const raw = req.rawBody?.toString('utf8') ?? '';
    if (!verifyMediaEventsSignature(this.config.mediaSecret, raw, req.header(SIGNATURE_HEADER), req.header(TIMESTAMP_HEADER))) {
      this.logger.warn(`refused a media session check from ${req.ip}: bad or stale signature`);
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Session checks must be signed with the media secret');
    }
    const sessions = Array.isArray(body?.sessions) ? body.sessions : null;
    if (!sessions || sessions.length > MAX_SESSIONS_PER_CHECK || !sessions.every((s) => typeof s?.sessionId === 'string' && typeof s.userId === 'string')) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Expected { sessions: [{ sessionId, userId }] } with at most ${MAX_SESSIONS_PER_CHECK} entries`);
    }
    // The same check every request makes (one batched read); any refusal (ended, deactivated, expired) means ended.
    const open = await Promise.all(
      sessions.map((s) =>
        this.auth.actorOfSession(s.sessionId, s.userId).then(
          () => true,
          (error: unknown) => {
            if (error instanceof AppError) return false;
            throw error;
          },
        ),
      ),
    );
    return { ended: sessions.filter((_, i) => !open[i]).map((s) => s.sessionId) };
  }
}
