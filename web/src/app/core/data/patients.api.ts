import { inject, Injectable } from '@angular/core';
import { Api } from '../graphql/api';
import { type ConsentMethod, type ConsentPurpose, type Patient, PATIENT_FIELDS, type Sex } from '../models/patient';

export interface PatientInput {
  institutionId: string;
  name: string;
  sex: Sex;
  birthDate: string | null;
  nationalId: string | null;
  phone: string | null;
  address: string | null;
}

export interface ConsentInput {
  patientId: string;
  purpose: ConsentPurpose;
  granted: boolean;
  method: ConsentMethod;
}

const LIST = `query Patients($filter: PatientsFilter) { patients(filter: $filter) { ${PATIENT_FIELDS} } }`;
const ONE = `query Patient($id: ID!) { patient(id: $id) { ${PATIENT_FIELDS} } }`;
const REGISTER = `mutation RegisterPatient($input: RegisterPatientInput!) { registerPatient(input: $input) { ${PATIENT_FIELDS} } }`;
const RECORD_CONSENT = `mutation RecordConsent($input: RecordConsentInput!) { recordConsent(input: $input) { id } }`;

/** Patients of the person's institutions and their consent decisions (used by the patient and study screens). */
@Injectable({ providedIn: 'root' })
export class PatientsApi {
  private readonly api = inject(Api);

  /** At most 100, newest first; `search` matches name, phone, national ID or DICOM patient ID. */
  async list(search: string, signal?: AbortSignal): Promise<Patient[]> {
    const filter = search ? { search } : {};
    return (await this.api.request<{ patients: Patient[] }>(LIST, { filter }, signal)).patients;
  }

  async get(id: string, signal?: AbortSignal): Promise<Patient> {
    return (await this.api.request<{ patient: Patient }>(ONE, { id }, signal)).patient;
  }

  async register(input: PatientInput): Promise<Patient> {
    return (await this.api.request<{ registerPatient: Patient }>(REGISTER, { input })).registerPatient;
  }

  /** Records a decision (withdrawing is granted=false) and returns the patient as it now stands. */
  async recordConsent(input: ConsentInput): Promise<Patient> {
    await this.api.request(RECORD_CONSENT, { input });
    return this.get(input.patientId);
  }
}
