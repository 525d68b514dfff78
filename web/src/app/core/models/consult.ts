import type { Sex } from './patient';
import type { AnatomicalRegion } from './study';

export const CONSULT_STATUSES = ['REQUESTED', 'OFFERED', 'CLAIMED', 'IN_REVIEW', 'REPORTED', 'SIGNED', 'AMENDED', 'CANCELLED', 'EXPIRED'] as const;
export type ConsultStatus = (typeof CONSULT_STATUSES)[number];

/** Most urgent last, as the API ranks them (the worklist shows emergencies first). */
export const URGENCIES = ['ROUTINE', 'URGENT', 'EMERGENCY'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** The statuses of the specialists' worklist (WorklistFilter.status accepts only these). */
export const WORKLIST_STATUSES = ['OFFERED', 'CLAIMED', 'IN_REVIEW'] as const satisfies readonly ConsultStatus[];

/** Still waiting on someone: a new request for the same study would be a duplicate. */
export const OPEN_CONSULT_STATUSES: readonly ConsultStatus[] = ['REQUESTED', 'OFFERED', 'CLAIMED', 'IN_REVIEW', 'REPORTED'];
/** The requesting side may still withdraw the request (the API's `cancel` transition). */
export const CANCELLABLE_STATUSES: readonly ConsultStatus[] = ['REQUESTED', 'OFFERED', 'CLAIMED', 'IN_REVIEW'];
/** A consult has someone on both ends, so a video call, from the claim until it is closed (as the API's CallsService). */
export const CALLABLE_STATUSES: readonly ConsultStatus[] = ['CLAIMED', 'IN_REVIEW', 'REPORTED', 'SIGNED', 'AMENDED'];

/** One transition of a consult; `event` is the API's name for it (request, offer, claim, release, start-review, …). */
export interface ConsultEvent {
  id: string;
  event: string;
  fromStatus: ConsultStatus | null;
  toStatus: ConsultStatus;
  /** null: the system (escalation, expiry, a claim that timed out). */
  actorUserId: string | null;
  /** The actor's display name; null for the system. */
  actorName: string | null;
  at: string;
}

export interface Consult {
  id: string;
  studyId: string;
  patientId: string;
  region: AnatomicalRegion;
  status: ConsultStatus;
  urgency: Urgency;
  clinicalQuestion: string;
  /** Highest AI malignancy probability of the study when requested (0–1), null without an AI result. */
  aiRisk: number | null;
  requestedAt: string;
  requestedBy: string;
  requestingInstitutionId: string;
  targetInstitutionId: string | null;
  offeredAt: string | null;
  claimedAt: string | null;
  claimedBy: string | null;
  /** Name of the specialist who claimed it. */
  claimedByName: string | null;
  /** When the report was first signed. */
  signedAt: string | null;
  closedAt: string | null;
  escalations: number;
}

export interface ConsultWithHistory extends Consult {
  history: ConsultEvent[];
  /** Sex and age only: the reviewing hospital never learns who the patient is. */
  patientSummary: { sex: Sex; ageYears: number | null };
}

export const CONSULT_FIELDS =
  'id studyId patientId region status urgency clinicalQuestion aiRisk requestedAt requestedBy requestingInstitutionId targetInstitutionId offeredAt claimedAt claimedBy claimedByName signedAt closedAt escalations';
export const CONSULT_HISTORY_FIELDS = `${CONSULT_FIELDS} patientSummary { sex ageYears } history { id event fromStatus toStatus actorUserId actorName at }`;

export const isOpenConsult = (consult: Pick<Consult, 'status'>): boolean => OPEN_CONSULT_STATUSES.includes(consult.status);
export const isOnWorklist = (consult: Pick<Consult, 'status'>): boolean => (WORKLIST_STATUSES as readonly ConsultStatus[]).includes(consult.status);

const URGENCY_RANK: Record<Urgency, number> = { ROUTINE: 0, URGENT: 1, EMERGENCY: 2 };

/** The worklist's order: most urgent, then highest AI risk (none last), then longest waiting. */
export function worklistOrder(a: Consult, b: Consult): number {
  return (
    URGENCY_RANK[b.urgency] - URGENCY_RANK[a.urgency] ||
    (b.aiRisk ?? -1) - (a.aiRisk ?? -1) ||
    a.requestedAt.localeCompare(b.requestedAt) ||
    a.id.localeCompare(b.id)
  );
}

/**
 * How long the request waited for a specialist: until it was claimed, or until now while it is still
 * offered. Null once closed without a claim (cancelled, expired).
 */
export function waitingSpan(consult: Pick<Consult, 'status' | 'requestedAt' | 'claimedAt' | 'closedAt'>, now: number): { ms: number; running: boolean } | null {
  const from = Date.parse(consult.requestedAt);
  if (consult.claimedAt) return { ms: Math.max(0, Date.parse(consult.claimedAt) - from), running: false };
  if (consult.status === 'REQUESTED' || consult.status === 'OFFERED') return { ms: Math.max(0, now - from), running: true };
  return null;
}
