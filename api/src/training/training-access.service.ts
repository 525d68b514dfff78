import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import type { Action } from '../policy/access-rules.js';
import { PolicyService } from '../policy/policy.service.js';
import { Course } from './courses/course.entity.js';
import { Enrolment } from './enrolment/enrolment.entity.js';
import { EnrolmentStatus } from './training-enums.js';

/** Loads courses and answers the training questions of access: author, staff (reports), enrolled trainee. */
@Injectable()
export class TrainingAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async course(id: string): Promise<Course> {
    const course = await this.dataSource.getRepository(Course).findOneBy({ id });
    if (!course) throw notFound('Course');
    return course;
  }

  /** Throws FORBIDDEN (audited) unless the actor may do `action` on the course's institution. */
  async authorize(actor: Actor, action: Action, course: Course): Promise<void> {
    await this.policy.authorize(actor, action, { institutionIds: [course.institutionId] }, { type: 'course', id: course.id });
  }

  can(actor: Actor, action: Action, course: Course): Promise<boolean> {
    return this.policy.can(actor, action, { institutionIds: [course.institutionId] });
  }

  /** Trainers of the course's institution and admins above it see everything about it. */
  isStaff(actor: Actor, course: Course): Promise<boolean> {
    return this.can(actor, 'training.report', course);
  }

  async enrolment(userId: string, courseId: string): Promise<Enrolment | null> {
    return this.dataSource.getRepository(Enrolment).findOneBy({ courseId, userId });
  }

  /** The actor's active enrolment, or NOT_ENROLLED. */
  async assertEnrolled(actor: Actor, course: Course): Promise<Enrolment> {
    await this.policy.authorize(actor, 'training.take', {}, { type: 'course', id: course.id });
    const enrolment = await this.enrolment(actor.userId, course.id);
    if (!enrolment || enrolment.status === EnrolmentStatus.WITHDRAWN) throw new AppError(ErrorCode.NOT_ENROLLED, 'You are not enrolled in this course');
    return enrolment;
  }

  /** Staff, or an enrolled trainee of a published course, may read it. */
  async assertReadable(actor: Actor, course: Course): Promise<void> {
    if (await this.policy.can(actor, 'training.catalogue-all', {})) return;
    if (course.published) return;
    const enrolment = await this.enrolment(actor.userId, course.id);
    if (!enrolment) throw notFound('Course');
  }
}
