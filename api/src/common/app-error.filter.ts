import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';

/**
 * Expected errors (AppError and friends) go straight back to the client with their code. GraphQL gives them
 * their final shape in formatGraphqlError; REST routes answer `{ errors: [{ message, extensions }] }` with the
 * code's HTTP status. Without this, Nest logs each wrong password as a server error with a stack.
 */
@Catch(GraphQLError)
export class AppErrorFilter implements GqlExceptionFilter {
  catch(error: GraphQLError, host: ArgumentsHost) {
    if (host.getType<string>() !== 'http') return error;
    const { http, ...extensions } = (error.extensions ?? {}) as { http?: { status?: number } };
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(http?.status ?? 400)
      .json({ errors: [{ message: error.message, extensions }] });
  }
}
