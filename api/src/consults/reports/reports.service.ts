import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PubSubEngine } from 'graphql-subscriptions';
import { DataSource, In, QueryFailedError } from 'typeorm';
import { Lesion } from '../../ai/lesion.entity.js';
import { PreRead } from '../../ai/pre-read.entity.js';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { DomainEvents, type FindingLesion } from '../../events/domain-events.js';
import { PUB_SUB, Topics } from '../../events/pubsub.js';
import { Institution } from '../../identity/institution.entity.js';
import { PasswordService } from '../../identity/password.service.js';
import { User } from '../../identity/user.entity.js';
import { ImageFrames } from '../../imaging/decode/image-frames.service.js';
import { StudyImage } from '../../imaging/study-image.entity.js';
import { Patient } from '../../patients/patient.entity.js';
import { PatientsService } from '../../patients/patients.service.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { StoredBlob } from '../../storage/stored-blob.entity.js';
import type { Consult } from '../consult.entity.js';
import { ConsultMessage } from '../consult-message.entity.js';
import { ConsultStatus } from '../consult-status.js';
import { ConsultsService } from '../consults.service.js';
import { ConsultAccessService } from '../routing/consult-access.service.js';
import { Agreement, ConsultReport, ReportStatus } from './consult-report.entity.js';
import { CATEGORY_VALUES, type PostMessageInput, type ReportVerification, type SaveReportInput, type SignReportInput } from './dto/report.input.js';
import { LesionAgreement } from './lesion-agreement.entity.js';
import { contentHash, signedContent } from './report-content.js';
import { numberLesions } from './lesion-numbers.js';
import { asReportLanguage, REPORT_LABELS, type ReportLanguage, zonedTime } from './pdf/report-labels.js';
import { renderReportPdf } from './report-pdf.js';

/** Who a PDF copy is for: the requesting institution sees the patient's identity, the reviewing hospital does not. */
type Audience = 'requesting' | 'reviewing';

