export const AUDIT_OUTCOMES = ['SUCCESS', 'FAILURE', 'DENIED'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Resource types the API records today; the filter offers these. */
export const AUDIT_RESOURCE_TYPES = ['user', 'session', 'institution', 'system'] as const;

export interface AuditEvent {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: AuditOutcome;
  code: string | null;
  ip: string | null;
}

export const AUDIT_EVENT_FIELDS = 'id occurredAt actorUserId actorUsername action resourceType resourceId outcome code ip';
