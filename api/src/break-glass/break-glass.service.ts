import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { Patient } from '../patients/patient.entity.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { BreakGlassGrant } from './break-glass-grant.entity.js';
import type { BreakGlassGrantsFilter, BreakGlassInput } from './dto/break-glass.input.js';

const MIN_REASON = 10;

/**
 * Emergency access: a grant the policy consults (scope `break-glass` in access-rules.ts), so every read it
 * allows is flagged there. Granting is audited and announced live to the patient's admins, who review grants here.
 */
@Injectable()
export class BreakGlassService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async grant(actor: Actor, input: BreakGlassInput): Promise<BreakGlassGrant> {
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: input.patientId });
    if (!patient) throw notFound('Patient');
    const resource = { type: 'patient', id: patient.id };
    await this.policy.authorize(actor, 'patient.break-glass', { institutionIds: [patient.institutionId], patientId: patient.id }, resource);
    const reason = input.reason.trim();
    if (reason.length < MIN_REASON) throw new AppError(ErrorCode.BAD_USER_INPUT, `State the reason in at least ${MIN_REASON} characters`, { field: 'reason' });
    if (await this.policy.can(actor, 'patient.read', { institutionIds: [patient.institutionId] })) {
      throw new AppError(ErrorCode.CONFLICT, 'You can already open this record; no emergency access is needed');
    }
    const now = new Date();
    const saved = await this.audit.transaction(async (tx) => {
      const grant = await tx.manager.save(
        BreakGlassGrant,
        tx.manager.create(BreakGlassGrant, {
          userId: actor.userId,
          patientId: patient.id,
          institutionId: patient.institutionId,
          reason,
          grantedAt: now,
          expiresAt: new Date(now.getTime() + this.config.breakGlassMinutes * 60_000),
        }),
      );
      await tx.audit({
        actor,
        action: 'break-glass.grant',
        resourceType: resource.type,
        resourceId: patient.id,
        institutionId: patient.institutionId,
        details: { grantId: grant.id, reason, expiresAt: grant.expiresAt.toISOString() },
      });
      return grant;
    });
    const grant = await this.withUser(saved.id);
    await this.pubSub.publish(Topics.breakGlassGranted, { breakGlassGranted: grant });
    return grant;
  }

  /** The review list: grants on patients of the institutions the admin administers, newest first. */
  async list(actor: Actor, filter: BreakGlassGrantsFilter): Promise<BreakGlassGrant[]> {
    const institutions = await this.policy.listScope(actor, 'break-glass.review', { type: 'break-glass' }, filter.institutionId);
    return this.dataSource.getRepository(BreakGlassGrant).find({
      where: { institutionId: In(institutions) },
      relations: { user: true },
      order: { grantedAt: 'DESC' },
      take: filter.limit,
    });
  }

  /** Whether a live grant may be pushed to this subscriber. */
  canReview(actor: Actor, grant: BreakGlassGrant): Promise<boolean> {
    return this.policy.can(actor, 'break-glass.review', { institutionIds: [grant.institutionId] });
  }

  private withUser(id: string): Promise<BreakGlassGrant> {
    return this.dataSource.getRepository(BreakGlassGrant).findOneOrFail({ where: { id }, relations: { user: true } });
  }
}