/** Image pages per PDF, so that a long study cannot make an unbounded document. */
const MAX_IMAGE_PAGES = 12;

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
    private readonly passwords: PasswordService,
    private readonly policy: PolicyService,
    private readonly patients: PatientsService,
    private readonly events: DomainEvents,
    private readonly frames: ImageFrames,
  ) {}

  /**
   * Creates or updates the draft of the current version (in review, or amended after signature). Each save
   * names the revision it started from and increments it: a save based on an older revision (another tab, an
   * answer overtaken by a newer edit) is refused with CONFLICT and changes nothing.
   */
  async saveDraft(actor: Actor, input: SaveReportInput): Promise<ConsultReport> {
    const consult = await this.claimedBy(actor, input.consultId, [ConsultStatus.IN_REVIEW, ConsultStatus.AMENDED]);
    if (input.lesionAssessments?.length) await this.assertLesionsOf(consult, input.lesionAssessments.map((a) => a.lesionId));
    if (input.addedLesions?.length) await this.assertImagesOf(consult, input.addedLesions.map((l) => l.imageId));
    const { consultId, baseRevision, ...fields } = input;
    try {
      return await this.audit.transaction(async (tx) => {
        const existing = await this.draftOf(consultId, tx.manager);
        if ((existing?.revision ?? 0) !== baseRevision) throw this.stale(existing);
        const draft =
          existing ??
          tx.manager.create(ConsultReport, {
            consultId,
            version: ((await tx.manager.query(`SELECT coalesce(max(version), 0)::int AS max FROM consult_report WHERE consult_id = $1`, [consultId]))[0].max as number) + 1,
            authorId: actor.userId,
            status: ReportStatus.DRAFT,
          });
        const next = {
          ...draft,
          ...fields,
          lesionAssessments: fields.lesionAssessments?.map((a) => ({ ...a, note: a.note ?? null })) ?? draft.lesionAssessments ?? [],
          addedLesions: fields.addedLesions?.map((l) => ({ ...l, note: l.note ?? null })) ?? draft.addedLesions ?? [],
        };
        this.assertCategory(next.categorySystem ?? null, next.categoryValue ?? null);
        let saved: ConsultReport;
        if (existing) {
          // Compare-and-set on the revision: of two saves racing from the same revision, one wins.
          const { id, version, authorId, status, createdAt, updatedAt, revision, ...changes } = next as ConsultReport;
          const result = await tx.manager.update(ConsultReport, { id, status: ReportStatus.DRAFT, revision: baseRevision }, { ...changes, revision: baseRevision + 1 });
          if (result.affected !== 1) throw this.stale(await this.draftOf(consultId));
          saved = await tx.manager.findOneByOrFail(ConsultReport, { id });
        } else {
          saved = await tx.manager.save(ConsultReport, tx.manager.create(ConsultReport, { ...next, revision: 1 }));
        }
        await tx.audit({ actor, action: 'consult.report-draft', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, details: { version: saved.version, revision: saved.revision } });
        return saved;
      });
    } catch (error) {
      // Two first saves at once: the second meets the (consult, version) unique key.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505') throw this.stale(await this.draftOf(consultId));
      throw error;
    }
  }

  private stale(current: ConsultReport | null): AppError {
    return new AppError(ErrorCode.CONFLICT, 'The report was changed elsewhere since this edit began: compare both versions', { revision: current?.revision ?? 0 });
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
   * Renders the draft as it would be signed (the reviewing hospital's copy, in the specialist's language),
   * stores that PDF and remembers it with its content hash, time and draft revision. Signing signs exactly
   * this document.
   */
  async preview(actor: Actor, consultId: string, language?: string | null): Promise<ConsultReport> {
    const consult = await this.claimedBy(actor, consultId, [ConsultStatus.IN_REVIEW, ConsultStatus.REPORTED, ConsultStatus.AMENDED]);
    const draft = await this.draftOf(consultId);
    this.assertComplete(draft);
    const previewAt = new Date();
    const hash = contentHash(signedContent(draft!, consult, previewAt));
    const lang = asReportLanguage(language ?? (await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId })).locale);
    const pdf = await this.renderPdf(consult, draft!, hash, previewAt, lang, 'reviewing');
    const pdfSha256 = await this.blobs.put(pdf);
    return this.audit.transaction(async (tx) => {
      await this.registerBlob(tx.manager, pdfSha256, pdf.length);
      const result = await tx.manager.update(
        ConsultReport,
        { id: draft!.id, status: ReportStatus.DRAFT, revision: draft!.revision },
        { previewRevision: draft!.revision, previewAt, previewContentHash: hash, previewPdfSha256: pdfSha256, language: lang },
      );
      if (result.affected !== 1) throw this.stale(await this.draftOf(consultId));
      await tx.audit({ actor, action: 'consult.report-preview', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, details: { version: draft!.version, revision: draft!.revision, contentHash: hash } });
      return tx.manager.findOneByOrFail(ConsultReport, { id: draft!.id });
    });
  }

  /** The last preview's PDF, for the author's sign dialog. */
  async previewPdf(actor: Actor, reportId: string): Promise<{ bytes: Buffer; fileName: string }> {
    const { report, consult } = await this.readable(actor, reportId);
    await this.access.authorizeClaimant(actor, consult, 'Only the specialist who claimed this consult can see its preview');
    if (report.status !== ReportStatus.DRAFT || !report.previewPdfSha256) throw new AppError(ErrorCode.BAD_USER_INPUT, 'This report has no preview to show');
    return { bytes: await this.blobs.get(report.previewPdfSha256), fileName: `oasis-report-${consult.id.slice(0, 8)}-v${report.version}-preview.pdf` };
  }

  /**
   * Signs the previewed draft after asking for the password again. What is signed is the preview: its PDF
   * bytes, its content hash (which the caller must name, as shown) and its time; a draft changed since then
   * is refused (CONFLICT). The report SIGNED with its hashes, the per-lesion agreements, the consult's
   * transition and turnaround are recorded in one transaction.
   */
  async sign(actor: Actor, input: SignReportInput): Promise<ConsultReport> {
    const { consultId } = input;
    const consult = await this.claimedBy(actor, consultId, [ConsultStatus.REPORTED, ConsultStatus.AMENDED]);
    const draft = await this.draftOf(consultId);
    this.assertComplete(draft);
    // A claimant who took over another specialist's draft may finish it but not sign it in their name.
    if (draft!.authorId !== actor.userId) {
      await this.policy.deny(actor, 'consult.claim', { type: 'consult', id: consultId }, 'not the author', consult.targetInstitutionId, 'Only the author can sign this report');
    }
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await this.passwords.verify(user.passwordHash, input.password))) {
      await this.audit.record({ actor, action: 'consult.report-sign', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, outcome: AuditOutcome.DENIED, code: ErrorCode.INVALID_CREDENTIALS });
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'The password is wrong; nothing was signed');
    }
    const previewed = draft!.previewRevision === draft!.revision && draft!.previewAt && draft!.previewPdfSha256;
    if (!previewed || draft!.previewContentHash !== input.contentHash || contentHash(signedContent(draft!, consult, draft!.previewAt!)) !== input.contentHash) {
      throw new AppError(ErrorCode.CONFLICT, 'The report changed since the preview you saw: look at the new preview before signing', { revision: draft!.revision });
    }
    const signedAt = draft!.previewAt!;
    const { signed, updated } = await this.audit.transaction(async (tx) => {
      const result = await tx.manager.update(
        ConsultReport,
        { id: draft!.id, status: ReportStatus.DRAFT, revision: draft!.revision },
        { status: ReportStatus.SIGNED, signedAt, contentHash: input.contentHash, pdfSha256: draft!.previewPdfSha256 },
      );
      if (result.affected !== 1) throw new AppError(ErrorCode.CONFLICT, 'This report was changed or signed meanwhile');
      const lesions = await this.recordAgreements(tx.manager, draft!, consult);
      const first = consult.signedAt === null;
      const updated = await this.consults.apply(tx, actor, consult, 'sign', {
        signedAt,
        ...(first && consult.claimedAt
          ? {
              requestToClaimSeconds: Math.round((consult.claimedAt.getTime() - consult.requestedAt.getTime()) / 1000),
              claimToSignSeconds: Math.max(0, Math.round((signedAt.getTime() - consult.claimedAt.getTime()) / 1000)),
            }
          : {}),
      });
      await tx.audit({ actor, action: 'consult.report-sign', resourceType: 'consult', resourceId: consultId, institutionId: consult.requestingInstitutionId, details: { version: draft!.version, contentHash: input.contentHash, pdfSha256: draft!.previewPdfSha256 } });
      // What the signature sets off (a follow-up case) commits with it.
      await this.events.emit(
        'consult-report.signed',
        {
          reportId: draft!.id,
          consultId,
          studyId: consult.studyId,
          region: consult.region,
          recommendation: draft!.recommendation,
          followUpMonths: draft!.followUpMonths,
          categorySystem: draft!.categorySystem,
          categoryValue: draft!.categoryValue,
          lesions,
          signedBy: { userId: actor.userId, username: actor.username },
        },
        tx,
      );
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
          addedLesions: latest.addedLesions,
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

  /**
   * A signed report's PDF for the reader, audited as an export. Those who may read the patient's record (the
   * requesting institution) get a copy with the identity; everyone else the reviewing hospital's copy: the
   * signed bytes themselves (integrity-checked) in the signed language, or the same signed content rendered in
   * the reader's language. Every copy carries the signed content hash.
   */
  async pdf(actor: Actor, reportId: string, language?: string | null): Promise<{ bytes: Buffer; fileName: string }> {
    const { report, consult } = await this.readable(actor, reportId);
    if (!report.pdfSha256) throw new AppError(ErrorCode.BAD_USER_INPUT, 'A draft has no PDF yet');
    const patient = await this.dataSource.getRepository(Patient).findOneByOrFail({ id: consult.patientId });
    const audience: Audience = (await this.policy.can(actor, 'patient.read', { institutionIds: [patient.institutionId] })) ? 'requesting' : 'reviewing';
    const lang = asReportLanguage(language ?? (await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId })).locale);
    const signedCopy = audience === 'reviewing' && lang === asReportLanguage(report.language);
    const bytes = signedCopy ? await this.blobs.get(report.pdfSha256) : await this.renderPdf(consult, report, report.contentHash!, report.signedAt!, lang, audience);
    await this.audit.record({ actor, action: 'consult.report-export', resourceType: 'consult', resourceId: consult.id, institutionId: consult.requestingInstitutionId, details: { version: report.version, audience, language: lang, signedCopy } });
    return { bytes, fileName: `oasis-report-${consult.id.slice(0, 8)}-v${report.version}-${lang}.pdf` };
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

  private async assertImagesOf(consult: Consult, imageIds: string[]) {
    const found = await this.dataSource.getRepository(StudyImage).countBy({ studyId: consult.studyId, id: In([...new Set(imageIds)]) });
    if (found !== new Set(imageIds).size) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Added lesions must be on images of this consult’s study', { field: 'addedLesions' });
  }

  /** A category value belongs to its system (BI-RADS 0-6 with 4A-4C, TI-RADS TR1-TR5). */
  private assertCategory(system: string | null, value: string | null) {
    if (system && value && !CATEGORY_VALUES[system]?.includes(value)) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `${value} is not a ${system} category`, { field: 'categoryValue' });
    }
  }

  private registerBlob(manager: DataSource['manager'], sha256: string, size: number) {
    return manager.createQueryBuilder().insert().into(StoredBlob).values({ sha256, size: String(size), contentType: 'application/pdf' }).orIgnore().execute();
  }

  /**
   * One row per assessed AI lesion, and one MISSED row (AI false negative) per lesion the specialist added.
   * Returns the lesions with their images, for what the signature sets off.
   */
  private async recordAgreements(manager: DataSource['manager'], report: ConsultReport, consult: Consult): Promise<FindingLesion[]> {
    const lesions = report.lesionAssessments.length ? await manager.find(Lesion, { where: { id: In(report.lesionAssessments.map((a) => a.lesionId)) } }) : [];
    const preReads = lesions.length ? new Map((await manager.findBy(PreRead, { id: In(lesions.map((l) => l.preReadId)) })).map((p) => [p.id, p])) : new Map<string, PreRead>();
    const imageModels = report.addedLesions.length
      ? new Map((await manager.findBy(PreRead, { imageId: In(report.addedLesions.map((l) => l.imageId)) })).map((p) => [p.imageId, p.modelVersionId]))
      : new Map<string, string | null>();
    const rows = [
      ...report.lesionAssessments.map((a) => ({
        reportId: report.id,
        lesionId: a.lesionId,
        modelVersionId: preReads.get(lesions.find((l) => l.id === a.lesionId)!.preReadId)?.modelVersionId ?? null,
        region: consult.region,
        agreement: a.agreement,
        imageId: null,
        category: null,
      })),
      ...report.addedLesions.map((l) => ({ reportId: report.id, lesionId: l.id, modelVersionId: imageModels.get(l.imageId) ?? null, region: consult.region, agreement: Agreement.MISSED, imageId: l.imageId, category: l.category })),
    ];
    if (rows.length) await manager.insert(LesionAgreement, rows);
    const imageOf = (lesionId: string) => preReads.get(lesions.find((l) => l.id === lesionId)!.preReadId)!.imageId;
    return rows.map((r) => ({ lesionId: r.lesionId, imageId: r.imageId ?? imageOf(r.lesionId), modelVersionId: r.modelVersionId, category: r.category, added: r.agreement === Agreement.MISSED }));
  }

  /** The report as a PDF for one audience in one language; lesion numbers as on the consult page. */
  private async renderPdf(consult: Consult, report: ConsultReport, hash: string, at: Date, lang: ReportLanguage, audience: Audience): Promise<Buffer> {
    const l = REPORT_LABELS[lang];
    const [patient, summary, author, requesting, images] = await Promise.all([
      this.dataSource.getRepository(Patient).findOneByOrFail({ id: consult.patientId }),
      this.consults.patientSummary(consult),
      this.dataSource.getRepository(User).findOneByOrFail({ id: report.authorId }),
      this.dataSource.getRepository(Institution).findOneByOrFail({ id: consult.requestingInstitutionId }),
      this.dataSource.getRepository(StudyImage).find({ where: { studyId: consult.studyId }, order: { createdAt: 'ASC', frameIndex: 'ASC' } }),
    ]);
    const preReads = images.length ? await this.dataSource.getRepository(PreRead).find({ where: { imageId: In(images.map((i) => i.id)) } }) : [];
    const numbered = numberLesions(images, preReads, report.addedLesions ?? []);
    const imageName = (image: StudyImage) => image.fileName ?? `#${images.indexOf(image) + 1}`;
    const assessments = new Map(report.lesionAssessments.map((a) => [a.lesionId, a]));
    const agreementLines = numbered.flatMap((item) => {
      const head = l.lesion(item.n, imageName(item.image));
      if (item.kind === 'specialist') return [`${head}: ${item.lesion.category} — ${l.agreements.MISSED}${item.lesion.note ? ` — ${item.lesion.note}` : ''}`];
      const a = assessments.get(item.lesion.id);
      return a ? [`${head}: ${l.agreements[a.agreement]}${a.note ? ` — ${a.note}` : ''}`] : [];
    });

    const pdfImages = [];
    for (const image of images.filter((i) => numbered.some((n) => n.image === i)).slice(0, MAX_IMAGE_PAGES)) {
      // The frame kept at upload, as the viewer shows it: nothing is decoded again for the PDF.
      pdfImages.push({
        name: imageName(image),
        png: await this.frames.png(image),
        width: image.width,
        height: image.height,
        marks: numbered
          .filter((n) => n.image === image)
          .map((n) => ({
            x: n.lesion.x,
            y: n.lesion.y,
            width: n.lesion.width,
            height: n.lesion.height,
            kind: n.kind,
            label: n.kind === 'ai' ? l.aiBox(n.n, Math.round(n.lesion.probability * 100)) : l.addedBox(n.n, n.lesion.category),
          })),
      });
    }

    const ageSex = l.ageSex(summary.ageYears, l.sex[summary.sex] ?? summary.sex);
    const identity: Array<[string, string]> =
      audience === 'requesting'
        ? [
            [l.patient, `${patient.name} — ${ageSex}`],
            [l.nationalId, (await this.patients.nationalIdOf(patient)) ?? '—'],
            [l.birthDate, patient.birthDate ?? '—'],
            [l.address, patient.address ?? '—'],
          ]
        : [[l.patient, `${ageSex} (${l.identityWithheld})`]];
    return renderReportPdf({
      title: `${l.title} — ${consult.region.toLowerCase().replace(/_/g, ' ')} (${l.version(report.version)})`,
      hash,
      signedAt: at,
      direction: lang === 'ug' ? 'rtl' : 'ltr',
      rows: [
        ...identity,
        [l.requestedBy, requesting.name],
        [l.question, consult.clinicalQuestion],
        [l.specialist, author.displayName],
        [l.signed, zonedTime(at, requesting.timeZone)],
        [l.category, report.categorySystem ? `${report.categorySystem} ${report.categoryValue}` : '—'],
        [l.recommendation, `${report.recommendation ? l.recommendations[report.recommendation] : '—'}${report.followUpMonths ? ` ${l.inMonths(report.followUpMonths)}` : ''}`],
      ],
      sections: [
        [l.findings, report.findings],
        [l.impression, report.impression],
        [l.agreement, agreementLines.join('\n')],
      ],
      images: pdfImages,
      footer: l.footer,
    });
  }
}
