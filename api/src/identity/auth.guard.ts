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

/** Every GraphQL operation and REST route needs a valid access token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handlers = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, handlers)) return true;
    // GraphQL keeps the actor on its context (set once per WebSocket at connect); REST on the request.
    const holder: GqlContext =
      context.getType<string>() === 'graphql' ? GqlExecutionContext.create(context).getContext<GqlContext>() : { req: context.switchToHttp().getRequest() };
    const target = context.getType<string>() === 'graphql' ? holder : (holder.req as GqlContext);
    if (!target.actor) {
      const token = bearerToken(holder.req?.headers.authorization);
      if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first');
      target.actor = await this.auth.actorFromAccessToken(token);
    }
    if (target.actor.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_PENDING_PASSWORD_CHANGE, handlers)) {
      throw new AppError(ErrorCode.PASSWORD_CHANGE_REQUIRED, 'Choose a new password before continuing');
    }
    return true;
  }
}
