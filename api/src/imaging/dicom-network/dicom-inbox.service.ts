import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { AppError, notFound } from '../../common/app-error.js';
import { ErrorCode } from '../../common/error-codes.js';
import { groupBy } from '../../common/group-by.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../../storage/blob-store.js';
import { ImageFrames } from '../decode/image-frames.service.js';
import { DicomImportService, requireOnePatientChoice, tagsOf } from '../dicom-import.service.js';
import type { StoredFile } from '../study-images.writer.js';
import { StudyImagesWriter } from '../study-images.writer.js';
import type { Study } from '../study.entity.js';
import { DicomDevice } from './dicom-device.entity.js';
import { DicomInstance } from './dicom-instance.entity.js';
import { createDeviceStudy, lockStudyInstance, studyOfUid } from './dicom-studies.js';
import type { DicomInboxEntry, ResolveDicomInboxInput } from './dto/dicom-inbox.input.js';

const RESOURCE = { type: 'dicom-inbox' };

/**
 * The unmatched inbox: instances a device sent whose patient the receiver could not tell. Only the stored
 * file and its UIDs are kept; the patient's tags are read from the file when a doctor of the institution
 * looks (an audited read), and resolving (confirm a patient, or register one from the tags) files the study's
 * instances through the upload writer, pre-reads and consent check included.
 */
@Injectable()
export class DicomInboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly frames: ImageFrames,
    private readonly writer: StudyImagesWriter,
    private readonly imports: DicomImportService,
  ) {}

  async list(actor: Actor, institutionId?: string): Promise<DicomInboxEntry[]> {
    const scope = await this.policy.listScope(actor, 'dicom-inbox.resolve', RESOURCE, institutionId);
    const waiting = await this.dataSource.getRepository(DicomInstance).find({ where: { institutionId: In(scope), studyId: IsNull() }, order: { receivedAt: 'ASC' } });
    const groups = groupBy(waiting, (instance) => `${instance.institutionId}|${instance.studyInstanceUid ?? instance.id}`);
    const devices = new Map((await this.dataSource.getRepository(DicomDevice).findBy({ id: In([...new Set(waiting.map((i) => i.deviceId))]) })).map((d) => [d.id, d]));
    const entries: DicomInboxEntry[] = [];
    for (const [first, ...rest] of groups.values()) {
      const decoded = await this.frames.decode(await this.blobs.get(first!.blobSha256));
      const patient = tagsOf(decoded);
      entries.push({
        id: first!.id,
        institutionId: first!.institutionId,
        studyInstanceUid: first!.studyInstanceUid,
        studyDate: decoded.dicom?.studyDate ?? null,
        instances: rest.length + 1,
        receivedAt: first!.receivedAt,
        deviceLabel: devices.get(first!.deviceId)?.label ?? '',
        patient,
        candidates: await this.imports.candidates(this.dataSource.manager, first!.institutionId, patient),
      });
    }
    await this.audit.record({ actor, action: 'dicom-inbox.read', resourceType: RESOURCE.type, institutionId: institutionId ?? null, details: { entries: entries.map((e) => e.id) } });
    return entries;
  }

  /** Files every waiting instance of the entry's study for the confirmed (or newly registered) patient. */
  async resolve(actor: Actor, input: ResolveDicomInboxInput): Promise<Study> {
    requireOnePatientChoice(input);
    const entry = await this.dataSource.getRepository(DicomInstance).findOneBy({ id: input.entryId });
    if (!entry) throw notFound('Inbox entry');
    await this.policy.authorize(actor, 'dicom-inbox.resolve', { institutionIds: [entry.institutionId] }, { ...RESOURCE, id: entry.id });
    if (entry.studyId) throw new AppError(ErrorCode.CONFLICT, 'These images have already been filed');
    const group = await this.dataSource.getRepository(DicomInstance).find({
      where: entry.studyInstanceUid ? { institutionId: entry.institutionId, studyInstanceUid: entry.studyInstanceUid, studyId: IsNull() } : { id: entry.id },
      order: { receivedAt: 'ASC' },
    });
    // Decoded (in the pool) before the transaction, as uploads are; the frames were kept when they arrived.
    const files: Array<{ instance: DicomInstance; file: StoredFile }> = [];
    for (const instance of group) {
      const bytes = await this.blobs.get(instance.blobSha256);
      const decoded = await this.frames.decode(bytes);
      files.push({ instance, file: { sha256: instance.blobSha256, size: bytes.length, decoded, keptFrames: await this.frames.keep(decoded), fileName: null } });
    }
    const device = await this.dataSource.getRepository(DicomDevice).findOneByOrFail({ id: entry.deviceId });
    const study = await this.audit.transaction(async (tx) => {
      await lockStudyInstance(tx, entry.institutionId, entry.studyInstanceUid ?? entry.sopInstanceUid);
      // Of two doctors resolving at once, the second finds the instances filed.
      const still = await tx.manager.count(DicomInstance, { where: { id: In(group.map((i) => i.id)), studyId: IsNull() } });
      if (still !== group.length) throw new AppError(ErrorCode.CONFLICT, 'These images have already been filed');
      const patient = await this.imports.confirmedPatient(tx, actor, entry.institutionId, tagsOf(files[0]!.file.decoded), input.patientId);
      const existing = await studyOfUid(tx, entry.institutionId, entry.studyInstanceUid);
      if (existing && existing.patientId !== patient.id) throw new AppError(ErrorCode.CONFLICT, 'This study is already filed for another patient', { studyId: existing.id });
      const target = existing ?? (await createDeviceStudy(tx, device, patient.id, files[0]!.file.decoded, actor.userId));
      for (const { instance, file } of files) {
        await this.writer.record(tx, { actor, details: { source: 'dicom', deviceId: device.id, inboxEntryId: instance.id } }, target, file);
        await tx.manager.update(DicomInstance, { id: instance.id }, { studyId: target.id, resolvedAt: new Date() });
      }
      await tx.audit({ actor, action: 'dicom-inbox.resolve', resourceType: 'study', resourceId: target.id, institutionId: target.institutionId, details: { patientId: patient.id, instances: group.map((i) => i.id) } });
      return target;
    });
    this.writer.wake();
    return study;
  }
}
