import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Inject, ParseUUIDPipe } from '@nestjs/common';
import type { PubSubEngine } from 'graphql-subscriptions';
import { CurrentActor, type GqlContext } from '../common/auth.decorators.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { Consult } from './consult.entity.js';
import { ConsultEvent } from './consult-event.entity.js';
import { ConsultsService } from './consults.service.js';
import { ConsultPage, MyConsultsFilter, PatientSummary, RequestConsultInput, WorklistFilter } from './dto/consult.input.js';
import { WorklistService } from './worklist.service.js';

@Resolver(() => Consult)
export class ConsultsResolver {
  constructor(
    private readonly consults: ConsultsService,
    private readonly worklistService: WorklistService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Mutation(() => Consult, { description: 'Asks a partner hospital’s specialists for a second opinion on a study' })
  requestConsult(@CurrentActor() actor: Actor, @Args('input') input: RequestConsultInput): Promise<Consult> {
    return this.consults.request(actor, input);
  }

  @Query(() => Consult)
  consult(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Consult> {
    return this.consults.read(actor, id);
  }

  @Query(() => [Consult], { description: 'Consults requested from my institutions, newest first' })
  myConsults(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: MyConsultsFilter): Promise<Consult[]> {
    return this.consults.requested(actor, filter ?? Object.assign(new MyConsultsFilter(), {}));
  }

  @Query(() => ConsultPage, { description: 'Open consults offered to my hospitals: most urgent, then highest AI risk, then longest waiting' })
  worklist(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: WorklistFilter): Promise<ConsultPage> {
    return this.worklistService.page(actor, filter ?? Object.assign(new WorklistFilter(), {}));
  }

  @Query(() => [Consult], { description: 'Consults I claimed and have not signed yet (the report may wait for my signature), oldest claim first' })
  myClaimedConsults(@CurrentActor() actor: Actor): Promise<Consult[]> {
    return this.worklistService.claimed(actor);
  }

  @Mutation(() => Consult, { description: 'Takes an offered consult; of two specialists at once, one gets ALREADY_CLAIMED' })
  claimConsult(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Consult> {
    return this.consults.claim(actor, id);
  }

  @Mutation(() => Consult, { description: 'Puts a claimed consult back on the worklist' })
  releaseConsult(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Consult> {
    return this.consults.release(actor, id);
  }

  @Mutation(() => Consult)
  startConsultReview(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Consult> {
    return this.consults.startReview(actor, id);
  }

  @Mutation(() => Consult)
  cancelConsult(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<Consult> {
    return this.consults.cancel(actor, id);
  }

  @ResolveField(() => String, { nullable: true, description: 'Name of the specialist who claimed it' })
  claimedByName(@Parent() consult: Consult): Promise<string | null> {
    return this.consults.displayName(consult.claimedBy);
  }

  @ResolveField(() => PatientSummary, { description: 'Sex and age of the patient, for both sides (the reviewing hospital gets no identity)' })
  patientSummary(@Parent() consult: Consult): Promise<PatientSummary> {
    return this.consults.patientSummary(consult);
  }

  @ResolveField(() => [ConsultEvent], { description: 'Every transition, oldest first: where the case stands and since when' })
  history(@Parent() consult: Consult): Promise<ConsultEvent[]> {
    return this.consults.history(consult.id);
  }

  @Subscription(() => Consult, {
    description: 'Consults I may see, as they are requested, claimed, released, escalated or closed',
    filter(this: ConsultsResolver, payload: { consultChanged: Consult }, _vars: unknown, context: GqlContext) {
      return context.actor ? this.consults.inFeedOf(context.actor, payload.consultChanged) : false;
    },
  })
  consultChanged() {
    return this.pubSub.asyncIterableIterator(Topics.consultChanged);
  }
}

/** The people on a case see each other's names (not their accounts). */
@Resolver(() => ConsultEvent)
export class ConsultEventResolver {
  constructor(private readonly consults: ConsultsService) {}

  @ResolveField(() => String, { nullable: true, description: 'Who made the change; null for the system (timeouts)' })
  actorName(@Parent() event: ConsultEvent): Promise<string | null> {
    return this.consults.displayName(event.actorUserId);
  }
}
