import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { EnrolmentReport } from './enrolment-report.entity.js';
import { EnrolmentImportService } from './enrolment-import.service.js';

@Resolver(() => EnrolmentReport)
export class EnrolmentsResolver {
  constructor(private readonly imports: EnrolmentImportService) {}

  @Query(() => [EnrolmentReport], { description: 'CSV imports of a course, newest first (admins, the course’s trainers)' })
  enrolmentReports(@CurrentActor() actor: Actor, @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string): Promise<EnrolmentReport[]> {
    return this.imports.reports(actor, courseId);
  }
}
