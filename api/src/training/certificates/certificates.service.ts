import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { RATE_LIMITER, type RateLimiter } from '../../common/rate-limiter.js';
import type { Actor } from '../../policy/actor.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { Certificate, certificateStatus } from './certificate.entity.js';
import { newVerificationCode, normalizeVerificationCode } from './certificate-code.js';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { Course } from '../courses/course.entity.js';
import type { CertificateVerification, CourseProgress } from '../dto/training.types.js';
import { RequirementsService, requirementsMet } from './requirements.service.js';
import { TrainingAccess } from '../training-access.service.js';
import { CertificateStatus } from '../training-enums.js';

/** Public verification: this many checks per client address per minute, so codes cannot be enumerated. */
export const VERIFY_LIMIT_PER_MINUTE = 30;

/**
 * Certificates: issued automatically the first time a trainee meets a course's requirements, verified publicly
 * by code, revoked by admins (audited), renewed with a new code once the trainee has passed the exam again.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RATE_LIMITER) private readonly rateLimiter: RateLimiter,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly access: TrainingAccess,
    private readonly requirements: RequirementsService,
  ) {}

  /** The trainee's progress; issues the certificate when every requirement is met and none was issued yet. */
  async progress(userId: string, course: Course): Promise<CourseProgress> {
    const r = await this.requirements.of(userId, course);
    const completed = requirementsMet(course, r);
    const latest = () => this.dataSource.getRepository(Certificate).findOne({ where: { userId, courseId: course.id }, order: { issuedAt: 'DESC' } });
    let certificate = await latest();
    // Any certificate means the first was issued (renewals follow it): only a completed course without one issues.
    if (completed && !certificate) {
      await this.issueFirst(userId, course);
      certificate = await latest();
    }
    return { lessonsTotal: r.lessonsTotal, lessonsDone: r.lessonsDone, attendanceMinutes: r.attendanceMinutes, examPassed: r.lastPassedAt !== null, completed, certificate };
  }

  mine(actor: Actor): Promise<Certificate[]> {
    return this.dataSource.getRepository(Certificate).find({ where: { userId: actor.userId }, order: { issuedAt: 'DESC' } });
  }

  /** Every certificate of a course, newest first: for its trainers and the admins who revoke. */
  async ofCourse(actor: Actor, courseId: string): Promise<Certificate[]> {
    await this.access.authorize(actor, 'training.report', await this.access.course(courseId));
    return this.dataSource.getRepository(Certificate).find({ where: { courseId }, order: { issuedAt: 'DESC' } });
  }

  /** Public: anyone with the code sees what the certificate states and whether it holds; rate-limited per address. */
  async verify(code: string, clientAddress: string): Promise<CertificateVerification> {
    const { allowed, retryAfterMs } = await this.rateLimiter.hit(`certificate-verify:${clientAddress}`, VERIFY_LIMIT_PER_MINUTE, 60_000);
    if (!allowed) throw new AppError(ErrorCode.RATE_LIMITED, 'Too many certificate checks; wait a minute and try again', { retryAfterMs });
    const normalized = normalizeVerificationCode(code);
    const certificate = normalized ? await this.dataSource.getRepository(Certificate).findOneBy({ verificationCode: normalized }) : null;
    if (!certificate) throw new AppError(ErrorCode.CERTIFICATE_NOT_FOUND, 'No certificate has this verification code');
    return {
      status: certificateStatus(certificate),
      holderName: certificate.holderName,
      courseTitle: certificate.courseTitle,
      issuerName: certificate.issuerName,
      signerName: certificate.signerName,
      signerTitle: certificate.signerTitle,
      creditHours: certificate.creditHours,
      issuedAt: certificate.issuedAt,
      expiresAt: certificate.expiresAt,
      revokedReason: certificate.revokedReason,
    };
  }

  async revoke(actor: Actor, id: string, reason: string): Promise<Certificate> {
    const certificate = await this.load(id);
    const course = await this.access.course(certificate.courseId);
    await this.access.authorize(actor, 'training.certificate-manage', course);
    const trimmed = reason.trim();
    if (trimmed.length < 3 || trimmed.length > 500) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give the reason for revoking (3 to 500 characters)', { field: 'reason' });
    await this.audit.transaction(async (tx) => {
      const result = await tx.manager.update(Certificate, { id, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: trimmed, revokedBy: actor.userId });
      if (!result.affected) throw new AppError(ErrorCode.ILLEGAL_TRANSITION, 'This certificate is already revoked');
      await tx.audit({ actor, action: 'training.certificate-revoke', resourceType: 'certificate', resourceId: id, institutionId: course.institutionId, details: { reason: trimmed } });
    });
    return this.load(id);
  }

  /**
   * A new certificate with a new code, for its holder (or an admin), when the requirements still hold and the
   * exam was passed again after the old one was issued. The old one stays as it was, marked superseded.
   */
  async renew(actor: Actor, id: string): Promise<Certificate> {
    const old = await this.load(id);
    const course = await this.access.course(old.courseId);
    if (old.userId !== actor.userId) await this.access.authorize(actor, 'training.certificate-manage', course);
    if (certificateStatus(old) === CertificateStatus.REVOKED) throw new AppError(ErrorCode.ILLEGAL_TRANSITION, 'A revoked certificate cannot be renewed');
    if (old.supersededBy) throw new AppError(ErrorCode.CONFLICT, 'This certificate has already been renewed', { supersededBy: old.supersededBy });
    const r = await this.requirements.of(old.userId, course);
    const repassed = !r.hasExam || (r.lastPassedAt !== null && r.lastPassedAt.getTime() > old.issuedAt.getTime());
    if (!requirementsMet(course, r) || !repassed) {
      throw new AppError(ErrorCode.REQUIREMENTS_NOT_MET, 'Renewal needs every course requirement met and the exam passed again since this certificate was issued');
    }
    const renewed = await this.audit.transaction(async (tx) => {
      const created = await this.insert(tx.manager, old.userId, course, old.id);
      if (!created) throw new AppError(ErrorCode.CONFLICT, 'This certificate has already been renewed');
      await tx.manager.update(Certificate, { id: old.id }, { supersededBy: created.id });
      await tx.audit({ actor, action: 'training.certificate-renew', resourceType: 'certificate', resourceId: created.id, institutionId: course.institutionId, details: { renews: old.id } });
      return created;
    });
    return this.load(renewed.id);
  }

  /** The PDF, rendered now from what the certificate states (and its current revocation). Holder, course staff, admins. */
  async pdf(actor: Actor, id: string, publicUrl: string): Promise<{ bytes: Buffer; fileName: string }> {
    const certificate = await this.load(id);
    if (certificate.userId !== actor.userId) {
      const course = await this.access.course(certificate.courseId);
      // Certificate managers may; anyone else needs the course's reports (refused and audited otherwise).
      if (!(await this.access.can(actor, 'training.certificate-manage', course))) await this.access.authorize(actor, 'training.report', course);
    }
    const seal = certificate.sealSha256 ? await this.blobs.get(certificate.sealSha256) : null;
    const bytes = await renderCertificatePdf(certificate, `${publicUrl}/verify/${certificate.verificationCode}`, seal);
    return { bytes, fileName: `certificate-${certificate.verificationCode}.pdf` };
  }

  private async issueFirst(userId: string, course: Course): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const created = await this.insert(manager, userId, course, null);
      if (!created) return;
      await manager.query(`UPDATE enrolment SET status = 'COMPLETED', completed_at = now() WHERE course_id = $1 AND user_id = $2 AND status = 'ENROLLED'`, [course.id, userId]);
    });
  }

  /** Inserts a certificate unless the unique indexes say one exists already (first issue, or this renewal); null then. */
  private async insert(manager: EntityManager, userId: string, course: Course, renewsId: string | null): Promise<{ id: string } | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO certificate (course_id, user_id, holder_name, institution_name, course_title, credit_hours, verification_code, expires_at, renews_id,
                                issuer_name, signer_name, signer_title, seal_sha256)
       SELECT c.id, u.id, u.display_name,
              coalesce((SELECT i.name FROM enrolment en JOIN institution i ON i.id = en.institution_id WHERE en.course_id = c.id AND en.user_id = u.id),
                       (SELECT i.name FROM role_assignment ra JOIN institution i ON i.id = ra.institution_id WHERE ra.user_id = u.id ORDER BY ra.created_at LIMIT 1), ''),
              c.title, c.credit_hours, $3, now() + make_interval(months => c.certificate_valid_months), $4::uuid,
              (SELECT name FROM institution WHERE id = c.institution_id),
              coalesce(nullif(c.certificate_signer_name, ''), (SELECT display_name FROM app_user WHERE id = c.created_by)),
              nullif(c.certificate_signer_title, ''),
              (SELECT png_sha256 FROM certificate_seal WHERE institution_id = c.institution_id)
       FROM course c, app_user u WHERE c.id = $1 AND u.id = $2
       ON CONFLICT DO NOTHING RETURNING id`,
      [course.id, userId, newVerificationCode(), renewsId],
    );
    return rows[0] ?? null;
  }

  private async load(id: string): Promise<Certificate> {
    const certificate = await this.dataSource.getRepository(Certificate).findOneBy({ id });
    if (!certificate) throw notFound('Certificate');
    return certificate;
  }
}
