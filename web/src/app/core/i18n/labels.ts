import type { AuditOutcome } from '../models/audit-event';
import type { ConsultStatus, Urgency } from '../models/consult';
import type { InstitutionType } from '../models/institution';
import type { ConsentMethod, ConsentPurpose, Sex } from '../models/patient';
import type { Role } from '../models/role';
import type { AnatomicalRegion } from '../models/study';
import { en, type MessageKey } from './messages/en';

/** Message keys for enum values the API sends, so templates stay type-checked. */
export const roleLabel = (role: Role): MessageKey => `role.${role}`;
export const institutionTypeLabel = (type: InstitutionType): MessageKey => `institutionType.${type}`;
export const outcomeLabel = (outcome: AuditOutcome): MessageKey => `audit.outcome.${outcome}`;

/** Resource types without a translation (new ones the API may add) are shown as sent. */
export const resourceTypeLabel = (type: string): MessageKey | null => {
  const key = `audit.resource.${type}`;
  return key in en ? (key as MessageKey) : null;
};

/** Clinical enums (patients, studies, AI second opinion). */
export const sexLabel = (sex: Sex): MessageKey => `sex.${sex}`;
export const regionLabel = (region: AnatomicalRegion): MessageKey => `region.${region}`;
export const consentPurposeLabel = (purpose: ConsentPurpose): MessageKey => `consent.purpose.${purpose}`;
export const consentMethodLabel = (method: ConsentMethod): MessageKey => `consent.method.${method}`;

/** The meaning of an AI-estimated BI-RADS / TI-RADS category, e.g. BI-RADS 4A → "low suspicion"; null when unknown. */
export const categoryMeaning = (system: string | null, value: string | null): MessageKey | null => {
  const key = `category.${system}.${value}`;
  return key in en ? (key as MessageKey) : null;
};

/** Failed pre-reads carry a stable code; unknown ones get the general message. */
export const preReadErrorLabel = (code: string | null): MessageKey => {
  const key = `preRead.error.${code}`;
  return key in en ? (key as MessageKey) : 'preRead.error.other';
};

/** Why the input check refused an image (NOT_ULTRASOUND, WRONG_REGION, UNSUPPORTED_MODE). */
export const preReadRefusalLabel = (code: string | null): MessageKey => {
  const key = `preRead.refused.${code}`;
  return key in en ? (key as MessageKey) : 'preRead.refused.other';
};

/** Where a lesion's millimetres come from (Lesion.calibrationSource). */
export const calibrationLabel = (source: string | null): MessageKey | null => {
  const key = `calibration.${source}`;
  return source && key in en ? (key as MessageKey) : null;
};

/** Remote consultation. */
export const consultStatusLabel = (status: ConsultStatus): MessageKey => `consult.status.${status}`;
export const urgencyLabel = (urgency: Urgency): MessageKey => `consult.urgency.${urgency}`;

/** History events (request, offer, claim, …); ones the API adds later are shown as sent. */
export const consultEventLabel = (event: string): MessageKey | null => {
  const key = `consult.event.${event}`;
  return key in en ? (key as MessageKey) : null;
};
