import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AllowedPendingPasswordChange, CurrentActor, Public } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { AuthService } from './auth.service.js';
import { AuthPayload } from './dto/auth-payload.type.js';
import { ChangePasswordInput, RefreshSessionInput, SignInInput } from './dto/auth.input.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Mutation(() => AuthPayload)
  signIn(@Args('input') input: SignInInput): Promise<AuthPayload> {
    return this.auth.signIn(input.username, input.password);
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Exchanges a refresh token for a new access and refresh token' })
  refreshSession(@Args('input') input: RefreshSessionInput): Promise<AuthPayload> {
    return this.auth.refresh(input.refreshToken);
  }

  @AllowedPendingPasswordChange()
  @Mutation(() => Boolean, { description: 'Ends this session: its access and refresh tokens stop working at once' })
  async signOut(@CurrentActor() actor: Actor): Promise<boolean> {
    await this.auth.signOut(actor);
    return true;
  }

  @AllowedPendingPasswordChange()
  @Query(() => User)
  me(@CurrentActor() actor: Actor): Promise<User> {
    return this.users.me(actor);
  }

  @AllowedPendingPasswordChange()
  @Mutation(() => User)
  changeMyPassword(@CurrentActor() actor: Actor, @Args('input') input: ChangePasswordInput): Promise<User> {
    return this.users.changeOwnPassword(actor, input.currentPassword, input.newPassword);
  }
}
