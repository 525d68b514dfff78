import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, In } from 'typeorm';
import { Lesion } from '../../ai/lesion.entity.js';
import { PreRead } from '../../ai/pre-read.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { PUB_SUB, Topics } from '../../events/pubsub.js';
import { Institution } from '../../identity/institution.entity.js';
import { User } from '../../identity/user.entity.js';
import { decodeImage } from '../../imaging/decode/decode-image.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { StudyImage } from '../../imaging/study-image.entity.js';
import { Patient } from '../../patients/patient.entity.js';
import type { Actor } from '../../policy/actor.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { StoredBlob } from '../../storage/stored-blob.entity.js';
import type { Consult } from '../consult.entity.js';
import { ConsultMessage } from '../consult-message.entity.js';
import { ConsultStatus } from '../consult-status.js';
import { ConsultsService } from '../consults.service.js';
import { ConsultAccessService } from '../routing/consult-access.service.js';
import { ConsultReport, ReportStatus } from './consult-report.entity.js';
import type { PostMessageInput, ReportVerification, SaveReportInput } from './dto/report.input.js';
import { LesionAgreement } from './lesion-agreement.entity.js';
import { contentHash, signedContent } from './report-content.js';
import { renderReportPdf } from './report-pdf.js';

const RECOMMENDATIONS: Record<string, string> = {
  ROUTINE_FOLLOW_UP: 'Routine follow-up',
  SHORT_INTERVAL_FOLLOW_UP: 'Short-interval follow-up',
  BIOPSY: 'Biopsy / FNA',
  REFER: 'Refer',
};

