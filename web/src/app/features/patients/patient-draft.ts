import { maxLength, pattern, required, schema, validate } from '@angular/forms/signals';
import type { PatientInput } from '../../core/data/patients.api';
import type { Sex } from '../../core/models/patient';

/** What the registration form edits: every value a string, '' meaning "none". */
export interface PatientDraft {
  institutionId: string;
  name: string;
  sex: Sex | '';
  birthDate: string;
  nationalId: string;
  phone: string;
  address: string;
}

/** The API's rules (RegisterPatientInput), checked before sending. */
export const NATIONAL_ID_PATTERN = /^\d{17}[\dXx]$/;
export const PHONE_PATTERN = /^\+?[0-9 -]{5,32}$/;

export const emptyPatientDraft = (institutionId: string): PatientDraft => ({
  institutionId,
  name: '',
  sex: '',
  birthDate: '',
  nationalId: '',
  phone: '',
  address: '',
});

export const patientSchema = schema<PatientDraft>((path) => {
  required(path.institutionId);
  required(path.name);
  maxLength(path.name, 200);
  required(path.sex);
  pattern(path.nationalId, NATIONAL_ID_PATTERN, { message: 'validation.nationalId' });
  pattern(path.phone, PHONE_PATTERN, { message: 'validation.phone' });
  maxLength(path.address, 200);
  validate(path.birthDate, ({ value }) => {
    const date = value();
    if (!date) return undefined;
    return !/^\d{4}-\d{2}-\d{2}$/.test(date) || date > today() || date < '1900-01-01' ? { kind: 'birthDate', message: 'validation.birthDate' } : undefined;
  });
});

const today = () => new Date().toISOString().slice(0, 10);

export const toPatientInput = (draft: PatientDraft): PatientInput => ({
  institutionId: draft.institutionId,
  name: draft.name.trim(),
  sex: draft.sex as Sex,
  birthDate: draft.birthDate || null,
  nationalId: draft.nationalId.trim().toUpperCase() || null,
  phone: draft.phone.trim() || null,
  address: draft.address.trim() || null,
});
