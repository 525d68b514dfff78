import { Injectable } from '@nestjs/common';
import { PreReadScheduler } from '../ai/pre-read-scheduler.service.js';
import type { AuditedTransaction, AuditEntry } from '../audit/audit.service.js';
import { StoredBlob } from '../storage/stored-blob.entity.js';
import type { Calibration } from './calibration.js';
import type { KeptImage } from './decode/decode-job.js';
import type { KeptFrameBlobs } from './decode/image-frames.service.js';
import { StudyImage } from './study-image.entity.js';
import { Study } from './study.entity.js';

const CONTENT_TYPES: Record<string, string> = { dicom: 'application/dicom', png: 'image/png', jpeg: 'image/jpeg' };
/** Packed model input planes (model-planes.ts): Oasis's own layout. */
const MODEL_INPUT_CONTENT_TYPE = 'application/x-oasis-model-input';

/** Who the audit row names: a signed-in person, or (DICOM receiver) a device by its AE title. */
export type Recorder = Pick<AuditEntry, 'actor' | 'username'> & { details?: Record<string, unknown> };

export interface StoredFile {
  sha256: string;
  size: number;
  decoded: KeptImage;
  /** Each frame's kept PNG and model input blobs (ImageFrames.keep), in frame order. */
  keptFrames: KeptFrameBlobs[];
  fileName: string | null;
}

/**
 * Records a stored, decoded file in a study inside the caller's transaction: one image per frame with its
 * calibration, the pre-reads to run, and the audit row. Used by uploads, DICOM imports and the DICOM receiver.
 */
@Injectable()
export class StudyImagesWriter {
  constructor(private readonly scheduler: PreReadScheduler) {}

  /** The stored file's row and its kept frames' rows; first, since uploads and images refer to them. */
  async recordBlob(tx: AuditedTransaction, file: StoredFile): Promise<void> {
    const frames = file.keptFrames.flatMap((kept, i) => [
      { sha256: kept.png, size: String(file.decoded.frames[i]!.png.length), contentType: 'image/png' },
      { sha256: kept.modelInput, size: String(file.decoded.frames[i]!.modelInput.length), contentType: MODEL_INPUT_CONTENT_TYPE },
    ]);
    await tx.manager
      .createQueryBuilder()
      .insert()
      .into(StoredBlob)
      .values([{ sha256: file.sha256, size: String(file.size), contentType: CONTENT_TYPES[file.decoded.format] }, ...frames])
      .orIgnore()
      .execute();
  }

  /** Needs the blob row (recordBlob) in place. */
  async record(tx: AuditedTransaction, by: Recorder, study: Study, file: StoredFile): Promise<string[]> {
    // The same file sent again to the same study (a retry after a lost answer) gives back the same images.
    const existing = await tx.manager.find(StudyImage, { where: { studyId: study.id, blobSha256: file.sha256 }, order: { frameIndex: 'ASC' } });
    if (existing.length > 0) return existing.map((image) => image.id);
    const calibration = calibrationFor(study, file.decoded.calibration);
    const images = await tx.manager.save(
      StudyImage,
      file.decoded.frames.map((frame, frameIndex) =>
        tx.manager.create(StudyImage, {
          studyId: study.id,
          blobSha256: file.sha256,
          frameIndex,
          framePngSha256: file.keptFrames[frameIndex]?.png ?? null,
          modelInputSha256: file.keptFrames[frameIndex]?.modelInput ?? null,
          colourFraction: frame.colourFraction ?? null,
          format: file.decoded.format,
          width: frame.width,
          height: frame.height,
          calibration,
          fileName: file.fileName,
        }),
      ),
    );
    const studyInstanceUid = file.decoded.dicom?.studyInstanceUid;
    if (studyInstanceUid && !study.studyInstanceUid) await tx.manager.update(Study, { id: study.id }, { studyInstanceUid });
    await this.scheduler.schedule(tx.manager, study, images);
    await tx.audit({
      actor: by.actor,
      username: by.username,
      action: 'study.upload',
      resourceType: 'study',
      resourceId: study.id,
      institutionId: study.institutionId,
      details: { sha256: file.sha256, format: file.decoded.format, frames: images.length, fileName: file.fileName, calibration: calibration.source, ...by.details },
    });
    return images.map((image) => image.id);
  }

  /** After the transaction committed: the workers may start. */
  wake(): void {
    this.scheduler.wake();
  }
}

/** PixelSpacing or ultrasound regions from DICOM win; else the uploader's mm-per-pixel; else none. */
function calibrationFor(study: Study, fromFile: Calibration): Calibration {
  if (fromFile.source !== 'none' || !study.uploaderMmPerPixel) return fromFile;
  return { source: 'uploader', mmPerPixelX: study.uploaderMmPerPixel, mmPerPixelY: study.uploaderMmPerPixel };
}
