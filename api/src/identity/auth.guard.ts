import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AppError } from '../common/app-error.js';
import { ALLOWED_PENDING_PASSWORD_CHANGE, type GqlContext, IS_PUBLIC } from '../common/auth.decorators.js';
import { ErrorCode } from '../common/error-codes.js';
import { AuthService } from './auth.service.js';

export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
}

/** Every GraphQL operation needs a valid access token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const gql = GqlExecutionContext.create(context).getContext<GqlContext>();
    // WebSocket connections authenticate once, at connect; HTTP requests on every call.
    if (!gql.actor) {
      const token = bearerToken(gql.req?.headers.authorization);
      if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
      gql.actor = await this.auth.actorFromAccessToken(token);
    }
    if (gql.actor.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_PENDING_PASSWORD_CHANGE, [context.getHandler(), context.getClass()])) {
      throw new AppError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'Choose a new password before continuing');
    }
    return true;
  }
}
