import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { returningRows } from '../database/returning-rows.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { FollowUpAction, FollowUpCase, FollowUpOutcome, FollowUpStatus } from './follow-up-case.entity.js';
import { FollowUpLesion } from './follow-up-lesion.entity.js';
import { type EscalatedFollowUp, type EscalationFilter, type EscalationPage, type FollowUpCounts, type FollowUpFilter, type FollowUpPage, FollowUpWhen, type LesionOutcome, type RecordOutcomeInput } from './dto/follow-up.input.js';

const RESOURCE = { type: 'follow-up' };

/** Where a list of the institution's cases looks: open ones before or after now, or closed ones. */
const WHEN_SQL: Record<FollowUpWhen, { where: string; orderBy: string; direction: 'ASC' | 'DESC' }> = {
  [FollowUpWhen.DUE]: { where: `c.status = 'OPEN' AND c.due_at >= :now`, orderBy: 'c.due_at', direction: 'ASC' },
  [FollowUpWhen.OVERDUE]: { where: `c.status = 'OPEN' AND c.due_at < :now`, orderBy: 'c.due_at', direction: 'ASC' },
  [FollowUpWhen.CLOSED]: { where: `c.status = 'CLOSED'`, orderBy: 'c.closed_at', direction: 'DESC' },
};

/**
 * Follow-up cases for the institution's clinicians (due, overdue, closed; one case), their outcomes, the
 * escalations admins see, and pathology results as the ground truth for model monitoring.
 */
