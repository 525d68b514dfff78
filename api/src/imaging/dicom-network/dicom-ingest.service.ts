import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditOutcome } from '../../audit/audit-event.entity.js';
import { type AuditedTransaction, AuditService } from '../../audit/audit.service.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import type { KeptImage } from '../decode/decode-job.js';
import { ImageFrames } from '../decode/image-frames.service.js';
import { DicomImportService, tagsOf } from '../dicom-import.service.js';
import { ImagingError, type ImagingProblem } from '../imaging-error.js';
import { type Recorder, type StoredFile, StudyImagesWriter } from '../study-images.writer.js';
import type { DicomDevice } from './dicom-device.entity.js';
import { DicomInstance } from './dicom-instance.entity.js';
import { createDeviceStudy, lockStudyInstance, studyOfUid } from './dicom-studies.js';
import { part10Envelope } from './part10-envelope.js';
import { STORAGE_CLASSES } from './presentation-contexts.js';
import type { Peer, ReceivedInstance, StoreAnswer } from './storage-scp.js';

/** C-STORE statuses (PS3.4 B.2.3); the Cxxx "cannot understand" range is ours to subdivide. */
export const StoreStatus = {
  success: 0x0000,
  outOfResources: 0xa700,
  dataSetDoesNotMatchSopClass: 0xa900,
  cannotUnderstand: 0xc000,
  unsupportedPixels: 0xc001,
  undecodable: 0xc002,
  sopClassNotSupported: 0x0122,
} as const;

const STATUS_OF: Record<ImagingProblem, number> = {
  IMAGE_TOO_LARGE: StoreStatus.outOfResources,
  DICOM_NO_PIXEL_DATA: StoreStatus.dataSetDoesNotMatchSopClass,
  DICOM_CORRUPT: StoreStatus.cannotUnderstand,
  IMAGE_CORRUPT: StoreStatus.cannotUnderstand,
  UNSUPPORTED_FILE_TYPE: StoreStatus.cannotUnderstand,
  DICOM_UNSUPPORTED_TRANSFER_SYNTAX: StoreStatus.unsupportedPixels,
  DICOM_UNSUPPORTED_PIXELS: StoreStatus.unsupportedPixels,
  IMAGE_DECODE_FAILED: StoreStatus.undecodable,
};

/** The device an association was accepted for. */
export interface DeviceSession {
  device: DicomDevice;
  peer: Peer;
}

type Outcome = { filed: 'study'; studyId: string } | { filed: 'inbox' } | { filed: 'duplicate' };

/**
 * Files one received instance through the upload pipeline: decoded in the pool and checked before anything is
 * kept, stored once by SHA-256, then in one transaction either added to the study of its StudyInstanceUID
 * (created for the matched patient if new, pre-reads scheduled with the consent check), or held in the
 * unmatched inbox. (institution, SOPInstanceUID) is recorded with it, so a resend changes nothing.
 */
@Injectable()
export class DicomIngestService {
  private readonly logger = new Logger(DicomIngestService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    private readonly frames: ImageFrames,
    private readonly writer: StudyImagesWriter,
    private readonly imports: DicomImportService,
  ) {}

  async store(session: DeviceSession, instance: ReceivedInstance): Promise<StoreAnswer> {
    const { device } = session;
    if (!STORAGE_CLASSES.has(instance.sopClassUid)) return this.refuse(session, instance, StoreStatus.sopClassNotSupported, 'SOP_CLASS_NOT_SUPPORTED', 'SOP class not supported');
    if (instance.tooLarge || !instance.bytes) return this.refuse(session, instance, StoreStatus.outOfResources, 'IMAGE_TOO_LARGE', 'Instance too large');
    if (await this.known(device.institutionId, instance.sopInstanceUid)) return this.stored(session, instance, { filed: 'duplicate' });

    const bytes = instance.part10 ? instance.bytes : part10Envelope(instance.bytes, instance);
    let decoded: KeptImage;
    try {
      // In the decode pool: a hostile data set slows (or crashes) only its own worker.
      decoded = await this.frames.decode(bytes);
    } catch (error) {
      const problem: ImagingProblem = error instanceof ImagingError ? error.problem : 'IMAGE_DECODE_FAILED';
      if (!(error instanceof ImagingError)) this.logger.warn({ msg: 'received instance could not be decoded', error: (error as Error).message });
      return this.refuse(session, instance, STATUS_OF[problem], problem, (error as Error).message);
    }
    const file: StoredFile = { sha256: await this.blobs.put(bytes), size: bytes.length, decoded, keptFrames: await this.frames.keep(decoded), fileName: null };
    const outcome = await this.audit.transaction((tx) => this.file(tx, session, instance, file));
    if (outcome.filed === 'study') this.writer.wake();
    return this.stored(session, instance, outcome);
  }

