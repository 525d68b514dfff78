import { Inject } from '@nestjs/common';
import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { CurrentActor, type GqlContext } from '../common/auth.decorators.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { BreakGlassGrant } from './break-glass-grant.entity.js';
import { BreakGlassService } from './break-glass.service.js';
import { BreakGlassGrantsFilter, BreakGlassInput } from './dto/break-glass.input.js';

@Resolver(() => BreakGlassGrant)
export class BreakGlassResolver {
  constructor(
    private readonly service: BreakGlassService,
    private readonly policy: PolicyService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Mutation(() => BreakGlassGrant, { description: 'Emergency access to a patient outside one’s scope, with a reason; time-limited, audited and shown to the patient’s admins' })
  breakGlass(@CurrentActor() actor: Actor, @Args('input') input: BreakGlassInput): Promise<BreakGlassGrant> {
    return this.service.grant(actor, input);
  }

  @Query(() => [BreakGlassGrant], { description: 'Emergency accesses to patients of the institutions the admin administers, newest first' })
  breakGlassGrants(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: BreakGlassGrantsFilter): Promise<BreakGlassGrant[]> {
    return this.service.list(actor, filter ?? Object.assign(new BreakGlassGrantsFilter(), {}));
  }

  @Subscription(() => BreakGlassGrant, {
    description: 'New emergency accesses, for the admins who review them',
    filter(this: BreakGlassResolver, payload: { breakGlassGranted: BreakGlassGrant }, _vars: unknown, context: GqlContext) {
      return context.actor ? this.service.canReview(context.actor, payload.breakGlassGranted) : false;
    },
  })
  async breakGlassGranted(@CurrentActor() actor: Actor) {
    await this.policy.listScope(actor, 'break-glass.review', { type: 'break-glass' });
    return this.pubSub.asyncIterableIterator(Topics.breakGlassGranted);
  }
}
