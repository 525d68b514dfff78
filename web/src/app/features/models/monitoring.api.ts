import { inject, Injectable } from '@angular/core';
import { Api } from '../../core/graphql/api';

export interface Interval {
  value: number;
  lower: number;
  upper: number;
  n: number;
}

export interface ScannerMonitoring {
  deviceId: string | null;
  label: string | null;
  lesions: number;
  agreement: Interval | null;
  alert: boolean;
}

export interface SiteMonitoring {
  modelVersionId: string;
  modelVersion: string;
  region: string;
  institutionId: string;
  institutionName: string;
  lesions: number;
  missed: number;
  agreement: Interval | null;
  cusum: number;
  cusumLimit: number;
  alert: boolean;
  alertAfterLesions: number | null;
  sensitivity: Interval | null;
  specificity: Interval | null;
  auc: Interval | null;
  sensitivityAlert: boolean;
  sensitivityBound: number;
}

/** One site's control chart and scanners, asked for when it is chosen (the list would exceed the query cost limit). */
export interface SiteDetail {
  chart: number[];
  scanners: ScannerMonitoring[];
}

const I = 'value lower upper n';
const SITES = `query ModelMonitoring { modelMonitoring { modelVersionId modelVersion region institutionId institutionName lesions missed
  agreement { ${I} } cusum cusumLimit alert alertAfterLesions sensitivity { ${I} } specificity { ${I} } auc { ${I} } sensitivityAlert sensitivityBound } }`;
const DETAIL = `query SiteMonitoringDetail($filter: MonitoringFilter) { modelMonitoring(filter: $filter) { modelVersionId chart scanners { deviceId label lesions alert agreement { ${I} } } } }`;
const ALERTS = 'query ModelAlerts { modelAlerts { modelVersionId modelVersion institutionName alert sensitivityAlert } }';

/** Each model version at each site of the admin's tree, against the specialists and pathology. */
@Injectable({ providedIn: 'root' })
export class MonitoringApi {
  private readonly api = inject(Api);

  async sites(signal?: AbortSignal): Promise<SiteMonitoring[]> {
    return (await this.api.request<{ modelMonitoring: SiteMonitoring[] }>(SITES, undefined, signal)).modelMonitoring;
  }

  async detail(modelVersionId: string, institutionId: string, signal?: AbortSignal): Promise<SiteDetail | null> {
    const sites = (await this.api.request<{ modelMonitoring: Array<SiteDetail & { modelVersionId: string }> }>(DETAIL, { filter: { modelVersionId, institutionId } }, signal)).modelMonitoring;
    return sites.find((s) => s.modelVersionId === modelVersionId) ?? null;
  }

  async alerts(signal?: AbortSignal): Promise<Array<Pick<SiteMonitoring, 'modelVersionId' | 'modelVersion' | 'institutionName' | 'alert' | 'sensitivityAlert'>>> {
    return (await this.api.request<{ modelAlerts: SiteMonitoring[] }>(ALERTS, undefined, signal)).modelAlerts;
  }
}
