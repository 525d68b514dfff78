import { Inject, ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CurrentActor } from '../common/auth.decorators.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { StudiesService } from '../imaging/studies.service.js';
import { StudyImage } from '../imaging/study-image.entity.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { InferenceStatus } from './dto/inference-status.type.js';
import { InferenceEngine } from './inference-engine.service.js';
import { ModelRegistryService } from './model-registry.service.js';
import { ModelVersion } from './model-version.entity.js';
import { PreRead } from './pre-read.entity.js';
import { PreReadQueue } from './pre-read-queue.service.js';

@Resolver(() => StudyImage)
export class AiResolver {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly registry: ModelRegistryService,
    private readonly engine: InferenceEngine,
    private readonly queue: PreReadQueue,
    private readonly policy: PolicyService,
    private readonly studies: StudiesService,
  ) {}

  @Query(() => [ModelVersion])
  async modelVersions(@CurrentActor() actor: Actor): Promise<ModelVersion[]> {
    await this.policy.authorize(actor, 'model.read', {}, { type: 'model' });
    return this.registry.list();
  }

  @Mutation(() => ModelVersion, { description: 'Makes a version its region’s active model; activating an older one rolls back' })
  activateModelVersion(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<ModelVersion> {
    return this.registry.activate(actor, id);
  }

  @Query(() => InferenceStatus)
  async inferenceStatus(@CurrentActor() actor: Actor): Promise<InferenceStatus> {
    await this.policy.authorize(actor, 'model.read', {}, { type: 'model' });
    const status = await this.engine.status();
    return { ...status, queueDepth: await this.queue.depth(), mode: this.config.inferenceMode };
  }

  @ResolveField(() => PreRead, { nullable: true, description: 'The AI second opinion on this image (latest)' })
  preRead(@Parent() image: StudyImage): Promise<PreRead | null> {
    return this.dataSource.getRepository(PreRead).findOne({ where: { imageId: image.id }, order: { queuedAt: 'DESC' } });
  }

  @Subscription(() => PreRead, {
    description: 'Pre-reads of a study as they complete or fail',
    filter: (payload: { preReadUpdated: PreRead }, variables: { studyId: string }) => payload.preReadUpdated.studyId === variables.studyId,
  })
  async preReadUpdated(@CurrentActor() actor: Actor, @Args('studyId', { type: () => ID }, ParseUUIDPipe) studyId: string) {
    await this.studies.getFor(actor, studyId);
    return this.pubSub.asyncIterableIterator(Topics.preReadUpdated);
  }
}

