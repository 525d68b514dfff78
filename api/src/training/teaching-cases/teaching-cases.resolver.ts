import { ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import type { Box } from '../deidentify/text-boxes.js';
import { ConfirmedOutcomeCase, TeachingCaseBlanking } from '../dto/training.types.js';
import { TeachingCase } from './teaching-case.entity.js';
import { TeachingCasesService } from './teaching-cases.service.js';

@Resolver(() => TeachingCase)
export class TeachingCasesResolver {
  constructor(private readonly cases: TeachingCasesService) {}

  @Query(() => [TeachingCase], { description: 'The newest teaching cases, to pick one for a lesson or question' })
  teachingCases(@CurrentActor() actor: Actor, @Args('limit', { type: () => Int, defaultValue: 50 }, new ParseIntPipe()) limit: number): Promise<TeachingCase[]> {
    return this.cases.list(actor, Math.min(Math.max(limit, 1), 200));
  }

  @Mutation(() => TeachingCase, { description: 'A de-identified copy of a study image you may read, for lessons and questions' })
  createTeachingCase(
    @CurrentActor() actor: Actor,
    @Args('imageId', { type: () => ID }, ParseUUIDPipe) imageId: string,
    @Args('blankBoxes', { type: () => [[Int]], nullable: true, description: 'The boxes to blank, as checked on teachingCaseBlanking (instead of those found)' }) blankBoxes?: number[][] | null,
  ): Promise<TeachingCase> {
    return this.cases.create(actor, imageId, (blankBoxes ?? undefined) as Box[] | undefined);
  }

  @Query(() => TeachingCaseBlanking, { description: 'What making a teaching case of this image would blank (a study image you may read)' })
  teachingCaseBlanking(@CurrentActor() actor: Actor, @Args('imageId', { type: () => ID }, ParseUUIDPipe) imageId: string): Promise<TeachingCaseBlanking> {
    return this.cases.blanking(actor, imageId);
  }

  @Query(() => [ConfirmedOutcomeCase], { description: 'Follow-up cases with a pathology outcome at institutions my institution trains, newest first (no patient identity)' })
  confirmedOutcomeCases(@CurrentActor() actor: Actor, @Args('limit', { type: () => Int, defaultValue: 50 }, new ParseIntPipe()) limit: number): Promise<ConfirmedOutcomeCase[]> {
    return this.cases.confirmedOutcomes(actor, Math.min(Math.max(limit, 1), 200));
  }

  @Mutation(() => TeachingCase, { description: 'A de-identified teaching case from a follow-up case with a pathology outcome, carrying the confirmed diagnosis; NO_PATHOLOGY_OUTCOME without one' })
  createTeachingCaseFromFollowUp(@CurrentActor() actor: Actor, @Args('followUpCaseId', { type: () => ID }, ParseUUIDPipe) followUpCaseId: string): Promise<TeachingCase> {
    return this.cases.createFromFollowUp(actor, followUpCaseId);
  }
}
