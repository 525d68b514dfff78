import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { ConsultStatus as S } from './consult-status.js';

/** Everything that can happen to a consult. */
export type ConsultEvent = 'offer' | 'claim' | 'release' | 'start-review' | 'report' | 'sign' | 'amend' | 'cancel' | 'expire' | 'escalate';

/**
 * The one table of legal transitions: event → (from → to). Anything not here is refused with
 * ILLEGAL_TRANSITION. `escalate` re-offers an unclaimed consult more widely and keeps it OFFERED.
 */
const TRANSITIONS: Record<ConsultEvent, Partial<Record<S, S>>> = {
  offer: { [S.REQUESTED]: S.OFFERED },
  claim: { [S.OFFERED]: S.CLAIMED },
  release: { [S.CLAIMED]: S.OFFERED, [S.IN_REVIEW]: S.OFFERED },
  'start-review': { [S.CLAIMED]: S.IN_REVIEW },
  report: { [S.IN_REVIEW]: S.REPORTED },
  sign: { [S.REPORTED]: S.SIGNED, [S.AMENDED]: S.SIGNED },
  amend: { [S.SIGNED]: S.AMENDED },
  cancel: { [S.REQUESTED]: S.CANCELLED, [S.OFFERED]: S.CANCELLED, [S.CLAIMED]: S.CANCELLED, [S.IN_REVIEW]: S.CANCELLED },
  expire: { [S.OFFERED]: S.EXPIRED },
  escalate: { [S.OFFERED]: S.OFFERED },
};

export function nextStatus(from: S, event: ConsultEvent): S {
  const to = TRANSITIONS[event][from];
  if (!to) {
    throw new AppError(ErrorCode.ILLEGAL_TRANSITION, `A consult that is ${from.toLowerCase().replace('_', ' ')} cannot be ${PAST[event]}`, { from, event });
  }
  return to;
}

export const canHappen = (from: S, event: ConsultEvent): boolean => TRANSITIONS[event][from] !== undefined;

const PAST: Record<ConsultEvent, string> = {
  offer: 'offered',
  claim: 'claimed',
  release: 'released',
  'start-review': 'put in review',
  report: 'reported',
  sign: 'signed',
  amend: 'amended',
  cancel: 'cancelled',
  expire: 'expired',
  escalate: 'escalated',
};
