import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Not, In } from 'typeorm';
import type { Actor } from '../../policy/actor.js';
import type { Action } from '../../policy/access-rules.js';
import { PolicyService } from '../../policy/policy.service.js';
import { Consult } from '../consult.entity.js';
import { ConsultStatus } from '../consult-status.js';
import { SpecialistFocusService } from './specialist-focus.service.js';

/** The institutions a consult belongs to, for the access policy: where it was asked, and where it is offered. */
export const consultTarget = (consult: Pick<Consult, 'requestingInstitutionId' | 'targetInstitutionId'>) => ({
  institutionIds: [consult.requestingInstitutionId, ...(consult.targetInstitutionId ? [consult.targetInstitutionId] : [])],
});

/** A consult in these states no longer shares its study with the hospital it was offered to. */
const NOT_SHARING = [ConsultStatus.CANCELLED, ConsultStatus.EXPIRED];

/**
 * The one rule for everything a consult exposes (the consult, its study and images, pre-reads, reports,
 * messages, teaching cases made from it): the policy's `consult.read` (requesting institution or the
 * hospital it is offered to), and on the hospital side only for the specialists it is routed to
 * (`isRoutedTo`). Resolvers and controllers ask here rather than combining the two themselves.
 */
@Injectable()
export class ConsultAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly focus: SpecialistFocusService,
  ) {}

  async mayRead(actor: Actor, consult: Consult): Promise<boolean> {
    if (!(await this.policy.can(actor, 'consult.read', consultTarget(consult)))) return false;
    if (await this.policy.can(actor, 'consult.read', { institutionIds: [consult.requestingInstitutionId] })) return true;
    return this.focus.isRoutedTo(consult, actor.userId);
  }

  /** Refuses (FORBIDDEN, audited) unless `mayRead`. */
  async authorizeRead(actor: Actor, consult: Consult, action: Action = 'consult.read'): Promise<void> {
    const resource = { type: 'consult', id: consult.id };
    await this.policy.authorize(actor, action, consultTarget(consult), resource);
    if (!(await this.mayRead(actor, consult))) {
      await this.policy.deny(actor, action, resource, 'routed to another specialist or region', consult.targetInstitutionId);
    }
  }

  /** Work on a claimed case (reviewing, reporting, releasing) is its claimant's alone; others are refused and audited. */
  async authorizeClaimant(actor: Actor, consult: Consult, message = 'Only the specialist who claimed this consult can do that'): Promise<void> {
    if (consult.claimedBy === actor.userId) return;
    await this.policy.deny(actor, 'consult.claim', { type: 'consult', id: consult.id }, 'not the claimant', consult.targetInstitutionId, message);
  }

  /** Whether a consult that still shares this study with another hospital lets the actor read it. */
  async readsStudyThroughConsult(actor: Actor, studyId: string): Promise<boolean> {
    const consults = await this.dataSource.getRepository(Consult).find({ where: { studyId, status: Not(In(NOT_SHARING)) } });
    for (const consult of consults) {
      if (consult.targetInstitutionId && (await this.mayRead(actor, consult))) return true;
    }
    return false;
  }
}
