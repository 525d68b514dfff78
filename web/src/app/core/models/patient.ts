export const SEXES = ['F', 'M', 'O', 'U'] as const;
export type Sex = (typeof SEXES)[number];

export const CONSENT_PURPOSES = ['AI_PROCESSING', 'REMOTE_SHARING'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** How a consent decision was given (RecordConsentInput.method). */
export const CONSENT_METHODS = ['written', 'verbal', 'guardian'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

/** The decision in force for one purpose; `recordedAt` null: never asked. */
export interface ConsentState {
  purpose: ConsentPurpose;
  granted: boolean;
  recordedAt: string | null;
}

export interface Patient {
  id: string;
  institutionId: string;
  name: string;
  sex: Sex;
  birthDate: string | null;
  nationalId: string | null;
  phone: string | null;
  address: string | null;
  dicomPatientId: string | null;
  createdAt: string;
  consents: ConsentState[];
}

export const PATIENT_FIELDS =
  'id institutionId name sex birthDate nationalId phone address dicomPatientId createdAt consents { purpose granted recordedAt }';

export const consentOf = (patient: Pick<Patient, 'consents'>, purpose: ConsentPurpose): ConsentState =>
  patient.consents.find((c) => c.purpose === purpose) ?? { purpose, granted: false, recordedAt: null };

export const hasAiConsent = (patient: Pick<Patient, 'consents'>): boolean => consentOf(patient, 'AI_PROCESSING').granted;
