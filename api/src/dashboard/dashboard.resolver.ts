import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../common/auth.decorators.js';
import type { Actor } from '../policy/actor.js';
import { DashboardService } from './dashboard.service.js';
import { DashboardFilter, ProgrammeDashboard } from './dto/dashboard.types.js';

@Resolver()
export class DashboardResolver {
  constructor(private readonly dashboard: DashboardService) {}

  @Query(() => ProgrammeDashboard, { description: 'The screening programme’s figures for my tree (admins) or my institution (clinicians, trainers), per institution and month' })
  programmeDashboard(@CurrentActor() actor: Actor, @Args('filter', { nullable: true }) filter?: DashboardFilter): Promise<ProgrammeDashboard> {
    return this.dashboard.dashboard(actor, filter ?? {});
  }
}
