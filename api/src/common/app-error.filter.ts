import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';

/**
 * Expected errors (AppError and friends) go straight back to the client with their code. GraphQL gives them
 * their final shape in formatGraphqlError; REST routes answer `{ errors: [{ message, extensions }] }` with the
 * code's HTTP status. Without this, Nest logs each wrong password as a server error with a stack.
 * A database that is down or unreachable becomes DATABASE_UNAVAILABLE (503), logged once here, instead of a bare
 * 500; anything else unexpected keeps Nest's handling.
 */
@Catch()
export class AppErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Database');

  override catch(exception: unknown, host: ArgumentsHost) {
    let error = exception;
    if (!(error instanceof GraphQLError) && isDatabaseUnavailable(error)) {
      this.logger.error({ msg: 'database unavailable', error: (error as Error)?.message });
      error = new AppError(ErrorCode.DATABASE_UNAVAILABLE, 'The database is not reachable right now; try again in a moment');
    }
    if (host.getType<string>() !== 'http') return error;
    if (!(error instanceof GraphQLError)) return super.catch(error, host);
    const { http, ...extensions } = (error.extensions ?? {}) as { http?: { status?: number } };
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(http?.status ?? 400)
      .json({ errors: [{ message: error.message, extensions }] });
  }
}
