import type { AuditOutcome } from '../models/audit-event';
import type { InstitutionType } from '../models/institution';
import type { Role } from '../models/role';
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
