import { registerEnumType } from '@nestjs/graphql';

export enum ConsultStatus {
  REQUESTED = 'REQUESTED',
  OFFERED = 'OFFERED',
  CLAIMED = 'CLAIMED',
  IN_REVIEW = 'IN_REVIEW',
  REPORTED = 'REPORTED',
  SIGNED = 'SIGNED',
  AMENDED = 'AMENDED',
  CANCELLED = 'CANCELLED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ConsultStatus, { name: 'ConsultStatus' });

export enum Urgency {
  ROUTINE = 'ROUTINE',
  URGENT = 'URGENT',
  EMERGENCY = 'EMERGENCY',
}
registerEnumType(Urgency, { name: 'Urgency' });

/** Sort weight: the worklist shows emergencies first. */
export const URGENCY_RANK: Record<Urgency, number> = { [Urgency.ROUTINE]: 0, [Urgency.URGENT]: 1, [Urgency.EMERGENCY]: 2 };

/** Statuses in which a consult waits on a specialist (the worklist). */
export const OPEN_STATUSES = [ConsultStatus.OFFERED, ConsultStatus.CLAIMED, ConsultStatus.IN_REVIEW] as const;

/** Statuses in which a claimed consult still waits on its specialist: reading, writing, or the signature. */
export const CLAIMANT_STATUSES = [ConsultStatus.CLAIMED, ConsultStatus.IN_REVIEW, ConsultStatus.REPORTED, ConsultStatus.AMENDED] as const;

/** Claimed consults listed for their specialist at most (a specialist holds a handful at a time). */
export const CLAIMED_LISTED = 100;
