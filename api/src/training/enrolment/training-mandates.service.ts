import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { Institution, InstitutionType } from '../../identity/institution.entity.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import type { TrainingMandate } from '../dto/training.types.js';

/**
 * Which training institutions train which institutions (and those under them): granted and withdrawn by the
 * admins of the trained institution, since it is their staff the trainers then enrol.
 */
@Injectable()
export class TrainingMandatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<TrainingMandate[]> {
    const scope = await this.policy.listScope(actor, 'training.mandate-manage', { type: 'training-mandate' });
    return this.dataSource.query(
      `SELECT m.trainer_institution_id AS "trainerInstitutionId", t.name AS "trainerInstitutionName", m.institution_id AS "institutionId", i.name AS "institutionName"
       FROM training_mandate m JOIN institution t ON t.id = m.trainer_institution_id JOIN institution i ON i.id = m.institution_id
       WHERE m.institution_id = ANY ($1::uuid[]) ORDER BY t.name, i.name`,
      [scope],
    );
  }

  /** Grants (or, with granted false, withdraws) a training institution's mandate over an institution's tree. */
  async set(actor: Actor, trainerInstitutionId: string, institutionId: string, granted: boolean): Promise<boolean> {
    await this.policy.authorize(actor, 'training.mandate-manage', { institutionIds: [institutionId] }, { type: 'institution', id: institutionId });
    const trainer = await this.dataSource.getRepository(Institution).findOneBy({ id: trainerInstitutionId });
    if (!trainer) throw notFound('Institution');
    if (trainer.type !== InstitutionType.TRAINING_INSTITUTE) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Only a training institute can hold a training mandate', { field: 'trainerInstitutionId' });
    }
    return this.audit.transaction(async (tx) => {
      const changed: unknown[] = granted
        ? await tx.manager.query(`INSERT INTO training_mandate (trainer_institution_id, institution_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING institution_id`, [trainerInstitutionId, institutionId])
        : await tx.manager.query(`DELETE FROM training_mandate WHERE trainer_institution_id = $1 AND institution_id = $2 RETURNING institution_id`, [trainerInstitutionId, institutionId]);
      await tx.audit({ actor, action: granted ? 'training.mandate-grant' : 'training.mandate-withdraw', resourceType: 'institution', resourceId: institutionId, institutionId, details: { trainerInstitutionId, changed: changed.length > 0 } });
      return granted;
    });
  }
}
