import { ParseUUIDPipe } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '../../common/auth.decorators.js';
import type { Actor } from '../../policy/actor.js';
import { EnrolmentReport } from './enrolment-report.entity.js';
import { EnrolmentImportService } from './enrolment-import.service.js';
import { StaffMember, TrainingMandate } from '../dto/training.types.js';
import { TrainingMandatesService } from './training-mandates.service.js';
import { StaffEnrolmentService } from './staff-enrolment.service.js';
import { SelfEnrolmentService } from './self-enrolment.service.js';
import { Course } from '../courses/course.entity.js';

@Resolver(() => EnrolmentReport)
export class EnrolmentsResolver {
  constructor(
    private readonly imports: EnrolmentImportService,
    private readonly staff: StaffEnrolmentService,
    private readonly mandates: TrainingMandatesService,
    private readonly selfEnrolment: SelfEnrolmentService,
  ) {}

  @Mutation(() => Course, { description: 'The course’s trainers open it for self-enrolment to an institution they train and those under it (null: close it); otherwise FORBIDDEN with the reason' })
  setSelfEnrolment(
    @CurrentActor() actor: Actor,
    @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string,
    @Args('institutionId', { type: () => ID, nullable: true }, new ParseUUIDPipe({ optional: true })) institutionId: string | null,
  ): Promise<Course> {
    return this.selfEnrolment.open(actor, courseId, institutionId ?? null);
  }

  @Mutation(() => Course, { description: 'Enrols the caller in a course open to their institution; otherwise FORBIDDEN with the reason' })
  enrolMyself(@CurrentActor() actor: Actor, @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string): Promise<Course> {
    return this.selfEnrolment.enrol(actor, courseId);
  }

  @Query(() => [TrainingMandate], { description: 'Training mandates over the institutions the admin administers' })
  trainingMandates(@CurrentActor() actor: Actor): Promise<TrainingMandate[]> {
    return this.mandates.list(actor);
  }

  @Mutation(() => Boolean, { description: 'Admins of the trained institution grant (or withdraw, granted: false) a training institute’s mandate over its tree' })
  setTrainingMandate(
    @CurrentActor() actor: Actor,
    @Args('trainerInstitutionId', { type: () => ID }, ParseUUIDPipe) trainerInstitutionId: string,
    @Args('institutionId', { type: () => ID }, ParseUUIDPipe) institutionId: string,
    @Args('granted') granted: boolean,
  ): Promise<boolean> {
    return this.mandates.set(actor, trainerInstitutionId, institutionId, granted);
  }

  @Query(() => [StaffMember], { description: 'The course’s trainers: people of institutions they train, by username (prefix) or name (part)' })
  trainableStaff(@CurrentActor() actor: Actor, @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string, @Args('search') search: string): Promise<StaffMember[]> {
    return this.staff.search(actor, courseId, search);
  }

  @Mutation(() => StaffMember, { description: 'The course’s trainers enrol one person of an institution they train; otherwise FORBIDDEN with the reason' })
  enrolStaff(@CurrentActor() actor: Actor, @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string, @Args('userId', { type: () => ID }, ParseUUIDPipe) userId: string): Promise<StaffMember> {
    return this.staff.enrol(actor, courseId, userId);
  }

  @Query(() => [EnrolmentReport], { description: 'CSV imports of a course, newest first (admins, the course’s trainers)' })
  enrolmentReports(@CurrentActor() actor: Actor, @Args('courseId', { type: () => ID }, ParseUUIDPipe) courseId: string): Promise<EnrolmentReport[]> {
    return this.imports.reports(actor, courseId);
  }
}
