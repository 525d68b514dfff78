import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, In } from 'typeorm';
import { type AuditedTransaction, AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { PUB_SUB, Topics } from '../events/pubsub.js';
import { User } from '../identity/user.entity.js';
import { StudiesService } from '../imaging/studies.service.js';
import { ConsentPurpose } from '../patients/consent.entity.js';
import { PatientsService } from '../patients/patients.service.js';
import { ageOn } from '../patients/age-on.js';
import { Patient, type Sex } from '../patients/patient.entity.js';
import type { Actor } from '../policy/actor.js';
import type { Action } from '../policy/access-rules.js';
import { PolicyService } from '../policy/policy.service.js';
import { Consult } from './consult.entity.js';
import { ConsultEvent } from './consult-event.entity.js';
import { type ConsultEvent as Happening, nextStatus } from './consult-state-machine.js';
import { ConsultStatus, URGENCY_RANK } from './consult-status.js';
import type { MyConsultsFilter, RequestConsultInput } from './dto/consult.input.js';
import { Partnership } from './partnership.entity.js';
import { ConsultAccessService } from './routing/consult-access.service.js';
import { SpecialistFocusService } from './routing/specialist-focus.service.js';

const RESOURCE = 'consult';
/** A study has at most one consult in these states at a time. */
const OPEN_OR_PENDING = [ConsultStatus.REQUESTED, ConsultStatus.OFFERED, ConsultStatus.CLAIMED, ConsultStatus.IN_REVIEW, ConsultStatus.REPORTED, ConsultStatus.AMENDED];

/**
 * Consult requests and their lifecycle. Every status change goes through `transition`: the state machine
 * decides, the row changes only if it is still in the state the decision was made on (so of two
 * specialists claiming at once exactly one wins), and the change, its history row and its audit row commit
 * together before anyone is notified.
 */
@Injectable()
export class ConsultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly studies: StudiesService,
    private readonly patients: PatientsService,
    private readonly focus: SpecialistFocusService,
    private readonly access: ConsultAccessService,
  ) {}

  async request(actor: Actor, input: RequestConsultInput): Promise<Consult> {
    const study = await this.studies.getFor(actor, input.studyId);
    await this.policy.authorize(actor, 'consult.request', { institutionIds: [study.institutionId] }, { type: RESOURCE });
    if (!(await this.patients.hasConsent(study.patientId, ConsentPurpose.REMOTE_SHARING))) {
      throw new AppError(ErrorCode.CONSENT_REQUIRED, 'The patient has not consented to sharing with remote specialists; record that consent first');
    }
    const open = await this.dataSource.getRepository(Consult).existsBy({ studyId: study.id, status: In(OPEN_OR_PENDING) });
    if (open) throw new AppError(ErrorCode.CONFLICT, 'A specialist has already been asked about this study; follow that consult');
    const target = await this.routeFor(study.institutionId, input.preferredSpecialistId);
    const [{ risk }] = await this.dataSource.query(`SELECT max(malignancy_probability) AS risk FROM pre_read WHERE study_id = $1 AND status = 'DONE'`, [study.id]);
    const consult = await this.audit.transaction(async (tx) => {
      const created = await tx.manager.save(
        Consult,
        tx.manager.create(Consult, {
          studyId: study.id,
          patientId: study.patientId,
          region: study.region,
          requestingInstitutionId: study.institutionId,
          requestedBy: actor.userId,
          clinicalQuestion: input.clinicalQuestion,
          urgency: input.urgency,
          urgencyRank: URGENCY_RANK[input.urgency],
          aiRisk: risk === null ? null : Number(risk),
          preferredSpecialistId: input.preferredSpecialistId ?? null,
          status: ConsultStatus.REQUESTED,
        }),
      );
      await this.record(tx, actor, created, 'request', null);
      return this.apply(tx, actor, created, 'offer', { targetInstitutionId: target, offeredAt: new Date() });
    });
    await this.publish(consult);
    return consult;
  }

  async get(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.find(id);
    // A hospital's specialist sees the cases offered to them, not every case offered to the hospital.
    await this.access.authorizeRead(actor, consult);
    return consult;
  }

  /** The consult as a read of patient data: audited once per consult and request (its nested fields included). */
  async read(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.get(actor, id);
    await this.auditRead(actor, consult);
    return consult;
  }

  auditRead(actor: Actor, consult: Consult): Promise<void> {
    return this.audit.recordRead({ actor, action: 'consult.read', resourceType: RESOURCE, resourceId: consult.id, institutionId: consult.requestingInstitutionId });
  }

  /** Consults requested from the actor's institutions, newest first. */
  async requested(actor: Actor, filter: MyConsultsFilter): Promise<Consult[]> {
    const institutions = await this.policy.listScope(actor, 'consult.request', { type: RESOURCE });
    const where = institutions.map((requestingInstitutionId) => ({
      requestingInstitutionId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.studyId ? { studyId: filter.studyId } : {}),
    }));
    const consults = await this.dataSource.getRepository(Consult).find({ where, order: { requestedAt: 'DESC' }, take: filter.limit });
    await this.audit.record({ actor, action: 'consult.list', resourceType: RESOURCE, institutionId: institutions.length === 1 ? institutions[0] : null, details: { results: consults.map((c) => c.id) } });
    return consults;
  }

  async displayName(userId: string | null): Promise<string | null> {
    if (!userId) return null;
    return (await this.dataSource.getRepository(User).findOne({ where: { id: userId }, select: { displayName: true } }))?.displayName ?? null;
  }

  async patientSummary(consult: Consult): Promise<{ sex: Sex; ageYears: number | null }> {
    const patient = await this.dataSource.getRepository(Patient).findOneOrFail({ where: { id: consult.patientId }, select: { id: true, sex: true, birthDate: true } });
    return { sex: patient.sex, ageYears: patient.birthDate ? ageOn(patient.birthDate, consult.requestedAt) : null };
  }

  history(consultId: string): Promise<ConsultEvent[]> {
    return this.dataSource.getRepository(ConsultEvent).find({ where: { consultId }, order: { id: 'ASC' } });
  }

  async claim(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.forAction(actor, id, 'consult.claim');
    if (!(await this.focus.isRoutedTo(consult, actor.userId))) {
      await this.policy.deny(actor, 'consult.claim', { type: RESOURCE, id }, 'routed to another specialist or region', consult.targetInstitutionId,
        'This consult is offered to another specialist or another specialty');
    }
    if (consult.status === ConsultStatus.CLAIMED || consult.status === ConsultStatus.IN_REVIEW) throw alreadyClaimed();
    return this.change(actor, consult, 'claim', { claimedBy: actor.userId, claimedAt: new Date() });
  }

  async release(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.forAction(actor, id, 'consult.claim');
    await this.access.authorizeClaimant(actor, consult);
    return this.change(actor, consult, 'release', { claimedBy: null, claimedAt: null });
  }

  async startReview(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.forAction(actor, id, 'consult.claim');
    await this.access.authorizeClaimant(actor, consult);
    return this.change(actor, consult, 'start-review', {});
  }

  async cancel(actor: Actor, id: string): Promise<Consult> {
    const consult = await this.find(id);
    await this.policy.authorize(actor, 'consult.cancel', { institutionIds: [consult.requestingInstitutionId] }, { type: RESOURCE, id });
    return this.change(actor, consult, 'cancel', { closedAt: new Date() });
  }

  /**
   * Whether a change to this consult belongs in the actor's live feed: always on the requesting side; on the
   * hospital side only for the specialists it is routed to, so a breast request does not ring thyroid readers.
   */
  inFeedOf(actor: Actor, consult: Consult): Promise<boolean> {
    return this.access.mayRead(actor, consult);
  }

  /** For the timeout sweeper: a transition made by the system, not a person. */
  async system(consult: Consult, event: Happening, changes: Partial<Consult>): Promise<Consult | null> {
    try {
      return await this.change(null, consult, event, changes);
    } catch (error) {
      // Someone acted on it meanwhile (claimed it, say): nothing to do.
      if (error instanceof AppError && error.code === ErrorCode.ILLEGAL_TRANSITION) return null;
      throw error;
    }
  }

  /** First partner of the requesting institution (or the preferred specialist's hospital, if a partner). */
  async routeFor(institutionId: string, preferredSpecialistId?: string): Promise<string> {
    const partners = await this.dataSource.getRepository(Partnership).find({ where: { fromInstitutionId: institutionId }, order: { priority: 'ASC' } });
    if (partners.length === 0) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'No partner hospital is set up for this institution; ask an administrator to add one');
    }
    if (preferredSpecialistId) {
      const rows: Array<{ institution_id: string }> = await this.dataSource.query(
        `SELECT institution_id FROM role_assignment WHERE user_id = $1 AND role = 'SPECIALIST'`,
        [preferredSpecialistId],
      );
      const preferred = partners.find((p) => rows.some((r) => r.institution_id === p.toInstitutionId));
      if (!preferred) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The preferred specialist does not work at a partner hospital', { field: 'preferredSpecialistId' });
      return preferred.toInstitutionId;
    }
    return partners[0].toInstitutionId;
  }

  private async change(actor: Actor | null, consult: Consult, event: Happening, changes: Partial<Consult>): Promise<Consult> {
    const updated = await this.audit.transaction((tx) => this.apply(tx, actor, consult, event, changes));
    await this.publish(updated);
    return updated;
  }

  /**
   * Moves the consult along `event` if it is still as it was read; records history and audit. Public for
   * work that must commit together with a transition (signing a report); the caller publishes afterwards.
   */
  async apply(tx: AuditedTransaction, actor: Actor | null, consult: Consult, event: Happening, changes: Partial<Consult>): Promise<Consult> {
    const to = nextStatus(consult.status, event);
    const result = await tx.manager
      .createQueryBuilder()
      .update(Consult)
      .set({ ...changes, status: to, version: () => 'version + 1' })
      .where('id = :id AND status = :from AND version = :version', { id: consult.id, from: consult.status, version: consult.version })
      .execute();
    if (result.affected !== 1) {
      const now = await tx.manager.findOneByOrFail(Consult, { id: consult.id });
      if (event === 'claim' && (now.status === ConsultStatus.CLAIMED || now.status === ConsultStatus.IN_REVIEW)) throw alreadyClaimed();
      nextStatus(now.status, event); // says why, if it is no longer possible
      throw new AppError(ErrorCode.CONFLICT, 'The consult changed meanwhile; reload and try again');
    }
    const updated = await tx.manager.findOneByOrFail(Consult, { id: consult.id });
    await this.record(tx, actor, updated, event, consult.status);
    return updated;
  }

  private async record(tx: AuditedTransaction, actor: Actor | null, consult: Consult, event: string, from: ConsultStatus | null) {
    await tx.manager.insert(ConsultEvent, { consultId: consult.id, event, fromStatus: from, toStatus: consult.status, actorUserId: actor?.userId ?? null });
    await tx.audit({
      actor,
      action: `consult.${event}`,
      resourceType: RESOURCE,
      resourceId: consult.id,
      institutionId: consult.requestingInstitutionId,
      details: { from, to: consult.status, targetInstitutionId: consult.targetInstitutionId },
    });
  }

  private async forAction(actor: Actor, id: string, action: Action): Promise<Consult> {
    const consult = await this.find(id);
    // Claiming and reviewing belong to the specialists of the hospital the consult is offered to.
    await this.policy.authorize(actor, action, { institutionIds: consult.targetInstitutionId ? [consult.targetInstitutionId] : [] }, { type: RESOURCE, id });
    return consult;
  }

  async find(id: string): Promise<Consult> {
    const consult = await this.dataSource.getRepository(Consult).findOneBy({ id });
    if (!consult) throw notFound('Consult');
    return consult;
  }

  async publish(consult: Consult) {
    await this.pubSub.publish(Topics.consultChanged, { consultChanged: consult });
  }
}

const alreadyClaimed = () => new AppError(ErrorCode.ALREADY_CLAIMED, 'Another specialist has already claimed this consult');
