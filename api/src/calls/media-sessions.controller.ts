import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { MAX_SESSIONS_PER_CHECK, MEDIA_SESSIONS_PATH, type MediaSessionsAnswer, type MediaSessionsBody } from '#contracts/protocol/media-sessions.js';
import { AppError } from '../common/app-error.js';
import { Public } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { AuthService } from '../identity/auth.service.js';
import { MediaSignatureGuard } from './media-signature.guard.js';

/**
 * The media service asks which of its peers' sessions have ended (before a join or rejoin, and for everyone
 * connected), so join tokens and resume tickets stop working with sign-out, deactivation and expiry. Not a
 * user endpoint: signed with the media secret (MediaSignatureGuard).
 */
@Controller()
export class MediaSessionsController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(MediaSignatureGuard)
  @Post(MEDIA_SESSIONS_PATH)
  @HttpCode(200)
  async check(@Body() body: MediaSessionsBody): Promise<MediaSessionsAnswer> {
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
