import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { CreateInstitutionInput, InstitutionsFilter, UpdateInstitutionInput } from './dto/institution.input.js';
import { Institution } from './institution.entity.js';
import { InstitutionsService } from './institutions.service.js';

@Resolver(() => Institution)
export class InstitutionsResolver {
  constructor(private readonly service: InstitutionsService) {}

  @Query(() => [Institution])
  institutions(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: InstitutionsFilter): Promise<Institution[]> {
    return this.service.list(actor, filter);
  }

  @Query(() => Institution)
  institution(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Institution> {
    return this.service.get(actor, id);
  }

  @Mutation(() => Institution)
  createInstitution(@CurrentActor() actor: Actor, @Args('input') input: CreateInstitutionInput): Promise<Institution> {
    return this.service.create(actor, input);
  }

  @Mutation(() => Institution)
  updateInstitution(@CurrentActor() actor: Actor, @Args('input') input: UpdateInstitutionInput): Promise<Institution> {
    return this.service.update(actor, input);
  }

  @Mutation(() => Institution, { description: 'Deactivated institutions keep their records but take no new users' })
  setInstitutionActive(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }, ParseUUIDPipe) id: string,
    @Args('active') active: boolean,
  ): Promise<Institution> {
    return this.service.setActive(actor, id, active);
  }
}
