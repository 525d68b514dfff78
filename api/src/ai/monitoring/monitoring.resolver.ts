import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import { LesionOutcome } from '../../follow-up/dto/follow-up.input.js';
import type { Actor } from '../../policy/actor.js';
import { MonitoringFilter, SiteMonitoring } from './dto/monitoring.types.js';
import { MonitoringService } from './monitoring.service.js';

@Resolver()
export class MonitoringResolver {
  constructor(private readonly monitoring: MonitoringService) {}

  @Query(() => [SiteMonitoring], { description: 'Each model version at each site of my tree: agreement with specialists, the alert rule, sensitivity/specificity from pathology; flagged first' })
  modelMonitoring(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: MonitoringFilter): Promise<SiteMonitoring[]> {
    return this.monitoring.sites(actor, filter ?? {});
  }

  @Query(() => [SiteMonitoring], { description: 'Only the sites where the agreement or the sensitivity alert fired' })
  async modelAlerts(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: MonitoringFilter): Promise<SiteMonitoring[]> {
    return (await this.monitoring.sites(actor, filter ?? {})).filter((s) => s.alert || s.sensitivityAlert);
  }

  @Query(() => [LesionOutcome], { description: 'Pathology results per lesion with the model’s call: the ground truth, per model version and site' })
  lesionOutcomes(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: MonitoringFilter): Promise<LesionOutcome[]> {
    return this.monitoring.lesionOutcomes(actor, filter ?? {});
  }
}
