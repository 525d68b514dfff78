import { Inject, ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import type { PubSubEngine } from 'graphql-subscriptions';
import { CurrentActor, type GqlContext } from '../../common/auth.decorators.js';
import { PUB_SUB, Topics } from '../../events/pubsub.js';
import type { Actor } from '../../policy/actor.js';
import { Consult } from '../consult.entity.js';
import { ConsultMessage } from '../consult-message.entity.js';
import { ConsultsService } from '../consults.service.js';
import { ConsultAccessService } from '../routing/consult-access.service.js';
import { ConsultReport } from './consult-report.entity.js';
import { PostMessageInput, ReportVerification, SaveReportInput, SignReportInput } from './dto/report.input.js';
import { ReportsService } from './reports.service.js';

@Resolver(() => Consult)
export class ReportsResolver {
  constructor(
    private readonly reports: ReportsService,
    private readonly consults: ConsultsService,
    private readonly access: ConsultAccessService,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
  ) {}

  @Mutation(() => ConsultReport, { description: 'Saves the draft report (the claiming specialist, while in review or amended)' })
  saveConsultReport(@CurrentActor() actor: Actor, @Args('input') input: SaveReportInput): Promise<ConsultReport> {
    return this.reports.saveDraft(actor, input);
  }

  @Mutation(() => Consult, { description: 'Marks the report complete (REPORTED); signing follows' })
  submitConsultReport(@CurrentActor() actor: Actor, @Args('consultId', { type: () => ID }, ParseUUIDPipe) consultId: string): Promise<Consult> {
    return this.reports.submit(actor, consultId);
  }

  @Mutation(() => ConsultReport, { description: 'Renders the draft as it would be signed (PDF at /reports/:id/preview); answers its content hash' })
  previewConsultReport(
    @CurrentActor() actor: Actor,
    @Args('consultId', { type: () => ID }, ParseUUIDPipe) consultId: string,
    @Args('language', { type: () => String, nullable: true, description: 'zh, ug or en; the specialist’s own by default' }) language?: string | null,
  ): Promise<ConsultReport> {
    return this.reports.preview(actor, consultId, language);
  }

  @Mutation(() => ConsultReport, { description: 'Signs the last preview after the password is asked again: immutable from then on' })
  signConsultReport(@CurrentActor() actor: Actor, @Args('input') input: SignReportInput): Promise<ConsultReport> {
    return this.reports.sign(actor, input);
  }

  @Mutation(() => ConsultReport, { description: 'Opens a new version of a signed report; the signed one is kept as it was' })
  amendConsultReport(@CurrentActor() actor: Actor, @Args('consultId', { type: () => ID }, ParseUUIDPipe) consultId: string): Promise<ConsultReport> {
    return this.reports.amend(actor, consultId);
  }

  @Query(() => ReportVerification, { description: 'Whether a signed report and its PDF are unchanged since signing' })
  verifyConsultReport(@CurrentActor() actor: Actor, @Args('reportId', { type: () => ID }, ParseUUIDPipe) reportId: string): Promise<ReportVerification> {
    return this.reports.verify(actor, reportId);
  }

  @Mutation(() => ConsultMessage)
  postConsultMessage(@CurrentActor() actor: Actor, @Args('input') input: PostMessageInput): Promise<ConsultMessage> {
    return this.reports.postMessage(actor, input);
  }

  @ResolveField(() => [ConsultReport], { description: 'Every version, oldest first; PDFs at /reports/:id/pdf' })
  reportVersions(@CurrentActor() actor: Actor, @Parent() consult: Consult): Promise<ConsultReport[]> {
    return this.reports.reportsOf(actor, consult);
  }

  @ResolveField(() => [ConsultMessage])
  async messages(@CurrentActor() actor: Actor, @Parent() consult: Consult): Promise<ConsultMessage[]> {
    await this.consults.auditRead(actor, consult);
    return this.reports.messagesOf(consult.id);
  }

  @Subscription(() => ConsultMessage, {
    description: 'New messages on a consult',
    filter(this: ReportsResolver, payload: { consultMessagePosted: ConsultMessage; consult: Consult }, variables: { consultId: string }, context: GqlContext) {
      return payload.consultMessagePosted.consultId === variables.consultId && !!context.actor && this.access.mayRead(context.actor, payload.consult);
    },
  })
  async consultMessagePosted(@CurrentActor() actor: Actor, @Args('consultId', { type: () => ID }, ParseUUIDPipe) consultId: string) {
    await this.consults.get(actor, consultId);
    return this.pubSub.asyncIterableIterator(Topics.consultMessagePosted);
  }
}
