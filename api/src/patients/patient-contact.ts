import type { FieldCipher } from '../encryption/field-cipher.js';

/** Data key of the patient table's encrypted columns (and, with "#index", of their blind indexes). */
export const PATIENT_KEY = 'patient';

export const normaliseNationalId = (value: string | null | undefined) => value?.trim().toUpperCase() || null;
/** Phones match by their digits: "138 0998-1234" and "13809981234" are the same number. */
export const normalisePhone = (value: string | null | undefined) => value?.replace(/\D/g, '') || null;

export interface SealedContact {
  nationalIdSealed: string | null;
  nationalIdIndex: string | null;
  phoneSealed: string | null;
  phoneIndex: string | null;
}

/** National id and phone as stored: encrypted, bound to the patient's id, with their blind indexes. */
export async function sealContact(cipher: FieldCipher, patientId: string, contact: { nationalId?: string | null; phone?: string | null }): Promise<SealedContact> {
  const nationalId = normaliseNationalId(contact.nationalId);
  const phone = contact.phone?.trim() || null;
  return {
    nationalIdSealed: await cipher.sealText(PATIENT_KEY, nationalId, `patient.national_id:${patientId}`),
    nationalIdIndex: await cipher.blindIndex(PATIENT_KEY, nationalId),
    phoneSealed: await cipher.sealText(PATIENT_KEY, phone, `patient.phone:${patientId}`),
    phoneIndex: await cipher.blindIndex(PATIENT_KEY, normalisePhone(phone)),
  };
}

export const openNationalId = (cipher: FieldCipher, patientId: string, sealed: string | null) => cipher.openText(sealed, `patient.national_id:${patientId}`);
export const openPhone = (cipher: FieldCipher, patientId: string, sealed: string | null) => cipher.openText(sealed, `patient.phone:${patientId}`);
