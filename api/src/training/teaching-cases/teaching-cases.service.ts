import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { notFound } from '../../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { ImageFrames } from '../../imaging/decode/image-frames.service.js';
import { encodeGrayPng } from '../../imaging/encode-png.js';
import { StudiesService } from '../../imaging/studies.service.js';
import { StudyImage } from '../../imaging/study-image.entity.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { cleanPixels } from '../deidentify/clean-pixels.js';
import { deidentifyDicom } from '../deidentify/deidentify-dicom.js';
import { TeachingCase } from './teaching-case.entity.js';

/**
 * Turns a study image into course material: a de-identified copy (DICOM: PS3.15 Basic Profile and Clean Pixel
 * Data; PNG/JPEG: the burned-in banner blanked) stored as its own blob. The original is never linked from a
 * course; /training-media/:id serves only the copy.
 */
@Injectable()
export class TeachingCasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly studies: StudiesService,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly frames: ImageFrames,
  ) {}

  async create(actor: Actor, imageId: string): Promise<TeachingCase> {
    const image = await this.dataSource.getRepository(StudyImage).findOneBy({ id: imageId });
    if (!image) throw notFound('Image');
    // Only someone who may see the original may de-identify it (and the read is audited as such).
    const study = await this.studies.getFor(actor, image.studyId, 'study.read');
    await this.policy.authorize(actor, 'training.teaching-case', {}, { type: 'image', id: imageId });
    const caseId = randomUUID();
    let frame;
    let method: string;
    let dicomSha256: string | null = null;
    // The frames kept at upload: nothing is decoded again here (for older images the decode pool makes them).
    if (image.format === 'dicom') {
      const fileFrames = await this.dataSource.getRepository(StudyImage).find({ where: { studyId: image.studyId, blobSha256: image.blobSha256 }, order: { frameIndex: 'ASC' } });
      const kept = await Promise.all(fileFrames.map((f) => this.frames.gray(f)));
      const deidentified = deidentifyDicom(await this.blobs.get(image.blobSha256), kept, caseId, { salt: this.salt() });
      frame = deidentified.frames[fileFrames.findIndex((f) => f.id === image.id)] ?? deidentified.frames[0]!;
      method = deidentified.method;
      dicomSha256 = await this.blobs.put(deidentified.dicom);
    } else {
      const cleaned = cleanPixels(await this.frames.gray(image), image.calibration);
      frame = cleaned.frame;
      method = `Oasis de-identification: ${image.format.toUpperCase()} re-encoded without metadata; burned-in text removed (${cleaned.method})`;
    }
    const pngSha256 = await this.blobs.put(encodeGrayPng(frame));
    await this.audit.transaction(async (tx) => {
      await tx.manager.insert(TeachingCase, { id: caseId, sourceImageId: image.id, createdBy: actor.userId, pngSha256, dicomSha256, width: frame.width, height: frame.height, method });
      await tx.audit({ actor, action: 'training.teaching-case-create', resourceType: 'image', resourceId: image.id, institutionId: study.institutionId, details: { teachingCaseId: caseId, method } });
    });
    return this.dataSource.getRepository(TeachingCase).findOneByOrFail({ id: caseId });
  }

  /** The newest teaching cases, for trainers picking one for a lesson or question (no patient data in them). */
  async list(actor: Actor, limit: number): Promise<TeachingCase[]> {
    await this.policy.authorize(actor, 'training.teaching-case', {}, { type: 'teaching-case' });
    return this.dataSource.getRepository(TeachingCase).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  /** The de-identified image. Any signed-in user: it is course material and carries no patient data. */
  async png(id: string): Promise<Buffer> {
    const teachingCase = await this.dataSource.getRepository(TeachingCase).findOneBy({ id });
    if (!teachingCase) throw notFound('Teaching case');
    return this.blobs.get(teachingCase.pngSha256);
  }

  /** UIDs are replaced by keyed hashes: stable for one case, not traceable without the server's secret. */
  private salt(): string {
    return createHmac('sha256', this.config.jwtSecret).update('teaching-case-uids').digest('hex');
  }
}
