import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Actor } from '../policy/actor.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import { PolicyService } from '../policy/policy.service.js';
import type { KeptImage } from './decode/decode-job.js';
import { ImageFrames } from './decode/image-frames.service.js';
import { type DicomImportPreview, DicomImportService } from './dicom-import.service.js';
import type { UnfinishedUpload } from './dto/unfinished-upload.js';
import type { CreateUploadDto } from './dto/upload.input.js';
import { ImagingError } from './imaging-error.js';
import { StudiesService } from './studies.service.js';
import { type StoredFile, StudyImagesWriter } from './study-images.writer.js';
import type { Study } from './study.entity.js';
import { Upload } from './upload.entity.js';

export interface UploadState {
  id: string;
  offset: number;
  length: number;
  complete: boolean;
  imageIds?: string[];
  dicomImport?: DicomImportPreview;
}

type Completed = Pick<UploadState, 'imageIds' | 'dicomImport'>;

/** Unfinished uploads listed at most: a doctor has a few on the go, and the sweeper removes idle ones. */
const UNFINISHED_LISTED = 50;

/** How long an append may hold its upload; a request that died releases it when this runs out. */
const APPEND_LEASE_SECONDS = 120;

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
    private readonly policy: PolicyService,
    private readonly writer: StudyImagesWriter,
    private readonly imports: DicomImportService,
    private readonly frames: ImageFrames,
  ) {
    this.partsDir = join(config.dataDir, 'uploads');
  }

  async create(actor: Actor, input: CreateUploadDto): Promise<UploadState> {
    let institutionId: string;
    if (input.studyId) {
      institutionId = (await this.studies.getFor(actor, input.studyId, 'study.upload')).institutionId;
    } else {
      institutionId = input.institutionId!;
      await this.policy.authorize(actor, 'study.create', { institutionIds: [institutionId] }, { type: 'study' });
    }
    if (input.length > this.config.maxUploadBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Files up to ${this.config.maxUploadBytes} bytes are accepted`, { maxBytes: this.config.maxUploadBytes });
    }
    const upload = await this.dataSource.getRepository(Upload).save({
      studyId: input.studyId ?? null,
      institutionId,
      region: input.studyId ? null : input.region!,
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
    const length = Number(upload.length);
    if (upload.completedAt) return { id, offset: length, length, complete: true };
    return { id, offset: Number(upload.received), length, complete: false };
  }

  /** The actor's unfinished uploads into studies of institutions where they may still upload. */
  async unfinished(actor: Actor): Promise<UnfinishedUpload[]> {
    const institutions = await this.policy.listScope(actor, 'study.upload', { type: 'study' });
    const uploads = await this.dataSource.getRepository(Upload).find({
      where: { createdBy: actor.userId, completedAt: IsNull(), studyId: Not(IsNull()), institutionId: In(institutions) },
      order: { updatedAt: 'DESC' },
      take: UNFINISHED_LISTED,
    });
    return uploads.map((u) => ({ id: u.id, studyId: u.studyId!, fileName: u.fileName, length: Number(u.length), received: Number(u.received), updatedAt: u.updatedAt }));
  }

  /**
   * Appends a chunk at `offset`; the last chunk completes the upload and records the images. One append at a
   * time per upload: a second request while one is writing answers UPLOAD_CONFLICT with the current offset.
   */
  async append(actor: Actor, id: string, offset: number, chunk: Buffer): Promise<UploadState> {
    const upload = await this.ownUpload(actor, id);
    const length = Number(upload.length);
    if (upload.completedAt) throw new AppError(ErrorCode.CONFLICT, 'This upload is already complete', { offset: length });
    if (chunk.length > this.config.maxUploadChunkBytes) {
      throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Chunks up to ${this.config.maxUploadChunkBytes} bytes are accepted`);
    }
    const received = await this.lease(id);
    let written = false;
    try {
      if (offset !== received) {
        throw new AppError(ErrorCode.UPLOAD_OFFSET_MISMATCH, `The server has ${received} bytes; continue from there`, { offset: received });
      }
      if (received + chunk.length > length) {
        throw new AppError(ErrorCode.BAD_USER_INPUT, `The chunk goes past the announced length of ${length} bytes`);
      }
      await this.writeAt(id, offset, chunk);
      written = true;
    } finally {
      // The row, not the part file, is the truth: bytes past `received` (a write that died) are overwritten.
      const held = written ? received + chunk.length : received;
      await this.dataSource.getRepository(Upload).update({ id }, { received: String(held), appendingUntil: null, updatedAt: new Date() });
    }
    const now = received + chunk.length;
    if (now < length) return { id, offset: now, length, complete: false };
    return { id, offset: length, length, complete: true, ...(await this.complete(actor, { ...upload, received: String(now) })) };
  }

  /** Takes the upload's append lease (a conditional update, atomic on both engines) and returns the bytes held. */
  private async lease(id: string): Promise<number> {
    const taken = await this.dataSource
      .createQueryBuilder()
      .update(Upload)
      .set({ appendingUntil: () => `now() + interval '${APPEND_LEASE_SECONDS} seconds'` })
      .where('id = :id AND completed_at IS NULL AND (appending_until IS NULL OR appending_until < now())', { id })
      .execute();
    const upload = await this.dataSource.getRepository(Upload).findOneByOrFail({ id });
    if (taken.affected !== 1) {
      throw new AppError(ErrorCode.UPLOAD_CONFLICT, 'Another chunk of this upload is being written; ask for the offset and continue from there', {
        offset: upload.completedAt ? Number(upload.length) : Number(upload.received),
      });
    }
    return Number(upload.received);
  }

  private async writeAt(id: string, offset: number, chunk: Buffer): Promise<void> {
    const handle = await open(this.partPath(id), 'r+');
    try {
      await handle.truncate(offset);
      await handle.write(chunk, 0, chunk.length, offset);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async complete(actor: Actor, upload: Upload): Promise<Completed> {
    const bytes = await readFile(this.partPath(upload.id));
    const study = upload.studyId ? await this.studies.getFor(actor, upload.studyId, 'study.upload') : null;
    const decoded = await this.decodeOrRefuse(actor, upload, bytes, study);
    const file: StoredFile = { sha256: await this.blobs.put(bytes), size: bytes.length, decoded, keptFrames: await this.frames.keep(decoded), fileName: upload.fileName };
    const result = await this.audit.transaction(async (tx): Promise<Completed> => {
      await this.writer.recordBlob(tx, file);
      await tx.manager.update(Upload, { id: upload.id }, { completedAt: new Date(), received: upload.length, blobSha256: file.sha256 });
      if (study) return { imageIds: await this.writer.record(tx, { actor }, study, file) };
      return { dicomImport: { uploadId: upload.id, ...(await this.imports.describe(tx, actor, upload.institutionId, decoded)) } };
    });
    await rm(this.partPath(upload.id), { force: true });
    if (study) this.writer.wake();
    return result;
  }

  /** A file that is not a usable image is refused whole: nothing is kept, the reason is audited. */
  private async decodeOrRefuse(actor: Actor, upload: Upload, bytes: Buffer, study: Study | null): Promise<KeptImage> {
    let failure: ImagingError;
    try {
      // In the decode pool: a hostile file slows (or crashes) only its own worker.
      const decoded = await this.frames.decode(bytes);
      if (decoded.dicom?.warnings.length) this.logger.warn({ msg: 'DICOM container quirks accepted', uploadId: upload.id, warnings: decoded.dicom.warnings });
      if (study || decoded.format === 'dicom') return decoded;
      failure = new ImagingError('UNSUPPORTED_FILE_TYPE', 'Only DICOM files can be imported without a study: their tags name the patient');
    } catch (error) {
      if (!(error instanceof ImagingError)) this.logger.warn({ msg: 'upload could not be decoded', uploadId: upload.id, error: (error as Error).message });
      failure = error instanceof ImagingError ? error : new ImagingError('IMAGE_CORRUPT', 'The file could not be read as an image');
    }
    await rm(this.partPath(upload.id), { force: true });
    await this.dataSource.getRepository(Upload).delete({ id: upload.id });
    await this.audit.record({
      actor,
      action: 'study.upload',
      resourceType: 'study',
      resourceId: study?.id ?? null,
      institutionId: upload.institutionId,
      outcome: AuditOutcome.FAILURE,
      code: failure.problem,
      details: { fileName: upload.fileName },
    });
    throw failure;
  }

  /** Removes unfinished uploads (row and part file) idle for longer than OASIS_UPLOAD_IDLE_HOURS; returns how many. */
  async sweepIdle(): Promise<number> {
    const idle = `completed_at IS NULL AND updated_at < now() - make_interval(hours => :hours) AND (appending_until IS NULL OR appending_until < now())`;
    const hours = this.config.uploadIdleHours;
    const candidates = await this.dataSource.getRepository(Upload).createQueryBuilder().select('id').where(idle, { hours }).getRawMany<{ id: string }>();
    let removed = 0;
    for (const { id } of candidates) {
      // Re-checked per row: a chunk that arrived since the select keeps its upload.
      const deleted = await this.dataSource.createQueryBuilder().delete().from(Upload).where(`id = :id AND ${idle}`, { id, hours }).execute();
      if (deleted.affected !== 1) continue;
      await rm(this.partPath(id), { force: true });
      removed++;
    }
    if (removed > 0) this.logger.log({ msg: 'removed idle unfinished uploads', removed });
    return removed;
  }

  private async ownUpload(actor: Actor, id: string): Promise<Upload> {
    const upload = await this.dataSource.getRepository(Upload).findOneBy({ id });
    // Someone else's upload is as good as missing: its existence is not disclosed.
    if (!upload || upload.createdBy !== actor.userId) throw notFound('Upload');
    return upload;
  }

  private partPath(id: string) {
    return join(this.partsDir, `${id}.part`);
  }
}

