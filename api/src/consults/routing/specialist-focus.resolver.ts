import { ParseUUIDPipe } from '@nestjs/common';
import { Args, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { User } from '../../identity/user.entity.js';
import type { Actor } from '../../policy/actor.js';
import { SpecialistFocusService } from './specialist-focus.service.js';

@ObjectType({ description: 'A specialist a township doctor may name as preferred reader of a consult' })
export class PartnerSpecialist {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;

  @Field(() => ID)
  institutionId: string;

  @Field(() => [AnatomicalRegion], { description: 'Regions they read; empty means all' })
  focus: AnatomicalRegion[];
}

@Resolver(() => User)
export class SpecialistFocusResolver {
  constructor(private readonly focus: SpecialistFocusService) {}

  @ResolveField(() => [AnatomicalRegion], { description: 'Regions this specialist reads (consults of other regions are not routed to them); empty means all' })
  focusRegions(@Parent() user: User): Promise<AnatomicalRegion[]> {
    return this.focus.regionsOf(user.id);
  }

  @Mutation(() => [AnatomicalRegion], { description: 'Sets the regions a specialist reads (admins of their institution, or the specialist)' })
  setSpecialistFocus(
    @CurrentActor() actor: Actor,
    @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string,
    @Args('regions', { type: () => [AnatomicalRegion] }) regions: AnatomicalRegion[],
  ): Promise<AnatomicalRegion[]> {
    return this.focus.set(actor, userId, regions);
  }

  @Query(() => [PartnerSpecialist], { description: 'Specialists at the hospitals this institution refers to' })
  partnerSpecialists(@CurrentActor() actor: Actor, @Args('institutionId', { type: () => ID }, ParseUUIDPipe) institutionId: string) {
    return this.focus.partnerSpecialists(actor, institutionId);
  }
}
