import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuditedTransaction, AuditService } from '../audit/audit.service.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { Patient, Sex } from '../patients/patient.entity.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
import type { AnatomicalRegion } from './anatomical-region.js';
import type { KeptImage } from './decode/decode-job.js';
import { ImageFrames } from './decode/image-frames.service.js';
import type { DicomPatientTags, DicomImportPreview as Preview, ImportDicomInput, PatientCandidate } from './dto/dicom-import.input.js';
import { StudyImagesWriter } from './study-images.writer.js';
import { Study } from './study.entity.js';
import { Upload } from './upload.entity.js';

export type DicomImportPreview = Omit<Preview, 'uploadId'> & { uploadId?: string };

const SEXES = new Set<string>([Sex.F, Sex.M, Sex.O]);

/**
 * DICOM import: a file uploaded to an institution (not yet a study) is matched to a registered patient by
 * its tags, or registers one from them, but only once the doctor has confirmed which. Until then the file
 * is stored and nothing else is recorded about it.
 */
@Injectable()
export class DicomImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly writer: StudyImagesWriter,
    private readonly frames: ImageFrames,
  ) {}

  /** What the file says about the patient, and which registered patients it matches (an audited read). */
  async describe(tx: AuditedTransaction, actor: Actor, institutionId: string, decoded: KeptImage): Promise<DicomImportPreview> {
    const dicom = decoded.dicom!;
    const tags = tagsOf(decoded);
    const candidates = await this.candidates(tx.manager, institutionId, tags);
    await tx.audit({ actor, action: 'patient.match', resourceType: 'patient', institutionId, details: { candidates: candidates.map((c) => c.id) } });
    return { patient: tags, studyInstanceUid: dicom.studyInstanceUid, studyDate: dicom.studyDate, candidates };
  }

  /** Registered patients of the institution the tags name: by PatientID (dicomPatientId), then name + birth date. */
  async candidates(manager: EntityManager, institutionId: string, tags: DicomPatientTags): Promise<PatientCandidate[]> {
    const candidates: PatientCandidate[] = [];
    if (tags.id) {
      for (const p of await manager.findBy(Patient, { institutionId, dicomPatientId: tags.id })) candidates.push(candidate(p, 'dicom-patient-id'));
    }
    if (tags.name && tags.birthDate) {
      const byName: Patient[] = await manager
        .getRepository(Patient)
        .createQueryBuilder('p')
        .where('p.institution_id = :institutionId AND lower(p.name) = lower(:name) AND p.birth_date = :birthDate', { institutionId, name: tags.name, birthDate: tags.birthDate })
        .getMany();
      for (const p of byName) if (!candidates.some((c) => c.id === p.id)) candidates.push(candidate(p, 'name-and-birth-date'));
    }
    return candidates;
  }

  /** The patient the doctor confirmed (of the institution), or a new one registered from the file's tags. */
  async confirmedPatient(tx: AuditedTransaction, actor: Actor, institutionId: string, tags: DicomPatientTags, patientId: string | undefined): Promise<Patient> {
    if (patientId) {
      const patient = await tx.manager.findOneBy(Patient, { id: patientId, institutionId });
      if (!patient) throw notFound('Patient');
      return patient;
    }
    if (!tags.name) throw new AppError(ErrorCode.BAD_USER_INPUT, 'The file names no patient; choose a registered patient instead', { field: 'patientId' });
    const patient = await tx.manager.save(
      Patient,
      tx.manager.create(Patient, { institutionId, name: tags.name, sex: tags.sex, birthDate: tags.birthDate, dicomPatientId: tags.id, createdBy: actor.userId }),
    );
    await tx.audit({ actor, action: 'patient.create', resourceType: 'patient', resourceId: patient.id, institutionId: patient.institutionId, details: { from: 'dicom' } });
    return patient;
  }

  async preview(actor: Actor, uploadId: string): Promise<Preview> {
    const upload = await this.pendingUpload(actor, uploadId);
    const decoded = await this.frames.decode(await this.blobs.get(upload.blobSha256!));
    return { uploadId, ...(await this.audit.transaction((tx) => this.describe(tx, actor, upload.institutionId, decoded))) };
  }

  /** Creates the study for the confirmed (or newly registered) patient, with its images and pre-reads. */
  async import(actor: Actor, input: ImportDicomInput): Promise<Study> {
    requireOnePatientChoice(input);
    const upload = await this.pendingUpload(actor, input.uploadId);
    const bytes = await this.blobs.get(upload.blobSha256!);
    const decoded = await this.frames.decode(bytes);
    const keptFrames = await this.frames.keep(decoded);
    const tags = tagsOf(decoded);
    const study = await this.audit.transaction(async (tx) => {
      // Lock the upload first: of two confirmations racing, the second sees the study of the first.
      const locked = await tx.manager.findOne(Upload, { where: { id: upload.id }, lock: { mode: 'pessimistic_write' } });
      if (locked?.studyId) throw new AppError(ErrorCode.CONFLICT, 'This file has already been imported');
      const patient = await this.confirmedPatient(tx, actor, upload.institutionId, tags, input.patientId);
      const created = await tx.manager.save(
        Study,
        tx.manager.create(Study, {
          patientId: patient.id,
          institutionId: upload.institutionId,
          region: upload.region as AnatomicalRegion,
          description: decoded.dicom!.studyDescription,
          createdBy: actor.userId,
        }),
      );
      await tx.manager.update(Upload, { id: upload.id }, { studyId: created.id });
      await this.writer.recordBlob(tx, { sha256: upload.blobSha256!, size: bytes.length, decoded, keptFrames, fileName: upload.fileName });
      await this.writer.record(tx, { actor }, created, { sha256: upload.blobSha256!, size: bytes.length, decoded, keptFrames, fileName: upload.fileName });
      await tx.audit({ actor, action: 'dicom.import', resourceType: 'study', resourceId: created.id, institutionId: created.institutionId, details: { patientId: patient.id } });
      return created;
    });
    this.writer.wake();
    return study;
  }

  private async pendingUpload(actor: Actor, id: string): Promise<Upload> {
    const upload = await this.dataSource.getRepository(Upload).findOneBy({ id });
    if (!upload || upload.createdBy !== actor.userId || !upload.region || !upload.blobSha256) throw notFound('DICOM import');
    if (upload.studyId) throw new AppError(ErrorCode.CONFLICT, 'This file has already been imported');
    await this.policy.authorize(actor, 'study.create', { institutionIds: [upload.institutionId] }, { type: 'study' });
    return upload;
  }
}

/** Only what the doctor needs to recognise the patient: no ID numbers, phone or address. */
const candidate = (p: Patient, matchedBy: string): PatientCandidate => ({ id: p.id, name: p.name, sex: p.sex, birthDate: p.birthDate, matchedBy });

const toSex = (sex: string | null): Sex => (sex && SEXES.has(sex) ? (sex as Sex) : Sex.U);

/** The doctor either confirms a registered patient or asks to register one from the tags: exactly one of the two. */
export function requireOnePatientChoice(input: { patientId?: string; createPatient?: boolean }): void {
  if (!input.patientId === !input.createPatient) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'Confirm an existing patient (patientId) or ask to register one (createPatient), not both');
  }
}

/** The patient as the file's tags name them. */
export function tagsOf(decoded: KeptImage): DicomPatientTags {
  const { patient } = decoded.dicom!;
  return { name: patient.name, id: patient.id, sex: toSex(patient.sex), birthDate: patient.birthDate };
}
