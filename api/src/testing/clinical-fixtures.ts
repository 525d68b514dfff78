import { PreReadQueue } from '../ai/pre-read-queue.service.js';
import type { TestApp } from './test-app.js';
import { uploadFile } from './upload-client.js';

/** Registration fields beyond the name (stored as the API stores them: national id and phone encrypted). */
export interface PatientDetails {
  birthDate?: string;
  nationalId?: string;
  address?: string;
  /** PatientID as the scanner writes it (DICOM matching). */
  dicomPatientId?: string;
}

/** A patient of `institutionId` with the given consents recorded (written). */
export async function registerPatient(
  t: TestApp,
  token: string,
  institutionId: string,
  name: string,
  consents: string[] = ['AI_PROCESSING', 'REMOTE_SHARING'],
  details: PatientDetails = {},
): Promise<string> {
  const result = await t.gql('mutation($p: RegisterPatientInput!) { registerPatient(input: $p) { id } }', { p: { institutionId, name, sex: 'F', ...details } }, token);
  const patientId = result.data!.registerPatient.id as string;
  for (const purpose of consents) {
    await t.gql('mutation($c: RecordConsentInput!) { recordConsent(input: $c) { id } }', { c: { patientId, purpose, granted: true, method: 'written' } }, token);
  }
  return patientId;
}

/** A study of the patient; with `image`, uploaded and its pre-reads finished. */
export async function createStudy(t: TestApp, token: string, patientId: string, region = 'BREAST', image?: Uint8Array): Promise<string> {
  const studyId = (await t.gql('mutation($s: CreateStudyInput!) { createStudy(input: $s) { id } }', { s: { patientId, region } }, token)).data!.createStudy.id as string;
  if (image) {
    await uploadFile(t.url, token, studyId, image);
    await t.app.get(PreReadQueue).idle();
  }
  return studyId;
}
