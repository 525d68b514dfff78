import { Inject, ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { roomKey } from '#contracts/protocol/join-token.js';
import { CurrentActor, type GqlContext } from '../common/auth.decorators.js';
import { Consult } from '../consults/consult.entity.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { AttendanceService } from './attendance.service.js';
import { type CallInvitationEvent, CallsService } from './calls.service.js';
import { CallInvitation, CallJoin, CallSummary } from './dto/call-join.type.js';

@Resolver(() => Consult)
export class CallsResolver {
  constructor(
    private readonly calls: CallsService,
    private readonly attendance: AttendanceService,
    private readonly policy: PolicyService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Mutation(() => CallJoin, { description: 'Starts or joins the video call of a consult (requesting clinicians and the claiming specialist)' })
  consultCallJoin(@CurrentActor() actor: Actor, @Args('consultId', { type: () => ID }, ParseUUIDPipe) consultId: string): Promise<CallJoin> {
    return this.calls.joinConsultCall(actor, consultId);
  }

  @ResolveField(() => CallSummary, { nullable: true, description: 'Null until someone has joined the call' })
  async call(@Parent() consult: Consult): Promise<CallSummary | null> {
    const summary = await this.attendance.callSummary(roomKey('consult', consult.id));
    return summary.startedAt ? summary : null;
  }

  @Subscription(() => CallInvitation, {
    description: 'Someone else on one of my consults started or joined its call',
    filter(this: CallsResolver, payload: CallInvitationEvent, _vars: unknown, context: GqlContext) {
      const actor = context.actor;
      return actor && actor.userId !== payload.fromUserId ? this.policy.can(actor, 'consult.call', payload.target) : false;
    },
    resolve: (payload: CallInvitationEvent) => payload.callInvited,
  })
  callInvited() {
    return this.pubSub.asyncIterableIterator(Topics.callInvited);
  }
}
