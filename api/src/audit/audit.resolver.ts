import { Inject } from '@nestjs/common';
import { Args, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { CurrentActor, type GqlContext } from '../common/auth.decorators.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditQueryService } from './audit-query.service.js';
import { AuditEventPage, AuditEventsFilter } from './dto/audit-events.input.js';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(
    private readonly auditQuery: AuditQueryService,
    private readonly policy: PolicyService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Query(() => AuditEventPage, { description: 'Newest first' })
  auditEvents(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: AuditEventsFilter): Promise<AuditEventPage> {
    return this.auditQuery.list(actor, filter ?? Object.assign(new AuditEventsFilter(), {}));
  }

  @Subscription(() => AuditEvent, {
    description: 'Live audit trail for admins, limited to what they may read',
    filter(this: AuditResolver, payload: { auditEventRecorded: AuditEvent }, _vars: unknown, context: GqlContext) {
      return context.actor ? this.auditQuery.canSee(context.actor, payload.auditEventRecorded) : false;
    },
  })
  async auditEventRecorded(@CurrentActor() actor: Actor) {
    await this.policy.listScope(actor, 'audit.read', { type: 'audit' });
    return this.pubSub.asyncIterableIterator(Topics.auditEventRecorded);
  }
}
