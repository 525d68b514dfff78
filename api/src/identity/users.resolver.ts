import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { CreateUserInput, ResetPasswordInput, RoleInput, UpdateUserInput, UserPage, UsersFilter } from './dto/user.input.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @ResolveField(() => String, { nullable: true })
  phone(@Parent() user: User): Promise<string | null> {
    return this.service.phoneOf(user);
  }

  @Query(() => UserPage)
  users(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: UsersFilter): Promise<UserPage> {
    return this.service.list(actor, filter ?? Object.assign(new UsersFilter(), {}));
  }

  @Query(() => User)
  user(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<User> {
    return this.service.get(actor, id);
  }

  @Mutation(() => User)
  createUser(@CurrentActor() actor: Actor, @Args('input') input: CreateUserInput): Promise<User> {
    return this.service.create(actor, input);
  }

  @Mutation(() => User)
  updateUser(@CurrentActor() actor: Actor, @Args('input') input: UpdateUserInput): Promise<User> {
    return this.service.update(actor, input);
  }

  @Mutation(() => User, { description: 'Deactivated users cannot sign in; their sessions end and their history stays' })
  setUserActive(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string, @Args('active') active: boolean): Promise<User> {
    return this.service.setActive(actor, id, active);
  }

  @Mutation(() => User)
  assignRole(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string, @Args('role') role: RoleInput): Promise<User> {
    return this.service.assignRole(actor, userId, role);
  }

  @Mutation(() => User)
  revokeRole(@CurrentActor() actor: Actor, @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string, @Args('role') role: RoleInput): Promise<User> {
    return this.service.revokeRole(actor, userId, role);
  }

  @Mutation(() => User, { description: 'Sets a temporary password, ends the user’s sessions and clears any lock-out' })
  resetUserPassword(@CurrentActor() actor: Actor, @Args('input') input: ResetPasswordInput): Promise<User> {
    return this.service.resetPassword(actor, input);
  }

  @Mutation(() => User)
  unlockUser(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<User> {
    return this.service.unlock(actor, id);
  }
}
