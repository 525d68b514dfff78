import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ConsultAccessService } from '../consults/routing/consult-access.service.js';
import { notFound } from '../common/app-error.js';
import type { Actor } from '../policy/actor.js';
import type { Action } from '../policy/access-rules.js';
import { PolicyService } from '../policy/policy.service.js';
import { Patient } from '../patients/patient.entity.js';
import type { CreateStudyInput, StudiesFilter } from './dto/study.input.js';
import { Study } from './study.entity.js';

const RESOURCE = 'study';

@Injectable()
export class StudiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly consultAccess: ConsultAccessService,
  ) {}

  async create(actor: Actor, input: CreateStudyInput): Promise<Study> {
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: input.patientId });
    if (!patient) throw notFound('Patient');
    await this.policy.authorize(actor, 'study.create', { institutionIds: [patient.institutionId] }, { type: RESOURCE });
    return this.audit.transaction(async (tx) => {
      const study = await tx.manager.save(
        Study,
        tx.manager.create(Study, {
          patientId: patient.id,
          institutionId: patient.institutionId,
          region: input.region,
          description: input.description ?? null,
          uploaderMmPerPixel: input.uploaderMmPerPixel ?? null,
          createdBy: actor.userId,
        }),
      );
      await tx.audit({ actor, action: 'study.create', resourceType: RESOURCE, resourceId: study.id, institutionId: study.institutionId, details: { patientId: patient.id, region: study.region } });
      return study;
    });
  }

  /** Loads a study the actor may act on (`action`), or refuses; reads of patient data are audited. */
  async getFor(actor: Actor, id: string, action: Action = 'study.read'): Promise<Study> {
    const study = await this.dataSource.getRepository(Study).findOne({ where: { id }, relations: { images: true }, order: { images: { createdAt: 'ASC', frameIndex: 'ASC' } } });
    if (!study) throw notFound('Study');
    // Reading extends to the specialists a consult on it is routed to (sent with the patient's consent), and to
    // a break-glass grant for the patient (the policy consults it through patientId).
    const own = { institutionIds: [study.institutionId], patientId: action === 'study.read' ? study.patientId : undefined };
    const viaConsult = action === 'study.read' && !(await this.policy.can(actor, action, own)) && (await this.consultAccess.readsStudyThroughConsult(actor, id));
    if (!viaConsult) await this.policy.authorize(actor, action, own, { type: RESOURCE, id });
    if (action === 'study.read') {
      await this.audit.recordRead({ actor, action: 'study.read', resourceType: RESOURCE, resourceId: id, institutionId: study.institutionId });
    }
    return study;
  }

  async list(actor: Actor, filter: StudiesFilter): Promise<Study[]> {
    const institutions =
      (filter.patientId && !filter.institutionId ? await this.emergencyScope(actor, filter.patientId) : null) ??
      (await this.policy.listScope(actor, 'study.read', { type: RESOURCE }, filter.institutionId));
    const query = this.dataSource
      .getRepository(Study)
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.images', 'i')
      .where('s.institution_id IN (:...institutions)', { institutions })
      .orderBy('s.created_at', 'DESC')
      .take(50);
    if (filter.patientId) query.andWhere('s.patient_id = :patientId', { patientId: filter.patientId });
    const studies = await query.getMany();
    await this.audit.record({ actor, action: 'study.list', resourceType: RESOURCE, details: { patientId: filter.patientId ?? null, results: studies.map((s) => s.id) } });
    return studies;
  }

  /** A patient's studies under the actor's break-glass grant for them: where the patient is (the access is flagged). */
  private async emergencyScope(actor: Actor, patientId: string): Promise<string[] | null> {
    if ((await this.policy.breakGlassGrants(actor, patientId)).size === 0) return null;
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: patientId });
    if (!patient) return null;
    await this.policy.authorize(actor, 'study.read', { institutionIds: [patient.institutionId], patientId }, { type: RESOURCE });
    return [patient.institutionId];
  }
}
