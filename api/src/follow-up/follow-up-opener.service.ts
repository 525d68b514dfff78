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
      const existing = await tx.manager.findOneBy(FollowUpCase, { studyId: study.id });
      // The specialist's case is theirs; a later AI frame of the same study adds its lesions to an AI case only.
      if (existing && existing.source !== FollowUpSource.AI_PRE_READ) continue;
      const opened =
        existing ??
        (await this.open(tx, study, due, { source: FollowUpSource.AI_PRE_READ, preReadId: preRead.preReadId, categorySystem: preRead.categorySystem, categoryValue: preRead.categoryValue }, null));
      if (existing && existing.status !== FollowUpStatus.OPEN) continue;
      await this.addLesions(tx.manager, opened.id, preRead.lesions, preRead.modelVersionId);
    }
  }

  async fromReport(report: SignedReport, tx: AuditedTransaction, now = new Date()): Promise<void> {
    const due = dueForReport(report, this.config, now);
    if (!due) return;
    const study = await tx.manager.findOneByOrFail(Study, { id: report.studyId });
    const finding = { source: FollowUpSource.SIGNED_REPORT, reportId: report.reportId, preReadId: null, categorySystem: report.categorySystem, categoryValue: report.categoryValue };
    const existing = await tx.manager.findOneBy(FollowUpCase, { studyId: study.id });
    if (existing?.status === FollowUpStatus.CLOSED) return;
    let caseId: string;
    if (existing) {
      await tx.manager.update(FollowUpCase, { id: existing.id, status: FollowUpStatus.OPEN }, { ...finding, ...due });
      await tx.audit({ actor: report.signedBy, action: 'follow-up.update', resourceType: 'follow-up', resourceId: existing.id, institutionId: existing.institutionId, details: { reportId: report.reportId, action: due.action, dueAt: due.dueAt.toISOString(), was: { source: existing.source, action: existing.action } } });
      caseId = existing.id;
    } else {
      caseId = (await this.open(tx, study, due, finding, report.signedBy)).id;
    }
    await this.addLesions(tx.manager, caseId, report.lesions, null);
  }

  private async open(
    tx: AuditedTransaction,
    study: Study,
    due: Due,
    finding: Pick<FollowUpCase, 'source' | 'preReadId' | 'categorySystem' | 'categoryValue'> & { reportId?: string | null },
    actor: SignedReport['signedBy'] | null,
  ): Promise<FollowUpCase> {
    const saved = await tx.manager.save(FollowUpCase, tx.manager.create(FollowUpCase, { studyId: study.id, patientId: study.patientId, institutionId: study.institutionId, region: study.region, reportId: null, ...finding, ...due }));
    await tx.audit({ actor, action: 'follow-up.open', resourceType: 'follow-up', resourceId: saved.id, institutionId: study.institutionId, details: { studyId: study.id, source: finding.source, action: due.action, dueAt: due.dueAt.toISOString(), category: finding.categoryValue } });
    return saved;
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
