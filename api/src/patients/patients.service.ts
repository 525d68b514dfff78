import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { containsPattern } from '../common/like-pattern.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { FieldCipher } from '../encryption/field-cipher.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import { Consent, ConsentPurpose } from './consent.entity.js';
import type { ConsentState, PatientsFilter, RecordConsentInput, RegisterPatientInput } from './dto/patient.input.js';
import { normaliseNationalId, normalisePhone, openNationalId, openPhone, PATIENT_KEY, sealContact } from './patient-contact.js';
import { Patient } from './patient.entity.js';

const RESOURCE = 'patient';

/** Patients and their consents. Every read and change of a patient is audited. */
@Injectable()
export class PatientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
  ) {}

  async register(actor: Actor, input: RegisterPatientInput): Promise<Patient> {
    await this.policy.authorize(actor, 'patient.create', { institutionIds: [input.institutionId] }, { type: RESOURCE });
    // The id is chosen here: the encrypted national id and phone are bound to it.
    const id = randomUUID();
    const { nationalId, phone, ...rest } = input;
    const contact = await sealContact(this.cipher, id, { nationalId, phone });
    return this.audit.transaction(async (tx) => {
      if (contact.nationalIdIndex && (await tx.manager.existsBy(Patient, { institutionId: input.institutionId, nationalIdIndex: contact.nationalIdIndex }))) {
        throw new AppError(ErrorCode.CONFLICT, 'A patient with this national ID is already registered here', { field: 'nationalId' });
      }
      const patient = await tx.manager.save(
        Patient,
        tx.manager.create(Patient, {
          ...rest,
          ...contact,
          id,
          birthDate: input.birthDate ?? null,
          address: input.address ?? null,
          dicomPatientId: input.dicomPatientId ?? null,
          createdBy: actor.userId,
        }),
      );
      await tx.audit({ actor, action: 'patient.create', resourceType: RESOURCE, resourceId: patient.id, institutionId: patient.institutionId });
      return patient;
    });
  }

  nationalIdOf(patient: Patient): Promise<string | null> {
    return openNationalId(this.cipher, patient.id, patient.nationalIdSealed);
  }

  phoneOf(patient: Patient): Promise<string | null> {
    return openPhone(this.cipher, patient.id, patient.phoneSealed);
  }

  async get(actor: Actor, id: string): Promise<Patient> {
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id });
    if (!patient) throw notFound('Patient');
    await this.policy.authorize(actor, 'patient.read', { institutionIds: [patient.institutionId], patientId: patient.id }, { type: RESOURCE, id });
    await this.audit.recordRead({ actor, action: 'patient.read', resourceType: RESOURCE, resourceId: id, institutionId: patient.institutionId });
    return patient;
  }

  /** Patients of the institutions where the actor may read patients, newest first (at most 100). */
  async search(actor: Actor, filter: PatientsFilter): Promise<Patient[]> {
    const institutions = await this.policy.listScope(actor, 'patient.read', { type: RESOURCE }, filter.institutionId);
    const query = this.dataSource
      .getRepository(Patient)
      .createQueryBuilder('p')
      .where('p.institution_id IN (:...institutions)', { institutions })
      .orderBy('p.created_at', 'DESC')
      .take(100);
    if (filter.search) {
      const like = containsPattern(filter.search);
      // National id and phone are encrypted: they match whole (by blind index), not by substring.
      const nationalIdIndex = await this.cipher.blindIndex(PATIENT_KEY, normaliseNationalId(filter.search));
      const phoneIndex = await this.cipher.blindIndex(PATIENT_KEY, normalisePhone(filter.search));
      query.andWhere(
        new Brackets((w) => {
          w.where('p.name ILIKE :like', { like }).orWhere('p.dicom_patient_id = :raw', { raw: filter.search });
          if (nationalIdIndex) w.orWhere('p.national_id_index = :nationalIdIndex', { nationalIdIndex });
          if (phoneIndex) w.orWhere('p.phone_index = :phoneIndex', { phoneIndex });
        }),
      );
    }
    const patients = await query.getMany();
    await this.audit.record({
      actor,
      action: 'patient.search',
      resourceType: RESOURCE,
      institutionId: institutions.length === 1 ? institutions[0] : null,
      // Never the typed term (a name, phone or national id): admins read these rows. Its length says enough.
      details: { searchChars: filter.search?.length ?? null, results: patients.map((p) => p.id) },
    });
    return patients;
  }

  async recordConsent(actor: Actor, input: RecordConsentInput): Promise<Consent> {
    const patient = await this.dataSource.getRepository(Patient).findOneBy({ id: input.patientId });
    if (!patient) throw notFound('Patient');
    await this.policy.authorize(actor, 'patient.update', { institutionIds: [patient.institutionId] }, { type: RESOURCE, id: patient.id });
    return this.audit.transaction(async (tx) => {
      const consent = await tx.manager.save(Consent, tx.manager.create(Consent, { ...input, recordedBy: actor.userId }));
      await tx.audit({
        actor,
        action: input.granted ? 'consent.grant' : 'consent.withdraw',
        resourceType: RESOURCE,
        resourceId: patient.id,
        institutionId: patient.institutionId,
        details: { purpose: input.purpose, method: input.method },
      });
      return consent;
    });
  }

  /** The consent in force for each purpose: the latest decision, or not granted when none was recorded. */
  async consents(patientId: string, manager: EntityManager = this.dataSource.manager): Promise<ConsentState[]> {
    const rows = await manager.getRepository(Consent).find({ where: { patientId }, order: { recordedAt: 'DESC' } });
    return Object.values(ConsentPurpose).map((purpose) => {
      const latest = rows.find((r) => r.purpose === purpose);
      return { purpose, granted: latest?.granted ?? false, recordedAt: latest?.recordedAt ?? null };
    });
  }

  async hasConsent(patientId: string, purpose: ConsentPurpose, manager?: EntityManager): Promise<boolean> {
    return (await this.consents(patientId, manager)).find((c) => c.purpose === purpose)!.granted;
  }
}
