import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { CreateStudyInput, StudiesFilter } from './dto/study.input.js';
import { StudiesService } from './studies.service.js';
import { StudyImage } from './study-image.entity.js';
import { Study } from './study.entity.js';

@Resolver(() => Study)
export class StudiesResolver {
  constructor(
    private readonly service: StudiesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

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

  /** Loaded with the study where it was read; fetched for a study just created or imported. */
  @ResolveField(() => [StudyImage])
  images(@Parent() study: Study): Promise<StudyImage[]> | StudyImage[] {
    return study.images ?? this.dataSource.getRepository(StudyImage).find({ where: { studyId: study.id }, order: { createdAt: 'ASC', frameIndex: 'ASC' } });
  }
}
