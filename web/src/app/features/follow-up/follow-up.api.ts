import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';
import type { AnatomicalRegion } from '../../core/models/study';

export type FollowUpWhen = 'OVERDUE' | 'DUE' | 'CLOSED';
export type FollowUpAction = 'BIOPSY_REFERRAL' | 'FNA' | 'REPEAT_ULTRASOUND';
export type FollowUpOutcome = 'DONE' | 'DECLINED' | 'MOVED_AWAY' | 'LOST_TO_FOLLOW_UP';
export type PathologyResult = 'BENIGN' | 'MALIGNANT' | 'OTHER';
export const FOLLOW_UP_OUTCOMES: readonly FollowUpOutcome[] = ['DONE', 'DECLINED', 'MOVED_AWAY', 'LOST_TO_FOLLOW_UP'];
export const PATHOLOGY_RESULTS: readonly PathologyResult[] = ['BENIGN', 'MALIGNANT', 'OTHER'];

export interface FollowUpLesion {
  id: string;
  lesionId: string | null;
  added: boolean;
  category: string | null;
  pathology: PathologyResult | null;
}

export interface FollowUpCase {
  id: string;
  studyId: string;
  patientId: string;
  patientName: string | null;
  region: AnatomicalRegion;
  source: 'AI_PRE_READ' | 'SIGNED_REPORT';
  categorySystem: string | null;
  categoryValue: string | null;
  action: FollowUpAction;
  intervalMonths: number | null;
  dueAt: string;
  status: 'OPEN' | 'CLOSED';
  overdue: boolean;
  escalatedAt: string | null;
  outcome: FollowUpOutcome | null;
  outcomeReason: string | null;
  outcomeOn: string | null;
  lesions: FollowUpLesion[];
}

export interface RecordOutcome {
  caseId: string;
  outcome: FollowUpOutcome;
  reason?: string;
  note?: string;
  performedOn?: string;
  pathology: Array<{ lesionId: string; result: PathologyResult }>;
}

export interface EscalatedFollowUp {
  id: string;
  institutionName: string;
  region: AnatomicalRegion;
  action: FollowUpAction;
  dueAt: string;
  escalatedAt: string;
  daysOverdue: number;
}

const CASE = `id studyId patientId patientName region source categorySystem categoryValue action intervalMonths dueAt status overdue escalatedAt
  outcome outcomeReason outcomeOn lesions { id lesionId added category pathology }`;
const LIST = `query FollowUps($filter: FollowUpFilter) { followUps(filter: $filter) { total items { ${CASE} } } }`;
const COUNTS = 'query FollowUpCounts { followUpCounts { due overdue } }';
const RECORD = `mutation RecordFollowUpOutcome($input: RecordOutcomeInput!) { recordFollowUpOutcome(input: $input) { ${CASE} } }`;
const ESCALATIONS = 'query FollowUpEscalations($filter: EscalationFilter) { followUpEscalations(filter: $filter) { total items { id institutionName region action dueAt escalatedAt daysOverdue } } }';

export const FOLLOW_UP_PAGE = 25;

/** Follow-up cases of the doctor's institutions, their outcomes, and the admins' escalations. */
@Injectable({ providedIn: 'root' })
export class FollowUpApi {
  private readonly api = inject(Api);

  async list(when: FollowUpWhen, offset: number, signal?: AbortSignal): Promise<{ total: number; items: FollowUpCase[] }> {
    return (await this.api.request<{ followUps: { total: number; items: FollowUpCase[] } }>(LIST, { filter: { when, offset, limit: FOLLOW_UP_PAGE } }, signal)).followUps;
  }

  async counts(signal?: AbortSignal): Promise<{ due: number; overdue: number }> {
    return (await this.api.request<{ followUpCounts: { due: number; overdue: number } }>(COUNTS, undefined, signal)).followUpCounts;
  }

  async record(input: RecordOutcome): Promise<FollowUpCase> {
    return (await this.api.request<{ recordFollowUpOutcome: FollowUpCase }>(RECORD, { input })).recordFollowUpOutcome;
  }

  async escalations(offset: number, signal?: AbortSignal): Promise<{ total: number; items: EscalatedFollowUp[] }> {
    return (await this.api.request<{ followUpEscalations: { total: number; items: EscalatedFollowUp[] } }>(ESCALATIONS, { filter: { offset, limit: FOLLOW_UP_PAGE } }, signal)).followUpEscalations;
  }
}
