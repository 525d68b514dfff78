import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import type { AuditedTransaction } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { type CompletedPreRead, DomainEvents, type FindingLesion, type SignedReport } from '../events/domain-events.js';
import { Study } from '../imaging/study.entity.js';
import { FollowUpCase, FollowUpSource, FollowUpStatus } from './follow-up-case.entity.js';
import { FollowUpLesion } from './follow-up-lesion.entity.js';
import { type Due, dueForAiCategory, dueForReport } from './follow-up-rules.js';

/**
 * Opens follow-up cases where suspicious findings are recorded: a validated model's pre-read at or above the
 * configured category, or a signed report recommending tissue or a short-interval repeat (or with such a
 * category). Runs inside the transaction that records the finding, so a case exists exactly when it does.
 * One case per study: the AI's opens it, the specialist's signed opinion replaces what is due while it is open.
 */
@Injectable()
export class FollowUpOpener implements OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit() {
    this.events.on('pre-reads.completed', ({ preReads }, tx) => this.fromPreReads(preReads, tx));
    this.events.on('consult-report.signed', (report, tx) => this.fromReport(report, tx));
  }

  async fromPreReads(preReads: CompletedPreRead[], tx: AuditedTransaction, now = new Date()): Promise<void> {
    const studies = new Map((await tx.manager.findBy(Study, { id: In([...new Set(preReads.map((p) => p.studyId))]) })).map((s) => [s.id, s]));
    for (const preRead of preReads) {
      const study = studies.get(preRead.studyId)!;
      const due = dueForAiCategory(preRead.categorySystem, preRead.categoryValue, study.region, this.config, now);
      if (!due) continue;
      const finding = { source: FollowUpSource.AI_PRE_READ, preReadId: preRead.preReadId, reportId: null, categorySystem: preRead.categorySystem, categoryValue: preRead.categoryValue };
      const { found, opened } = await this.openOnce(tx, study, due, finding, null);
      // The specialist's case is theirs; a later AI frame of the same study adds its lesions to an open AI case only.
      if (!opened && (found.source !== FollowUpSource.AI_PRE_READ || found.status !== FollowUpStatus.OPEN)) continue;
      await this.addLesions(tx.manager, found.id, preRead.lesions, preRead.modelVersionId);
    }
  }

  async fromReport(report: SignedReport, tx: AuditedTransaction, now = new Date()): Promise<void> {
    const due = dueForReport(report, this.config, now);
    if (!due) return;
    const study = await tx.manager.findOneByOrFail(Study, { id: report.studyId });
    const finding = { source: FollowUpSource.SIGNED_REPORT, reportId: report.reportId, preReadId: null, categorySystem: report.categorySystem, categoryValue: report.categoryValue };
    const { found, opened } = await this.openOnce(tx, study, due, finding, report.signedBy);
    if (!opened) {
      if (found.status === FollowUpStatus.CLOSED) return;
      await tx.manager.update(FollowUpCase, { id: found.id, status: FollowUpStatus.OPEN }, { ...finding, ...due });
      await tx.audit({ actor: report.signedBy, action: 'follow-up.update', resourceType: 'follow-up', resourceId: found.id, institutionId: found.institutionId, details: { reportId: report.reportId, action: due.action, dueAt: due.dueAt.toISOString(), was: { source: found.source, action: found.action } } });
    }
    await this.addLesions(tx.manager, found.id, report.lesions, null);
  }

  /**
   * The study's case: opened now (and audited), or the one that exists, also when another transaction opened it
   * meanwhile (the insert waits for it and does nothing; the row is then read as committed).
   */
  private async openOnce(
    tx: AuditedTransaction,
    study: Study,
    due: Due,
    finding: Pick<FollowUpCase, 'source' | 'preReadId' | 'reportId' | 'categorySystem' | 'categoryValue'>,
    actor: SignedReport['signedBy'] | null,
  ): Promise<{ found: FollowUpCase; opened: boolean }> {
    const existing = await tx.manager.findOneBy(FollowUpCase, { studyId: study.id });
    if (existing) return { found: existing, opened: false };
    const inserted = await tx.manager
      .createQueryBuilder()
      .insert()
      .into(FollowUpCase)
      .values({ studyId: study.id, patientId: study.patientId, institutionId: study.institutionId, region: study.region, ...finding, ...due })
      .orIgnore()
      .execute();
    const found = await tx.manager.findOneByOrFail(FollowUpCase, { studyId: study.id });
    const opened = inserted.identifiers.length > 0 && inserted.identifiers[0]?.id === found.id;
    if (opened) {
      await tx.audit({ actor, action: 'follow-up.open', resourceType: 'follow-up', resourceId: found.id, institutionId: study.institutionId, details: { studyId: study.id, source: finding.source, action: due.action, dueAt: due.dueAt.toISOString(), category: finding.categoryValue } });
    }
    return { found, opened };
  }

  /**
   * The case's lesions, each once; a finding without lesions is about the study as a whole (one row without a
   * lesion), which real lesions replace as long as it has no pathology.
   */
  private async addLesions(manager: EntityManager, caseId: string, lesions: FindingLesion[], modelVersionId: string | null): Promise<void> {
    const rows = lesions.map((l) => ({ caseId, lesionId: l.lesionId, imageId: l.imageId, modelVersionId: l.modelVersionId ?? modelVersionId, added: l.added, category: l.category }));
    if (rows.length === 0) {
      await manager.createQueryBuilder().insert().into(FollowUpLesion).values({ caseId, lesionId: null }).orIgnore().updateEntity(false).execute();
      return;
    }
    await manager.createQueryBuilder().insert().into(FollowUpLesion).values(rows).orIgnore().updateEntity(false).execute();
    await manager.query(`DELETE FROM follow_up_lesion WHERE case_id = $1 AND lesion_id IS NULL AND pathology IS NULL`, [caseId]);
  }
}