@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, filter: FollowUpFilter, now = new Date()): Promise<FollowUpPage> {
    const institutions = await this.policy.listScope(actor, 'follow-up.read', RESOURCE, filter.institutionId);
    const when = WHEN_SQL[filter.when];
    const query = this.dataSource
      .getRepository(FollowUpCase)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.lesions', 'l')
      .where('c.institution_id IN (:...institutions)', { institutions })
      .andWhere(when.where, { now })
      .orderBy(when.orderBy, when.direction)
      .addOrderBy('c.id', when.direction)
      .skip(filter.offset)
      .take(filter.limit);
    const [cases, total] = await query.getManyAndCount();
    const items = await this.withPatients(cases);
    await this.audit.recordRead({ actor, action: 'follow-up.list', resourceType: 'follow-up', details: { when: filter.when, ids: items.map((c) => c.id) } });
    return { items, total };
  }

  /** Due and overdue counts over the actor's institutions, for Home. */
  async counts(actor: Actor, now = new Date()): Promise<FollowUpCounts> {
    const institutions = await this.policy.listScope(actor, 'follow-up.read', RESOURCE);
    const [row] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE due_at >= $2)::int AS due, count(*) FILTER (WHERE due_at < $2)::int AS overdue
         FROM follow_up_case WHERE status = 'OPEN' AND institution_id = ANY($1)`,
      [institutions, now],
    );
    return row as FollowUpCounts;
  }

  async get(actor: Actor, id: string): Promise<FollowUpCase> {
    const found = await this.dataSource.getRepository(FollowUpCase).findOneBy({ id });
    if (!found) throw notFound('Follow-up case');
    await this.policy.authorize(actor, 'follow-up.read', { institutionIds: [found.institutionId], patientId: found.patientId }, { type: 'follow-up', id });
    await this.audit.recordRead({ actor, action: 'follow-up.read', resourceType: 'follow-up', resourceId: id, institutionId: found.institutionId });
    return (await this.withPatients([found]))[0];
  }

  /** The cases of one study, for its page (none, or the one). */
  async ofStudy(actor: Actor, studyId: string): Promise<FollowUpCase | null> {
    const found = await this.dataSource.getRepository(FollowUpCase).findOneBy({ studyId });
    return found ? this.get(actor, found.id) : null;
  }

  /**
   * Closes an open case with its outcome, or adds pathology results that arrived later to a case already DONE.
   * A loss to follow-up needs a reason; pathology belongs to DONE only and, for a biopsy or FNA, comes with it;
   * a result contradicting one sent with it or already recorded for the lesion is refused (PATHOLOGY_CONFLICT)
   * and nothing is written.
   */
  async recordOutcome(actor: Actor, input: RecordOutcomeInput): Promise<FollowUpCase> {
    const current = await this.dataSource.getRepository(FollowUpCase).findOneBy({ id: input.caseId });
    if (!current) throw notFound('Follow-up case');
    await this.policy.authorize(actor, 'follow-up.record-outcome', { institutionIds: [current.institutionId], patientId: current.patientId }, { type: 'follow-up', id: current.id });
    const reason = input.reason?.trim() || null;
    if (input.outcome === FollowUpOutcome.LOST_TO_FOLLOW_UP && !reason) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Say why the patient was lost to follow-up', { field: 'reason' });
    if (input.pathology.length > 0 && input.outcome !== FollowUpOutcome.DONE) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Pathology results go with a follow-up that was done', { field: 'pathology' });
    const results = new Map<string, string>();
    for (const p of input.pathology) {
      if (results.has(p.lesionId) && results.get(p.lesionId) !== p.result) throw this.conflict(p.lesionId, results.get(p.lesionId)!, p.result);
      results.set(p.lesionId, p.result);
    }
    const lesions = new Map(current.lesions.map((l) => [l.id, l]));
    if ([...results.keys()].some((id) => !lesions.has(id))) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Pathology results must name lesions of this case', { field: 'pathology' });
    const adding = current.status === FollowUpStatus.CLOSED;
    if (adding && !(current.outcome === FollowUpOutcome.DONE && input.outcome === FollowUpOutcome.DONE && results.size > 0)) {
      throw new AppError(ErrorCode.ILLEGAL_TRANSITION, 'This follow-up is already closed; only pathology results can still be added to one that was done');
    }
    const tissue = current.action !== FollowUpAction.REPEAT_ULTRASOUND;
    if (!adding && input.outcome === FollowUpOutcome.DONE && tissue && results.size === 0) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Record the pathology result of the biopsy or FNA', { field: 'pathology' });
    }
    for (const [id, result] of results) {
      const recorded = lesions.get(id)!.pathology;
      if (recorded && recorded !== result) throw this.conflict(id, recorded, result);
    }

    await this.audit.transaction(async (tx) => {
      if (!adding) {
        const closed = await tx.manager.update(
          FollowUpCase,
          { id: current.id, status: FollowUpStatus.OPEN },
          { status: FollowUpStatus.CLOSED, outcome: input.outcome, outcomeReason: reason, outcomeNote: input.note?.trim() || null, outcomeOn: input.performedOn ?? null, outcomeBy: actor.userId, closedAt: new Date() },
        );
        if (closed.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'This follow-up was closed meanwhile: reload it');
      }
      for (const [id, result] of results) {
        // Set once: a concurrent different result loses here, inside the transaction, and nothing is kept.
        const set: unknown = await tx.manager.query(`UPDATE follow_up_lesion SET pathology = $2, pathology_at = now() WHERE id = $1 AND pathology IS NULL RETURNING id`, [id, result]);
        if (returningRows(set).length === 0) {
          const now = await tx.manager.findOneByOrFail(FollowUpLesion, { id });
          if (now.pathology !== result) throw this.conflict(id, now.pathology!, result);
        }
      }
      await tx.audit({
        actor,
        action: adding ? 'follow-up.pathology' : 'follow-up.outcome',
        resourceType: 'follow-up',
        resourceId: current.id,
        institutionId: current.institutionId,
        details: { outcome: input.outcome, reason, performedOn: input.performedOn ?? null, pathology: Object.fromEntries(results) },
      });
    });
    return (await this.withPatients([await this.dataSource.getRepository(FollowUpCase).findOneByOrFail({ id: current.id })]))[0];
  }

  /**
   * Escalated open cases in the admin's tree, longest overdue first. An institution outside the tree answers an
   * empty list, so the filter cannot be used to learn which institutions exist or what they hold.
   */
  async escalations(actor: Actor, filter: EscalationFilter, now = new Date()): Promise<EscalationPage> {
    const scope = await this.policy.institutionsInScope(actor, 'follow-up.escalations');
    if (scope.length === 0) await this.policy.authorize(actor, 'follow-up.escalations', { institutionIds: [] }, RESOURCE);
    const institutions = filter.institutionId ? scope.filter((id) => id === filter.institutionId) : scope;
    if (institutions.length === 0) return { items: [], total: 0 };
    const rows: Array<{ id: string; institution_id: string; institution_name: string; region: string; action: string; due_at: Date; escalated_at: Date; total: number }> = await this.dataSource.query(
      `SELECT c.id, c.institution_id, i.name AS institution_name, c.region, c.action, c.due_at, c.escalated_at, count(*) OVER ()::int AS total
         FROM follow_up_case c JOIN institution i ON i.id = c.institution_id
        WHERE c.status = 'OPEN' AND c.escalated_at IS NOT NULL AND c.institution_id = ANY($1)
        ORDER BY c.due_at ASC, c.id ASC LIMIT $2 OFFSET $3`,
      [institutions, filter.limit, filter.offset],
    );
    await this.audit.record({ actor, action: 'follow-up.escalations', resourceType: 'follow-up', details: { ids: rows.map((r) => r.id) } });
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((r) => ({
        id: r.id,
        institutionId: r.institution_id,
        institutionName: r.institution_name,
        region: r.region as EscalatedFollowUp['region'],
        action: r.action as FollowUpAction,
        dueAt: new Date(r.due_at),
        escalatedAt: new Date(r.escalated_at),
        daysOverdue: Math.floor((now.getTime() - new Date(r.due_at).getTime()) / 86_400_000),
      })),
    };
  }

  /**
   * Pathology results of AI-read lesions, with the model's call on the lesion's image, for the sites given:
   * per lesion and per model version. Lesions without a model (a study read by no model) are left out.
   */
  async lesionOutcomes(institutionIds: string[], modelVersionId?: string): Promise<LesionOutcome[]> {
    const rows: Array<{ id: string; lesion_id: string | null; model_version_id: string; institution_id: string; device_id: string | null; added: boolean; ai_call: string | null; ai_score: number | null; pathology: string; pathology_at: Date }> = await this.dataSource.query(
      `SELECT fl.id, fl.lesion_id, fl.model_version_id, c.institution_id, s.device_id, fl.added, fl.pathology, fl.pathology_at,
              CASE WHEN fl.added THEN NULL ELSE coalesce(pl.call, pi.call) END AS ai_call,
              CASE WHEN fl.added THEN 0 ELSE coalesce(pl.malignancy_probability, pi.malignancy_probability) END AS ai_score
         FROM follow_up_lesion fl
         JOIN follow_up_case c ON c.id = fl.case_id
         JOIN study s ON s.id = c.study_id
    LEFT JOIN lesion l ON l.id = fl.lesion_id AND NOT fl.added
    LEFT JOIN pre_read pl ON pl.id = l.pre_read_id
    LEFT JOIN pre_read pi ON pi.image_id = fl.image_id AND pi.model_version_id = fl.model_version_id
        WHERE fl.pathology IS NOT NULL AND fl.model_version_id IS NOT NULL AND c.institution_id = ANY($1)
          AND ($2::uuid IS NULL OR fl.model_version_id = $2)
        ORDER BY fl.pathology_at, fl.id`,
      [institutionIds, modelVersionId ?? null],
    );
    return rows.map((r) => ({
      followUpLesionId: r.id,
      lesionId: r.lesion_id,
      modelVersionId: r.model_version_id,
      institutionId: r.institution_id,
      added: r.added,
      aiCall: r.ai_call,
      aiScore: r.ai_score === null ? null : Number(r.ai_score),
      deviceId: r.device_id,
      pathology: r.pathology as LesionOutcome['pathology'],
      pathologyAt: new Date(r.pathology_at),
    }));
  }

  private conflict(lesionId: string, recorded: string, sent: string): AppError {
    return new AppError(ErrorCode.PATHOLOGY_CONFLICT, `This lesion already has the pathology result ${recorded}; ${sent} contradicts it and was not recorded`, { lesionId, recorded, sent });
  }

  private async withPatients(cases: FollowUpCase[]): Promise<FollowUpCase[]> {
    if (cases.length === 0) return cases;
    const rows: Array<{ id: string; name: string }> = await this.dataSource.query(`SELECT id, name FROM patient WHERE id = ANY($1)`, [[...new Set(cases.map((c) => c.patientId))]]);
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return cases.map((c) => Object.assign(c, { patientName: names.get(c.patientId) ?? null }));
  }
}
