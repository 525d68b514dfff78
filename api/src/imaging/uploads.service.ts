import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreReadScheduler } from '../ai/pre-read-scheduler.service.js';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Actor } from '../policy/actor.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { StoredBlob } from '../storage/stored-blob.entity.js';
import type { Calibration } from './calibration.js';
import { decodeImage } from './decode/decode-image.js';
import type { CreateUploadDto } from './dto/upload.input.js';
import { ImagingError } from './imaging-error.js';
import { StudiesService } from './studies.service.js';
import { StudyImage } from './study-image.entity.js';
import { Study } from './study.entity.js';
import { Upload } from './upload.entity.js';

export interface UploadState {
  id: string;
  offset: number;
  length: number;
  complete: boolean;
  imageIds?: string[];
}

const CONTENT_TYPES: Record<string, string> = { dicom: 'application/dicom', png: 'image/png', jpeg: 'image/jpeg' };

/**
 * Resumable uploads: the client announces a file, then sends chunks at the offset the server reports, and
 * after a cut link asks for the offset and carries on. The part file on disk is the truth about how much
 * arrived. A complete file is decoded and checked before anything is recorded; a bad one leaves nothing.
 */
@Injectable()
export class UploadsService {
  private readonly logger = new Logger(UploadsService.name);
  private readonly partsDir: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly studies: StudiesService,
    private readonly audit: AuditService,
    private readonly scheduler: PreReadScheduler,
  ) {
    this.partsDir = join(config.dataDir, 'uploads');
  }

  async create(actor: Actor, input: CreateUploadDto): Promise<UploadState> {
    const study = await this.studies.getFor(actor, input.studyId, 'study.upload');
    if (input.length > this.config.maxUploadBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Files up to ${this.config.maxUploadBytes} bytes are accepted`, { maxBytes: this.config.maxUploadBytes });
    }
    const upload = await this.dataSource.getRepository(Upload).save({
      studyId: study.id,
      createdBy: actor.userId,
      fileName: input.fileName ?? null,
      length: String(input.length),
    });
    await mkdir(this.partsDir, { recursive: true });
    await (await open(this.partPath(upload.id), 'w', 0o600)).close();
    return { id: upload.id, offset: 0, length: input.length, complete: false };
  }

  async state(actor: Actor, id: string): Promise<UploadState> {
    const upload = await this.ownUpload(actor, id);
    if (upload.completedAt) return { id, offset: Number(upload.length), length: Number(upload.length), complete: true };
    return { id, offset: await this.received(id), length: Number(upload.length), complete: false };
  }

  /** Appends a chunk at `offset`; the last chunk completes the upload and records the images. */
  async append(actor: Actor, id: string, offset: number, chunk: Buffer): Promise<UploadState> {
    const upload = await this.ownUpload(actor, id);
    const length = Number(upload.length);
    if (upload.completedAt) throw new AppError(ErrorCode.CONFLICT, 'This upload is already complete', { offset: length });
    const received = await this.received(id);
    if (offset !== received) {
      throw new AppError(ErrorCode.UPLOAD_OFFSET_MISMATCH, `The server has ${received} bytes; continue from there`, { offset: received });
    }
    if (chunk.length > this.config.maxUploadChunkBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Chunks up to ${this.config.maxUploadChunkBytes} bytes are accepted`);
    }
    if (received + chunk.length > length) {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `The chunk goes past the announced length of ${length} bytes`);
    }
    const handle = await open(this.partPath(id), 'a');
    try {
      await handle.write(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const now = received + chunk.length;
    if (now < length) return { id, offset: now, length, complete: false };
    const imageIds = await this.complete(actor, upload);
    return { id, offset: length, length, complete: true, imageIds };
  }

  private async complete(actor: Actor, upload: Upload): Promise<string[]> {
    const bytes = await readFile(this.partPath(upload.id));
    const study = await this.studies.getFor(actor, upload.studyId, 'study.upload');
    let decoded;
    try {
      decoded = await decodeImage(bytes);
    } catch (error) {
      // A file that is not a usable image is refused whole: nothing is kept, the reason is audited.
      await rm(this.partPath(upload.id), { force: true });
      await this.dataSource.getRepository(Upload).delete({ id: upload.id });
      const reason = error instanceof ImagingError ? error.problem : 'IMAGE_CORRUPT';
      await this.audit.record({
        actor,
        action: 'study.upload',
        resourceType: 'study',
        resourceId: study.id,
        institutionId: study.institutionId,
        outcome: AuditOutcome.FAILURE,
        code: reason,
        details: { fileName: upload.fileName },
      });
      if (error instanceof ImagingError) throw error;
      this.logger.warn({ msg: 'upload could not be decoded', uploadId: upload.id, error: (error as Error).message });
      throw new ImagingError('IMAGE_CORRUPT', 'The file could not be read as an image');
    }
    const sha256 = await this.blobs.put(bytes);
    const calibration = this.calibrationFor(study, decoded.calibration);
    const imageIds = await this.audit.transaction(async (tx) => {
      await tx.manager.createQueryBuilder().insert().into(StoredBlob).values({ sha256, size: String(bytes.length), contentType: CONTENT_TYPES[decoded.format] }).orIgnore().execute();
      await tx.manager.update(Upload, { id: upload.id }, { completedAt: new Date(), received: upload.length, blobSha256: sha256 });
      // The same file sent again to the same study (a retry after a lost answer) gives back the same images.
      const existing = await tx.manager.find(StudyImage, { where: { studyId: study.id, blobSha256: sha256 }, order: { frameIndex: 'ASC' } });
      if (existing.length > 0) return existing.map((image) => image.id);
      const images = await tx.manager.save(
        StudyImage,
        decoded.frames.map((frame, frameIndex) =>
          tx.manager.create(StudyImage, {
            studyId: study.id,
            blobSha256: sha256,
            frameIndex,
            format: decoded.format,
            width: frame.width,
            height: frame.height,
            calibration,
            fileName: upload.fileName,
          }),
        ),
      );
      if (decoded.dicom?.studyInstanceUid && !study.studyInstanceUid) {
        await tx.manager.update(Study, { id: study.id }, { studyInstanceUid: decoded.dicom.studyInstanceUid });
      }
      await this.scheduler.schedule(tx.manager, study, images);
      await tx.audit({
        actor,
        action: 'study.upload',
        resourceType: 'study',
        resourceId: study.id,
        institutionId: study.institutionId,
        details: { sha256, format: decoded.format, frames: images.length, fileName: upload.fileName, calibration: calibration.source },
      });
      return images.map((image) => image.id);
    });
    await rm(this.partPath(upload.id), { force: true });
    this.scheduler.wake();
    return imageIds;
  }

  /** PixelSpacing or ultrasound regions from DICOM win; else the uploader's mm-per-pixel; else none. */
  private calibrationFor(study: Study, fromFile: Calibration): Calibration {
    if (fromFile.source !== 'none' || !study.uploaderMmPerPixel) return fromFile;
    return { source: 'uploader', mmPerPixelX: study.uploaderMmPerPixel, mmPerPixelY: study.uploaderMmPerPixel };
  }

  private async ownUpload(actor: Actor, id: string): Promise<Upload> {
    const upload = await this.dataSource.getRepository(Upload).findOneBy({ id });
    // Someone else's upload is as good as missing: its existence is not disclosed.
    if (!upload || upload.createdBy !== actor.userId) throw notFound('Upload');
    return upload;
  }

  private async received(id: string): Promise<number> {
    return stat(this.partPath(id)).then(
      (s) => s.size,
      () => 0,
    );
  }

  private partPath(id: string) {
    return join(this.partsDir, `${id}.part`);
  }
}

