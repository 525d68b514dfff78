import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { CreateStudyInput, StudiesFilter } from './dto/study.input.js';
import { StudiesService } from './studies.service.js';
import { Study } from './study.entity.js';

@Resolver(() => Study)
export class StudiesResolver {
  constructor(private readonly service: StudiesService) {}

  @Mutation(() => Study, { description: 'Opens a study; images are then sent to the resumable /uploads endpoint' })
  createStudy(@CurrentActor() actor: Actor, @Args('input') input: CreateStudyInput): Promise<Study> {
    return this.service.create(actor, input);
  }

  @Query(() => Study)
  study(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Study> {
    return this.service.getFor(actor, id);
  }

  @Query(() => [Study], { description: 'At most 50, newest first' })
  studies(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: StudiesFilter): Promise<Study[]> {
    return this.service.list(actor, filter ?? {});
  }
}
