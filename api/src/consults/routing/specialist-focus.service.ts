import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { AnatomicalRegion } from '../../imaging/anatomical-region.js';
import { RoleAssignment } from '../../identity/role-assignment.entity.js';
import { Role } from '../../identity/role.js';
import { User } from '../../identity/user.entity.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { Partnership } from '../partnership.entity.js';
import { isRoutedTo, type Routable } from './routing.js';
import { SpecialistFocus } from './specialist-focus.entity.js';

/** Notifications check focus for every event and subscriber; another instance's change shows within this. */
const FOCUS_TTL_MS = 30_000;

export interface PartnerSpecialist {
  id: string;
  displayName: string;
  institutionId: string;
  focus: AnatomicalRegion[];
}

/** The regions each specialist reads, kept by admins over their institutions and by specialists themselves. */
@Injectable()
export class SpecialistFocusService {
  private readonly cache = new Map<string, { regions: AnatomicalRegion[]; at: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async regionsOf(userId: string): Promise<AnatomicalRegion[]> {
    const hit = this.cache.get(userId);
    if (hit && Date.now() - hit.at < FOCUS_TTL_MS) return hit.regions;
    const rows = await this.dataSource.getRepository(SpecialistFocus).find({ where: { userId }, order: { region: 'ASC' } });
    const regions = rows.map((r) => r.region);
    this.cache.set(userId, { regions, at: Date.now() });
    return regions;
  }

  async isRoutedTo(consult: Routable, specialistId: string): Promise<boolean> {
    return isRoutedTo(consult, specialistId, await this.regionsOf(specialistId));
  }

  async set(actor: Actor, userId: string, regions: AnatomicalRegion[]): Promise<AnatomicalRegion[]> {
    if (!(await this.dataSource.getRepository(User).existsBy({ id: userId }))) throw notFound('User');
    const roles = await this.dataSource.getRepository(RoleAssignment).find({ where: { userId } });
    await this.policy.authorize(actor, 'specialist.focus.manage', { userId, institutionIds: roles.map((r) => r.institutionId) }, { type: 'user', id: userId });
    if (!roles.some((r) => r.role === Role.SPECIALIST)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Only specialists have a reading focus', { field: 'userId' });
    const unique = [...new Set(regions)].sort();
    // The focus decides which cases (and their studies) a specialist reads: they may narrow it, only an admin widens it.
    const current = (await this.dataSource.getRepository(SpecialistFocus).find({ where: { userId } })).map((f) => f.region);
    const widens = current.length > 0 && (unique.length === 0 || unique.some((r) => !current.includes(r)));
    if (widens && !(await this.policy.can(actor, 'specialist.focus.manage', { institutionIds: roles.map((r) => r.institutionId) }))) {
      await this.policy.deny(actor, 'specialist.focus.manage', { type: 'user', id: userId }, 'widening one’s own reading focus', roles[0].institutionId,
        'Only an administrator can widen your reading focus');
    }
    await this.audit.transaction(async (tx) => {
      await tx.manager.delete(SpecialistFocus, { userId });
      if (unique.length > 0) await tx.manager.insert(SpecialistFocus, unique.map((region) => ({ userId, region })));
      await tx.audit({ actor, action: 'specialist.focus.set', resourceType: 'user', resourceId: userId, details: { regions: unique } });
    });
    this.cache.delete(userId);
    return unique;
  }

  /** Specialists of the hospitals an institution refers to, for the township doctor choosing a preferred one. */
  async partnerSpecialists(actor: Actor, institutionId: string): Promise<PartnerSpecialist[]> {
    await this.policy.authorize(actor, 'consult.request', { institutionIds: [institutionId] }, { type: 'consult' });
    const partners = await this.dataSource.getRepository(Partnership).find({ where: { fromInstitutionId: institutionId } });
    if (partners.length === 0) return [];
    const rows: Array<{ id: string; display_name: string; institution_id: string; focus: string | null }> = await this.dataSource.query(
      `SELECT u.id, u.display_name, ra.institution_id, string_agg(f.region, ',' ORDER BY f.region) AS focus
       FROM role_assignment ra
       JOIN app_user u ON u.id = ra.user_id AND u.active
       LEFT JOIN specialist_focus f ON f.user_id = u.id
       WHERE ra.role = 'SPECIALIST' AND ra.institution_id = ANY($1::uuid[])
       GROUP BY u.id, u.display_name, ra.institution_id
       ORDER BY u.display_name`,
      [partners.map((p) => p.toInstitutionId)],
    );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, institutionId: r.institution_id, focus: r.focus ? (r.focus.split(',') as AnatomicalRegion[]) : [] }));
  }
}
