import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyMediaEventsSignature } from '#contracts/protocol/media-events.js';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * The media service's calls to the API (attendance events, session checks) are not user requests: each is
 * authenticated by an HMAC of the exact body with the shared media secret, and one outside the clock window
 * is refused (replay). Use with @Public(), which only lifts the user check.
 */
@Injectable()
export class MediaSignatureGuard implements CanActivate {
  private readonly logger = new Logger(MediaSignatureGuard.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    if (verifyMediaEventsSignature(this.config.mediaSecret, req.rawBody?.toString('utf8') ?? '', req.header(SIGNATURE_HEADER), req.header(TIMESTAMP_HEADER))) return true;
    this.logger.warn(`refused ${req.method} ${req.path} from ${req.ip}: bad or stale signature`);
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'Calls from the media service must be signed with the media secret');
  }
}
