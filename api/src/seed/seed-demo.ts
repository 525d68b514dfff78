import type { DataSource } from 'typeorm';
import { AuditEvent, AuditOutcome } from '../audit/audit-event.entity.js';
import { Partnership } from '../consults/partnership.entity.js';
import { Institution, InstitutionType } from '../identity/institution.entity.js';
import { PasswordService } from '../identity/password.service.js';
import { RoleAssignment } from '../identity/role-assignment.entity.js';
import { User } from '../identity/user.entity.js';
import { seedDemoCourse } from '../training/courses/demo-course.js';
import { DEMO_INSTITUTIONS, DEMO_PREFECTURE, DEMO_USERS } from './demo-region.js';

/** Creates the demo region if it is missing (idempotent), in one transaction. Returns whether it wrote anything. */
export async function seedDemo(dataSource: DataSource, passwords = new PasswordService()): Promise<boolean> {
  const hashes = await Promise.all(DEMO_USERS.map((u) => passwords.hash(u.password)));
  return dataSource.transaction(async (manager) => {
    if (await manager.existsBy(Institution, { code: DEMO_INSTITUTIONS[0].code })) return false;
    const ids = new Map<string, string>();
    for (const spec of DEMO_INSTITUTIONS) {
      const saved = await manager.save(Institution, {
        code: spec.code,
        name: spec.name,
        type: spec.type,
        prefecture: DEMO_PREFECTURE,
        county: spec.county,
        parentId: spec.parent ? ids.get(spec.parent)! : null,
      });
      ids.set(spec.code, saved.id);
    }
    // Every township centre and county hospital refers to the prefecture hospital.
    const hospital = ids.get(DEMO_INSTITUTIONS[0].code)!;
    for (const spec of DEMO_INSTITUTIONS.filter((i) => i.parent !== null && i.type !== InstitutionType.TRAINING_INSTITUTE)) {
      await manager.save(Partnership, { fromInstitutionId: ids.get(spec.code)!, toInstitutionId: hospital, priority: 1 });
    }
    const userIds = new Map<string, string>();
    for (const [i, spec] of DEMO_USERS.entries()) {
      const user = await manager.save(User, {
        username: spec.username,
        displayName: spec.displayName,
        locale: spec.locale,
        passwordHash: hashes[i],
        mustChangePassword: false,
      });
      userIds.set(spec.username, user.id);
      await manager.save(RoleAssignment, { userId: user.id, role: spec.role, institutionId: ids.get(spec.institution)! });
    }
    // The training institute trains the whole region (everything under the prefecture hospital).
    await manager.query(`INSERT INTO training_mandate (trainer_institution_id, institution_id) VALUES ($1, $2)`, [ids.get('KS-TI')!, hospital]);
    const trainer = DEMO_USERS.find((u) => u.username === 'trainer')!;
    const trainee = DEMO_USERS.find((u) => u.username === 'trainee')!;
    await seedDemoCourse(manager, {
      institutionId: ids.get(trainer.institution)!,
      trainerId: userIds.get(trainer.username)!,
      traineeId: userIds.get(trainee.username)!,
      traineeInstitutionId: ids.get(trainee.institution)!,
    });
    await manager.save(AuditEvent, {
      action: 'seed.demo-region',
      resourceType: 'system',
      outcome: AuditOutcome.SUCCESS,
      details: { institutions: DEMO_INSTITUTIONS.length, users: DEMO_USERS.length },
    });
    return true;
  });
}
