import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';

export interface DashboardFilter {
  fromMonth?: string;
  toMonth?: string;
  institutionId?: string;
  prefecture?: string;
}

export interface Turnaround {
  p50Minutes: number;
  p90Minutes: number;
}

export interface InstitutionFigures {
  institutionId: string;
  name: string;
  prefecture: string;
  county: string | null;
  screenings: number;
  aiPositive: number;
  consults: number;
  slaBreaches: number;
  followUpsOpened: number;
  followUpsCompleted: number;
  followUpsOverdue: number;
  cancers: number;
}

export interface ProgrammeDashboard {
  fromMonth: string;
  toMonth: string;
  refreshedAt: string | null;
  screenings: number;
  aiPositive: number;
  aiPositiveRate: number | null;
  consults: number;
  slaBreaches: number;
  requestToClaim: Turnaround | null;
  claimToSign: Turnaround | null;
  requestToSign: Turnaround | null;
  followUpsOpened: number;
  followUpsCompleted: number;
  followUpsOverdue: number;
  followUpCompletionRate: number | null;
  daysToBiopsyMedian: number | null;
  cancers: number;
  cancersPer1000: number | null;
  training: { staff: number; staffTrained: number; certificatesValid: number; certificatesExpiring: number; sessions: Array<{ sessionId: string; title: string; startsAt: string; attendees: number }> };
  months: Array<{ month: string; screenings: number; aiPositive: number }>;
  institutions: InstitutionFigures[];
}

const T = 'p50Minutes p90Minutes';
const DASHBOARD = `query ProgrammeDashboard($filter: DashboardFilter) { programmeDashboard(filter: $filter) {
  fromMonth toMonth refreshedAt screenings aiPositive aiPositiveRate consults slaBreaches requestToClaim { ${T} } claimToSign { ${T} } requestToSign { ${T} }
  followUpsOpened followUpsCompleted followUpsOverdue followUpCompletionRate daysToBiopsyMedian cancers cancersPer1000
  training { staff staffTrained certificatesValid certificatesExpiring sessions { sessionId title startsAt attendees } }
  months { month screenings aiPositive }
  institutions { institutionId name prefecture county screenings aiPositive consults slaBreaches followUpsOpened followUpsCompleted followUpsOverdue cancers } } }`;

/** The programme dashboard's figures for the reader's scope. */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly api = inject(Api);

  async load(filter: DashboardFilter, signal?: AbortSignal): Promise<ProgrammeDashboard> {
    return (await this.api.request<{ programmeDashboard: ProgrammeDashboard }>(DASHBOARD, { filter }, signal)).programmeDashboard;
  }
}