/**
 * The specialist's structured report: drafts, submission, signature (PDF with the images and AI overlay,
 * content hash), amendments as new versions, verification; and the case's messages.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly consults: ConsultsService,
    private readonly access: ConsultAccessService,
    private readonly audit: AuditService,
  ) {}

  /** Creates or updates the draft of the current version (in review, or amended after signature). */
  async saveDraft(actor: Actor, input: SaveReportInput): Promise<ConsultReport> {
    const consult = await this.claimedBy(actor, input.consultId, [ConsultStatus.IN_REVIEW, ConsultStatus.AMENDED]);
    if (input.lesionAssessments?.length) await this.assertLesionsOf(consult, input.lesionAssessments.map((a) => a.lesionId));
    return this.audit.transaction(async (tx) => {
      const { consultId, ...fields } = input;
      let draft = await this.draftOf(consultId, tx.manager);
      if (!draft) {
        const [{ max }] = await tx.manager.query(`SELECT coalesce(max(version), 0)::int AS max FROM consult_report WHERE consult_id = $1`, [consultId]);
        draft = tx.manager.create(ConsultReport, { consultId, version: max + 1, authorId: actor.userId, status: ReportStatus.DRAFT });
      }
      Object.assign(draft, { ...fields, lesionAssessments: fields.lesionAssessments?.map((a) => ({ ...a, note: a.note ?? null })) ?? draft.lesionAssessments ?? [] });
      const saved = await tx.manager.save(ConsultReport, draft);
      await tx.audit({ actor, action: 'consult.report-draft', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, details: { version: saved.version } });
      return saved;
    });
  }

  /** The report is complete: the consult is REPORTED and waits for the signature. */
  async submit(actor: Actor, consultId: string): Promise<Consult> {
    const consult = await this.claimedBy(actor, consultId, [ConsultStatus.IN_REVIEW]);
    this.assertComplete(await this.draftOf(consultId));
    const updated = await this.audit.transaction((tx) => this.consults.apply(tx, actor, consult, 'report', {}));
    await this.consults.publish(updated);
    return updated;
  }

  /**
   * Signs the draft. The PDF is rendered and stored first; the signature (report SIGNED with its hashes, the
   * per-lesion agreements, the consult's transition and turnaround) is then recorded in one transaction.
   * A crash in between leaves an unreferenced PDF and an unsigned report, never a signature without its PDF.
   */
  async sign(actor: Actor, consultId: string): Promise<ConsultReport> {
    const consult = await this.claimedBy(actor, consultId, [ConsultStatus.REPORTED, ConsultStatus.AMENDED]);
    const draft = await this.draftOf(consultId);
    this.assertComplete(draft);
    if (draft!.authorId !== actor.userId) throw new AppError(ErrorCode.FORBIDDEN, 'Only the author can sign this report');
    const signedAt = new Date();
    const content = signedContent(draft!, consult, signedAt);
    const hash = contentHash(content);
    const pdf = await this.renderPdf(consult, draft!, hash, signedAt);
    const pdfSha256 = await this.blobs.put(pdf);
    const { signed, updated } = await this.audit.transaction(async (tx) => {
      await tx.manager.createQueryBuilder().insert().into(StoredBlob).values({ sha256: pdfSha256, size: String(pdf.length), contentType: 'application/pdf' }).orIgnore().execute();
      const result = await tx.manager.update(
        ConsultReport,
        { id: draft!.id, status: ReportStatus.DRAFT },
        { status: ReportStatus.SIGNED, signedAt, contentHash: hash, pdfSha256 },
      );
      if (result.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'This report was signed meanwhile');
      await this.recordAgreements(tx.manager, draft!, consult);
      const first = consult.signedAt === null;
      const updated = await this.consults.apply(tx, actor, consult, 'sign', {
        signedAt,
        ...(first && consult.claimedAt
          ? {
              requestToClaimSeconds: Math.round((consult.claimedAt.getTime() - consult.requestedAt.getTime()) / 1000),
              claimToSignSeconds: Math.round((signedAt.getTime() - consult.claimedAt.getTime()) / 1000),
            }
          : {}),
      });
      await tx.audit({ actor, action: 'consult.report-sign', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, details: { version: draft!.version, contentHash: hash, pdfSha256 } });
      return { signed: await tx.manager.findOneByOrFail(ConsultReport, { id: draft!.id }), updated };
    });
    await this.consults.publish(updated);
    return signed;
  }

  /** Reopens a signed consult: a new draft version starting from the signed one, which stays as it was. */
  async amend(actor: Actor, consultId: string): Promise<ConsultReport> {
    const consult = await this.claimedBy(actor, consultId, [ConsultStatus.SIGNED]);
    const latest = await this.dataSource.getRepository(ConsultReport).findOneOrFail({ where: { consultId, status: ReportStatus.SIGNED }, order: { version: 'DESC' } });
    const { draft, updated } = await this.audit.transaction(async (tx) => {
      const updated = await this.consults.apply(tx, actor, consult, 'amend', {});
      const draft = await tx.manager.save(
        ConsultReport,
        tx.manager.create(ConsultReport, {
          consultId,
          version: latest.version + 1,
          authorId: actor.userId,
          status: ReportStatus.DRAFT,
          findings: latest.findings,
          impression: latest.impression,
          recommendation: latest.recommendation,
          followUpMonths: latest.followUpMonths,
          categorySystem: latest.categorySystem,
          categoryValue: latest.categoryValue,
          lesionAssessments: latest.lesionAssessments,
        }),
      );
      return { draft, updated };
    });
    await this.consults.publish(updated);
    return draft;
  }

  async reportsOf(actor: Actor, consult: Consult): Promise<ConsultReport[]> {
    await this.access.authorizeRead(actor, consult);
    await this.consults.auditRead(actor, consult);
    return this.dataSource.getRepository(ConsultReport).find({ where: { consultId: consult.id }, order: { version: 'ASC' } });
  }

  /** Whether the stored report and PDF are still exactly what was signed. */
  async verify(actor: Actor, reportId: string): Promise<ReportVerification> {
    const { report, consult } = await this.readable(actor, reportId);
    if (report.status !== ReportStatus.SIGNED) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Only a signed report can be verified');
    const contentHashMatches = contentHash(signedContent(report, consult, report.signedAt!)) === report.contentHash;
    const pdfIntact = await this.blobs.get(report.pdfSha256!).then(
      () => true,
      () => false,
    );
    await this.audit.record({ actor, action: 'consult.report-verify', resourceType: 'consult', resourceId: consult.id, institutionId: consult.requestingInstitutionId, details: { contentHashMatches, pdfIntact } });
    return { reportId, contentHashMatches, pdfIntact, valid: contentHashMatches && pdfIntact, contentHash: report.contentHash };
  }

  /** The signed PDF (integrity-checked), for download; audited as an export. */
  async pdf(actor: Actor, reportId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const { report, consult } = await this.readable(actor, reportId);
    if (!report.pdfSha256) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A draft has no PDF yet');
    const bytes = await this.blobs.get(report.pdfSha256);
    await this.audit.record({ actor, action: 'consult.report-export', resourceType: 'consult', resourceId: consult.id, institutionId: consult.requestingInstitutionId, details: { version: report.version } });
    return { bytes, fileName: `oasis-report-${consult.id.slice(0, 8)}-v${report.version}.pdf` };
  }

  async postMessage(actor: Actor, input: PostMessageInput): Promise<ConsultMessage> {
    const consult = await this.consults.get(actor, input.consultId);
    const message = await this.audit.transaction(async (tx) => {
      const saved = await tx.manager.save(ConsultMessage, tx.manager.create(ConsultMessage, { consultId: consult.id, authorId: actor.userId, body: input.body }));
      await tx.audit({ actor, action: 'consult.message', resourceType: 'consult', resourceId: consult.id, institutionId: consult.requestingInstitutionId });
      return saved;
    });
    await this.pubSub.publish(Topics.consultMessagePosted, { consultMessagePosted: message, consult });
    return message;
  }

  messagesOf(consultId: string): Promise<ConsultMessage[]> {
    return this.dataSource.getRepository(ConsultMessage).find({ where: { consultId }, order: { createdAt: 'ASC' } });
  }

  private async readable(actor: Actor, reportId: string) {
    const report = await this.dataSource.getRepository(ConsultReport).findOneBy({ id: reportId });
    if (!report) throw notFound('Report');
    return { report, consult: await this.consults.get(actor, report.consultId) };
  }

  private async claimedBy(actor: Actor, consultId: string, statuses: ConsultStatus[]): Promise<Consult> {
    const consult = await this.consults.get(actor, consultId);
    await this.access.authorizeClaimant(actor, consult, 'Only the specialist who claimed this consult can report on it');
    if (!statuses.includes(consult.status)) {
      throw new AppError(ErrorCode.ILLEGAL_TRANSITION, `The report cannot be changed while the consult is ${consult.status.toLowerCase().replace('_', ' ')}`);
    }
    return consult;
  }

  private draftOf(consultId: string, manager = this.dataSource.manager): Promise<ConsultReport | null> {
    return manager.findOneBy(ConsultReport, { consultId, status: ReportStatus.DRAFT });
  }

  private assertComplete(draft: ConsultReport | null) {
    if (!draft || !draft.impression.trim() || !draft.recommendation) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'The report needs an impression and a recommendation first');
    }
  }

  private async assertLesionsOf(consult: Consult, lesionIds: string[]) {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT l.id FROM lesion l JOIN pre_read p ON p.id = l.pre_read_id WHERE p.study_id = $1 AND l.id = ANY($2)`,
      [consult.studyId, lesionIds],
    );
    if (rows.length !== new Set(lesionIds).size) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Assessments must name lesions of this consult’s study', { field: 'lesionAssessments' });
  }

  private async recordAgreements(manager: DataSource['manager'], report: ConsultReport, consult: Consult) {
    if (report.lesionAssessments.length === 0) return;
    const lesions = await manager.find(Lesion, { where: { id: In(report.lesionAssessments.map((a) => a.lesionId)) } });
    const preReads = new Map((await manager.findBy(PreRead, { id: In(lesions.map((l) => l.preReadId)) })).map((p) => [p.id, p]));
    await manager.insert(
      LesionAgreement,
      report.lesionAssessments.map((a) => ({
        reportId: report.id,
        lesionId: a.lesionId,
        modelVersionId: preReads.get(lesions.find((l) => l.id === a.lesionId)!.preReadId)?.modelVersionId ?? null,
        region: consult.region,
        agreement: a.agreement,
      })),
    );
  }

  private async renderPdf(consult: Consult, report: ConsultReport, hash: string, signedAt: Date): Promise<Buffer> {
    const [patient, author, requesting, images] = await Promise.all([
      this.dataSource.getRepository(Patient).findOneByOrFail({ id: consult.patientId }),
      this.dataSource.getRepository(User).findOneByOrFail({ id: report.authorId }),
      this.dataSource.getRepository(Institution).findOneByOrFail({ id: consult.requestingInstitutionId }),
      this.dataSource.getRepository(StudyImage).find({ where: { studyId: consult.studyId }, order: { createdAt: 'ASC', frameIndex: 'ASC' }, take: 6 }),
    ]);
    const preReads = images.length ? await this.dataSource.getRepository(PreRead).find({ where: { imageId: In(images.map((i) => i.id)) } }) : [];
    const pdfImages = [];
    for (const image of images) {
      const frame = (await decodeImage(await this.blobs.get(image.blobSha256))).frames[image.frameIndex];
      const lesions = preReads.find((p) => p.imageId === image.id)?.lesions ?? [];
      pdfImages.push({
        png: encodeGrayPng(frame),
        width: frame.width,
        height: frame.height,
        lesions: lesions.map((l) => ({ x: l.x, y: l.y, width: l.width, height: l.height, label: `AI ${(l.probability * 100).toFixed(0)}%${l.maxDiameterMm ? ` ${l.maxDiameterMm} mm` : ''}` })),
      });
    }
    return renderReportPdf({
      title: `Oasis second-opinion report — ${consult.region.toLowerCase().replace(/_/g, ' ')} ultrasound (version ${report.version})`,
      hash,
      signedAt,
      rows: [
        ['Patient', `${patient.name} (${patient.sex}${patient.birthDate ? `, born ${patient.birthDate}` : ''})`],
        ['Requested by', requesting.name],
        ['Clinical question', consult.clinicalQuestion],
        ['Specialist', author.displayName],
        ['Signed', signedAt.toISOString()],
        ['Category', report.categorySystem ? `${report.categorySystem} ${report.categoryValue}` : '—'],
        ['Recommendation', `${report.recommendation ? RECOMMENDATIONS[report.recommendation] : '—'}${report.followUpMonths ? ` in ${report.followUpMonths} months` : ''}`],
      ],
      sections: [
        ['Findings', report.findings],
        ['Impression', report.impression],
        ['Agreement with the AI pre-read', report.lesionAssessments.map((a, i) => `Lesion ${i + 1}: ${a.agreement.toLowerCase()}${a.note ? ` — ${a.note}` : ''}`).join('\n')],
      ],
      images: pdfImages,
      footer: 'The AI pre-read is a second opinion (adjunct only). This report was signed electronically; its SHA-256 above identifies the signed content. Verify it in Oasis.',
    });
  }
}

