import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Actor } from '../policy/actor.js';

export const IS_PUBLIC = 'oasis:isPublic';

/** Marks a resolver or route that needs no signed-in user (sign-in, refresh, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOWED_PENDING_PASSWORD_CHANGE = 'oasis:allowedPendingPasswordChange';

/** Operations a user may still run while their temporary password waits to be changed. */
export const AllowedPendingPasswordChange = () => SetMetadata(ALLOWED_PENDING_PASSWORD_CHANGE, true);

/** The context every GraphQL operation runs with, over HTTP or WebSocket. */
export interface GqlContext {
  req?: { headers: Record<string, string | string[] | undefined> };
  actor?: Actor;
}

/** The signed-in actor of a REST request, set by the AuthGuard. */
export const CurrentHttpActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentHttpActor used on a public route');
  return actor;
});

/** The signed-in actor, set by the AuthGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = GqlExecutionContext.create(context).getContext<GqlContext>().actor;
  if (!actor) throw new Error('CurrentActor used on a public resolver');
  return actor;
});
