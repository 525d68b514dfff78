import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { FollowUpCase, FollowUpStatus } from './follow-up-case.entity.js';
import { EscalationFilter, EscalationPage, FollowUpCounts, FollowUpFilter, FollowUpPage, RecordOutcomeInput } from './dto/follow-up.input.js';
import { FollowUpService } from './follow-up.service.js';

@Resolver(() => FollowUpCase)
export class FollowUpResolver {
  constructor(private readonly service: FollowUpService) {}

  @Query(() => FollowUpPage, { description: 'Follow-up cases of my institutions: due (soonest first), overdue (longest overdue first) or closed' })
  followUps(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: FollowUpFilter): Promise<FollowUpPage> {
    return this.service.list(actor, filter ?? Object.assign(new FollowUpFilter(), {}));
  }

  @Query(() => FollowUpCounts, { description: 'How many follow-ups of my institutions are due and overdue' })
  followUpCounts(@CurrentActor() actor: Actor): Promise<FollowUpCounts> {
    return this.service.counts(actor);
  }

  @Query(() => FollowUpCase)
  followUpCase(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }, ParseUUIDPipe) id: string): Promise<FollowUpCase> {
    return this.service.get(actor, id);
  }

  @Mutation(() => FollowUpCase, { description: 'Closes a case with its outcome (or adds later pathology to one done); contradicting pathology is refused (PATHOLOGY_CONFLICT)' })
  recordFollowUpOutcome(@CurrentActor() actor: Actor, @Args('input') input: RecordOutcomeInput): Promise<FollowUpCase> {
    return this.service.recordOutcome(actor, input);
  }

  @Query(() => EscalationPage, { description: 'Overdue follow-ups escalated to me, in my institution tree (no patient identity)' })
  followUpEscalations(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: EscalationFilter): Promise<EscalationPage> {
    return this.service.escalations(actor, filter ?? Object.assign(new EscalationFilter(), {}));
  }

  @ResolveField(() => Boolean, { description: 'Open and past its due date' })
  overdue(@Parent() c: FollowUpCase): boolean {
    return c.status === FollowUpStatus.OPEN && c.dueAt.getTime() < Date.now();
  }
}
