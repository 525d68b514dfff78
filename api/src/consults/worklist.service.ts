import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { Consult } from './consult.entity.js';
import { CLAIMANT_STATUSES, CLAIMED_LISTED, OPEN_STATUSES } from './consult-status.js';
import type { WorklistFilter } from './dto/consult.input.js';
import { routedToSql } from './routing/routing.js';
import { SpecialistFocusService } from './routing/specialist-focus.service.js';
import { decodeCursor, encodeCursor } from './worklist-cursor.js';

/**
 * The specialists' worklist: open consults offered to their hospitals and routed to them (routing.ts), most urgent first, then highest AI
 * risk, then longest waiting. Keyset pagination on exactly the order of the partial index
 * consult_worklist_idx keeps every page fast however many consults the database holds.
 */
@Injectable()
export class WorklistService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly focus: SpecialistFocusService,
  ) {}

  async page(actor: Actor, filter: WorklistFilter): Promise<{ items: Consult[]; nextCursor: string | null }> {
    const hospitals = await this.policy.listScope(actor, 'consult.worklist', { type: 'consult' });
    if (filter.status && !(OPEN_STATUSES as readonly string[]).includes(filter.status)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The worklist holds offered, claimed and in-review consults', { field: 'status' });
    }
    const routed = routedToSql(actor.userId, await this.focus.regionsOf(actor.userId));
    const query = this.dataSource
      .getRepository(Consult)
      .createQueryBuilder('c')
      .where('c.target_institution_id IN (:...hospitals)', { hospitals })
      .andWhere('c.status IN (:...statuses)', { statuses: filter.status ? [filter.status] : OPEN_STATUSES })
      .andWhere(routed.sql, routed.params)
      .orderBy('c.urgency_rank', 'DESC')
      .addOrderBy('coalesce(c.ai_risk, -1)', 'DESC')
      .addOrderBy('c.requested_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.region) query.andWhere('c.region = :region', { region: filter.region });
    if (filter.urgency) query.andWhere('c.urgency = :urgency', { urgency: filter.urgency });
    if (filter.requestingInstitutionId) query.andWhere('c.requesting_institution_id = :requesting', { requesting: filter.requestingInstitutionId });
    if (filter.requestedFrom) query.andWhere('c.requested_at >= :from', { from: filter.requestedFrom });
    if (filter.requestedTo) query.andWhere('c.requested_at < :to', { to: filter.requestedTo });
    if (filter.after) {
      const p = decodeCursor(filter.after);
      query.andWhere(
        // ai_risk is a real: compare with a real, or equal values look different in double precision.
        `(c.urgency_rank < :u OR (c.urgency_rank = :u AND coalesce(c.ai_risk, -1) < CAST(:r AS real))
          OR (c.urgency_rank = :u AND coalesce(c.ai_risk, -1) = CAST(:r AS real) AND (c.requested_at, c.id) > (:t, :id)))`,
        { u: p.urgencyRank, r: p.risk, t: p.requestedAt, id: p.id },
      );
    }
    const rows = await query.getMany();
    const items = rows.slice(0, filter.limit);
    const last = items.at(-1);
    await this.audit.record({ actor, action: 'consult.worklist', resourceType: 'consult', details: { results: items.map((c) => c.id) } });
    return {
      items,
      nextCursor:
        rows.length > filter.limit && last
          ? encodeCursor({ urgencyRank: last.urgencyRank, risk: last.aiRisk ?? -1, requestedAt: last.requestedAt.toISOString(), id: last.id })
          : null,
    };
  }

  /**
   * The consults the specialist claimed and has not signed yet, oldest claim first: the worklist's open statuses
   * plus those whose report waits for the signature (REPORTED, AMENDED), which no longer wait on anyone else.
   */
  async claimed(actor: Actor): Promise<Consult[]> {
    const hospitals = await this.policy.listScope(actor, 'consult.worklist', { type: 'consult' });
    const consults = await this.dataSource.getRepository(Consult).find({
      where: { claimedBy: actor.userId, status: In([...CLAIMANT_STATUSES]), targetInstitutionId: In(hospitals) },
      order: { claimedAt: 'ASC', id: 'ASC' },
      take: CLAIMED_LISTED,
    });
    await this.audit.record({ actor, action: 'consult.worklist', resourceType: 'consult', details: { claimed: consults.map((c) => c.id) } });
    return consults;
  }
}