  private async file(tx: AuditedTransaction, session: DeviceSession, instance: ReceivedInstance, file: StoredFile): Promise<Outcome> {
    const { device } = session;
    const studyInstanceUid = file.decoded.dicom?.studyInstanceUid ?? null;
    await lockStudyInstance(tx, device.institutionId, studyInstanceUid ?? instance.sopInstanceUid);
    if (await this.known(device.institutionId, instance.sopInstanceUid, tx)) return { filed: 'duplicate' };
    await this.writer.recordBlob(tx, file);
    let study = await studyOfUid(tx, device.institutionId, studyInstanceUid);
    if (!study) {
      const candidates = await this.imports.candidates(tx.manager, device.institutionId, tagsOf(file.decoded));
      // Only an unambiguous match files the image; anything else waits for a doctor in the inbox.
      if (candidates.length !== 1) {
        await this.record(tx, device, instance, file, null);
        return { filed: 'inbox' };
      }
      study = await createDeviceStudy(tx, device, candidates[0]!.id, file.decoded, null);
    }
    await this.writer.record(tx, recorderOf(session), study, file);
    await this.record(tx, device, instance, file, study.id);
    return { filed: 'study', studyId: study.id };
  }

  private async record(tx: AuditedTransaction, device: DicomDevice, instance: ReceivedInstance, file: StoredFile, studyId: string | null): Promise<void> {
    await tx.manager.insert(DicomInstance, {
      institutionId: device.institutionId,
      deviceId: device.id,
      sopInstanceUid: instance.sopInstanceUid,
      studyInstanceUid: file.decoded.dicom?.studyInstanceUid ?? null,
      blobSha256: file.sha256,
      studyId,
      resolvedAt: null,
    });
  }

  private async known(institutionId: string, sopInstanceUid: string, tx?: AuditedTransaction): Promise<boolean> {
    const manager = tx?.manager ?? this.dataSource.manager;
    return manager.existsBy(DicomInstance, { institutionId, sopInstanceUid });
  }

  private async stored(session: DeviceSession, instance: ReceivedInstance, outcome: Outcome): Promise<StoreAnswer> {
    await this.audit.record({
      ...recorderOf(session),
      action: 'dicom.store',
      resourceType: outcome.filed === 'study' ? 'study' : 'dicom-instance',
      resourceId: outcome.filed === 'study' ? outcome.studyId : null,
      institutionId: session.device.institutionId,
      details: { ...recorderOf(session).details, sopInstanceUid: instance.sopInstanceUid, sopClassUid: instance.sopClassUid, transferSyntaxUid: instance.transferSyntaxUid, filed: outcome.filed },
    });
    return { status: StoreStatus.success };
  }

  async refuse(session: DeviceSession, instance: ReceivedInstance, status: number, code: string, reason: string): Promise<StoreAnswer> {
    this.logger.warn({ msg: 'C-STORE refused', callingAe: session.peer.callingAe, address: session.peer.address, sopInstanceUid: instance.sopInstanceUid, code, reason });
    await this.audit.record({
      ...recorderOf(session),
      action: 'dicom.store',
      resourceType: 'dicom-instance',
      institutionId: session.device.institutionId,
      outcome: AuditOutcome.FAILURE,
      code,
      details: { ...recorderOf(session).details, sopInstanceUid: instance.sopInstanceUid, sopClassUid: instance.sopClassUid, transferSyntaxUid: instance.transferSyntaxUid, status: `0x${status.toString(16).padStart(4, '0')}` },
    });
    return { status, comment: reason };
  }
}

/** Audit rows of the receiver name the device (no person acted): AE title as the name, the device and its address. */
export const recorderOf = ({ device, peer }: DeviceSession): Recorder & { details: Record<string, unknown> } => ({
  actor: null,
  username: `dicom:${peer.callingAe}`,
  details: { source: peer.via ?? 'dicom', deviceId: device.id, callingAe: peer.callingAe, address: peer.address },
});
