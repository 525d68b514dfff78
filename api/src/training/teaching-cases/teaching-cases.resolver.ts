import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { TeachingCase } from './teaching-case.entity.js';
import { TeachingCasesService } from './teaching-cases.service.js';

@Resolver(() => TeachingCase)
export class TeachingCasesResolver {
  constructor(private readonly cases: TeachingCasesService) {}

  @Mutation(() => TeachingCase, { description: 'A de-identified copy of a study image you may read, for lessons and questions' })
  createTeachingCase(@CurrentActor() actor: Actor, @Args('imageId', { type: () => ID }, ParseUUIDPipe) imageId: string): Promise<TeachingCase> {
    return this.cases.create(actor, imageId);
  }
}
