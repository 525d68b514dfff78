import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { notFound } from '../../common/app-error.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import type { Course } from '../courses/course.entity.js';
import { TrainingAccess } from '../training-access.service.js';
import { EnrolmentStatus } from '../training-enums.js';
import { StaffEnrolmentService } from './staff-enrolment.service.js';

/**
 * Self-enrolment: the course's trainers open a published course to an institution their institute trains;
 * anyone with a role there or in an institution under it enrols themselves. A withdrawal by staff stands.
 */
@Injectable()
export class SelfEnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly staff: StaffEnrolmentService,
  ) {}

  /** Opens the course to an institution's tree (or closes it, null); the institution must be one the trainer trains. */
  async open(actor: Actor, courseId: string, institutionId: string | null): Promise<Course> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    if (institutionId) {
      const [institution]: Array<{ name: string }> = await this.dataSource.query(`SELECT name FROM institution WHERE id = $1`, [institutionId]);
      if (!institution) throw notFound('Institution');
      if (!(await this.policy.can(actor, 'training.enrol-staff', { institutionIds: await this.staff.trainersOf(institutionId) }))) {
        await this.policy.deny(
          actor,
          'training.enrol-staff',
          { type: 'course', id: course.id },
          `no training mandate of the trainer's institution covers ${institution.name}`,
          institutionId,
          `Your institution does not train the staff of ${institution.name}: the course can be opened only to institutions it trains`,
        );
      }
    }
    await this.audit.transaction(async (tx) => {
      await tx.manager.query(`UPDATE course SET self_enrol_institution_id = $2 WHERE id = $1`, [course.id, institutionId]);
      await tx.audit({ actor, action: 'training.self-enrol-open', resourceType: 'course', resourceId: course.id, institutionId: course.institutionId, details: { openTo: institutionId } });
    });
    return this.access.course(course.id);
  }

  /** The institution the actor would be enrolled at: the first of theirs inside the tree the course is open to. */
  async placeFor(actor: Actor, course: Course): Promise<string | null> {
    if (!course.published || !course.selfEnrolInstitutionId) return null;
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH RECURSIVE tree(id) AS (
         SELECT $1::uuid UNION SELECT i.id FROM institution i JOIN tree t ON i.parent_id = t.id
       )
       SELECT ra.institution_id AS id FROM role_assignment ra JOIN tree t ON t.id = ra.institution_id
       WHERE ra.user_id = $2 ORDER BY ra.created_at LIMIT 1`,
      [course.selfEnrolInstitutionId, actor.userId],
    );
    return rows[0]?.id ?? null;
  }

  /** Whether the actor may enrol themselves now: open to them, and not enrolled (or withdrawn) already. */
  async canEnrol(actor: Actor, course: Course): Promise<boolean> {
    return !(await this.access.enrolment(actor.userId, course.id)) && (await this.placeFor(actor, course)) !== null;
  }

  async enrol(actor: Actor, courseId: string): Promise<Course> {
    const course = await this.access.course(courseId);
    await this.policy.authorize(actor, 'training.take', {}, { type: 'course', id: course.id });
    await this.access.assertReadable(actor, course);
    const existing = await this.access.enrolment(actor.userId, course.id);
    if (existing?.status === EnrolmentStatus.WITHDRAWN) {
      await this.policy.deny(actor, 'training.take', { type: 'course', id: course.id }, 'withdrawn from the course by staff', existing.institutionId, 'You were withdrawn from this course: ask your trainer to enrol you again');
    }
    if (existing) return course;
    const place = await this.placeFor(actor, course);
    if (!place) {
      await this.policy.deny(
        actor,
        'training.take',
        { type: 'course', id: course.id },
        'the course is not open for self-enrolment to any institution of the actor',
        course.institutionId,
        'This course is not open for self-enrolment to your institution: ask your trainer to enrol you',
      );
    }
    await this.audit.transaction(async (tx) => {
      await tx.manager.query(`INSERT INTO enrolment (course_id, user_id, institution_id) VALUES ($1, $2, $3) ON CONFLICT (course_id, user_id) DO NOTHING`, [course.id, actor.userId, place]);
      await tx.audit({ actor, action: 'training.self-enrol', resourceType: 'course', resourceId: course.id, institutionId: place });
    });
    return course;
  }
}
