import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { AuditEvent } from './audit-event.entity.js';
import type { AuditEventsFilter } from './dto/audit-events.input.js';

/**
 * Reading the audit trail. An admin sees events of the institutions they administer and the unscoped events
 * (sign-ins, own-account changes) of the people who work there: a row that names another institution stays
 * with that institution's admins even when its actor also holds a role here. Sign-in attempts under unknown
 * names (no institution, no known actor) go to admins of a root.
 */
@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
  ) {}

  async list(actor: Actor, filter: AuditEventsFilter): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
    const institutions = await this.policy.listScope(actor, 'audit.read', { type: 'audit' }, filter.institutionId);
    const query = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where(
        `(e.institution_id IN (:...institutions)
          OR (e.institution_id IS NULL AND e.actor_user_id IN (SELECT ra.user_id FROM role_assignment ra WHERE ra.institution_id IN (:...institutions)))
          ${filter.institutionId || !(await this.seesUnscoped(actor)) ? '' : 'OR e.institution_id IS NULL'})`,
        { institutions },
      )
      .orderBy('e.id', 'DESC')
      .take(filter.limit + 1);
    if (filter.actorUserId) query.andWhere('e.actor_user_id = :actorUserId', { actorUserId: filter.actorUserId });
    if (filter.resourceType) query.andWhere('e.resource_type = :resourceType', { resourceType: filter.resourceType });
    if (filter.resourceId) query.andWhere('e.resource_id = :resourceId', { resourceId: filter.resourceId });
    if (filter.outcome) query.andWhere('e.outcome = :outcome', { outcome: filter.outcome });
    if (filter.after) query.andWhere('e.id < :after', { after: filter.after });
    const rows = await query.getMany();
    const items = rows.slice(0, filter.limit);
    return { items, nextCursor: rows.length > filter.limit ? String(items.at(-1)!.id) : null };
  }

  /** Whether a live event may be pushed to this subscriber. */
  async canSee(actor: Actor, event: AuditEvent): Promise<boolean> {
    if (event.institutionId) return this.policy.can(actor, 'audit.read', { institutionIds: [event.institutionId] });
    return this.seesUnscoped(actor);
  }

  private async seesUnscoped(actor: Actor): Promise<boolean> {
    const scope = await this.policy.institutionsInScope(actor, 'audit.read');
    const roots = await this.dataSource.query(`SELECT id FROM institution WHERE parent_id IS NULL`);
    return roots.some((r: { id: string }) => scope.includes(r.id) && actor.roles.some((role) => role.institutionId === r.id));
  }
}
