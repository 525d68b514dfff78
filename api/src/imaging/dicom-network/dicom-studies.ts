import type { AuditedTransaction } from '../../audit/audit.service.js';
import type { KeptImage } from '../decode/decode-job.js';
import { Study } from '../study.entity.js';
import type { DicomDevice } from './dicom-device.entity.js';

/**
 * Serialises, per institution and StudyInstanceUID, everything that may create the study (instances arriving
 * on parallel associations, a doctor resolving the inbox): one Oasis study per StudyInstanceUID. A
 * transaction-scoped advisory lock, so it holds across API processes on PostgreSQL and is released at commit.
 */
export async function lockStudyInstance(tx: AuditedTransaction, institutionId: string, key: string): Promise<void> {
  await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`dicom:${institutionId}:${key}`]);
}

/** The institution's study of this StudyInstanceUID (the oldest, should uploads have made several). */
export function studyOfUid(tx: AuditedTransaction, institutionId: string, studyInstanceUid: string | null): Promise<Study | null> {
  if (!studyInstanceUid) return Promise.resolve(null);
  return tx.manager.findOne(Study, { where: { institutionId, studyInstanceUid }, order: { createdAt: 'ASC' } });
}

/** A new study for what a device sent, in the device's region; created by the device, or by the doctor who resolved it. */
export function createDeviceStudy(tx: AuditedTransaction, device: DicomDevice, patientId: string, decoded: KeptImage, createdBy: string | null): Promise<Study> {
  return tx.manager.save(
    Study,
    tx.manager.create(Study, {
      patientId,
      institutionId: device.institutionId,
      region: device.region,
      description: decoded.dicom?.studyDescription ?? null,
      studyInstanceUid: decoded.dicom?.studyInstanceUid ?? null,
      createdBy,
      deviceId: device.id,
    }),
  );
}
