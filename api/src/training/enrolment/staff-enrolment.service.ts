import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { Role } from '../../identity/role.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import type { StaffMember } from '../dto/training.types.js';
import { TrainingAccess } from '../training-access.service.js';

const SEARCH_LIMIT = 20;

/** `trained(id)`: the institutions trainers at $1 (uuid[]) train: their own, and the trees they hold a mandate over. */
export const TRAINED_CTE = `WITH RECURSIVE trained(id) AS (
         SELECT unnest($1::uuid[])
         UNION SELECT m.institution_id FROM training_mandate m WHERE m.trainer_institution_id = ANY ($1::uuid[])
         UNION SELECT i.id FROM institution i JOIN trained t ON i.parent_id = t.id
       )`;

/**
 * Enrolment of one person by the course's trainers: staff of the institutions the trainer's institution trains
 * (its own, and every institution under one it holds a training mandate for). Admins keep `enrol` and CSV.
 */
@Injectable()
export class StaffEnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
  ) {}

  /** Active people the trainer may enrol whose username starts with, or whose name contains, the search. */
  async search(actor: Actor, courseId: string, search: string): Promise<StaffMember[]> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    const text = search.trim().toLowerCase();
    if (text.length < 2) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Type at least two letters of the username or name', { field: 'search' });
    const trainerInstitutions = actor.roles.filter((r) => r.role === Role.TRAINER).map((r) => r.institutionId);
    const like = text.replace(/[\\%_]/g, (c) => `\\${c}`);
    return this.dataSource.query(
      `${TRAINED_CTE}
       SELECT DISTINCT ON (u.username) u.id, u.username, u.display_name AS "displayName", i.name AS "institutionName",
              EXISTS (SELECT 1 FROM enrolment e WHERE e.course_id = $3 AND e.user_id = u.id AND e.status <> 'WITHDRAWN') AS enrolled
       FROM app_user u
       JOIN role_assignment ra ON ra.user_id = u.id JOIN trained t ON t.id = ra.institution_id JOIN institution i ON i.id = ra.institution_id
       WHERE u.active AND (lower(u.username) LIKE $2 || '%' OR lower(u.display_name) LIKE '%' || $2 || '%')
       ORDER BY u.username LIMIT ${SEARCH_LIMIT}`,
      [trainerInstitutions, like, course.id],
    );
  }

  /** Enrols one person; refused (FORBIDDEN, audited, with the reason) when the trainer's institution does not train theirs. */
  async enrol(actor: Actor, courseId: string, userId: string): Promise<StaffMember> {
    const course = await this.access.course(courseId);
    await this.access.authorize(actor, 'training.author', course);
    const places: Array<{ institution_id: string; name: string; username: string; display_name: string; active: boolean }> = await this.dataSource.query(
      `SELECT ra.institution_id, i.name, u.username, u.display_name, u.active
       FROM app_user u JOIN role_assignment ra ON ra.user_id = u.id JOIN institution i ON i.id = ra.institution_id
       WHERE u.id = $1 ORDER BY ra.created_at`,
      [userId],
    );
    if (places.length === 0) throw notFound('User');
    let trainedAt: (typeof places)[number] | undefined;
    for (const place of places) {
      if (await this.policy.can(actor, 'training.enrol-staff', { institutionIds: await this.trainersOf(place.institution_id) })) {
        trainedAt = place;
        break;
      }
    }
    if (!trainedAt) {
      const names = [...new Set(places.map((p) => p.name))].join(', ');
      await this.policy.deny(
        actor,
        'training.enrol-staff',
        { type: 'course', id: course.id },
        `no training mandate of the trainer's institution covers ${names}`,
        places[0]!.institution_id,
        `Your institution does not train the staff of ${names}: ask an admin there to enrol them, or for a training mandate`,
      );
    }
    // Only once the person is the trainer's to enrol: nothing about anyone else's account is told.
    if (!places[0]!.active) throw new AppError(ErrorCode.BAD_USER_INPUT, 'This account is deactivated', { field: 'userId' });
    const enrolled = await this.audit.transaction(async (tx) => {
      const rows: unknown[] = await tx.manager.query(
        `INSERT INTO enrolment (course_id, user_id, institution_id) VALUES ($1, $2, $3)
         ON CONFLICT (course_id, user_id) DO UPDATE SET status = 'ENROLLED' WHERE enrolment.status = 'WITHDRAWN' RETURNING user_id`,
        [course.id, userId, trainedAt!.institution_id],
      );
      await tx.audit({ actor, action: 'training.enrol-staff', resourceType: 'course', resourceId: course.id, institutionId: trainedAt!.institution_id, details: { userId, newly: rows.length > 0 } });
      return rows.length > 0;
    });
    return { id: userId, username: trainedAt!.username, displayName: trainedAt!.display_name, institutionName: trainedAt!.name, enrolled: true, newlyEnrolled: enrolled };
  }

  /** The institutions whose trainers train staff of this one: itself, and holders of a mandate over it or an institution above it. */
  async trainersOf(institutionId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `WITH RECURSIVE up(id) AS (
         SELECT $1::uuid UNION SELECT i.parent_id FROM institution i JOIN up ON i.id = up.id WHERE i.parent_id IS NOT NULL
       )
       SELECT $1::uuid AS id UNION SELECT m.trainer_institution_id FROM training_mandate m JOIN up ON up.id = m.institution_id`,
      [institutionId],
    );
    return rows.map((r) => r.id);
  }
}
