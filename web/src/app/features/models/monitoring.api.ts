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
  sensitivity: Interval | null;
  auc: Interval | null;
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
  chart: number[];
  scanners: ScannerMonitoring[];
}

const I = 'value lower upper n';
const SITES = `query ModelMonitoring { modelMonitoring { modelVersionId modelVersion region institutionId institutionName lesions missed
  agreement { ${I} } cusum cusumLimit alert alertAfterLesions sensitivity { ${I} } specificity { ${I} } auc { ${I} } sensitivityAlert sensitivityBound chart
  scanners { deviceId label lesions alert agreement { ${I} } sensitivity { ${I} } auc { ${I} } } } }`;
const ALERTS = 'query ModelAlerts { modelAlerts { modelVersionId modelVersion institutionName alert sensitivityAlert } }';

/** Each model version at each site of the admin's tree, against the specialists and pathology. */
@Injectable({ providedIn: 'root' })
export class MonitoringApi {
  private readonly api = inject(Api);

  async sites(signal?: AbortSignal): Promise<SiteMonitoring[]> {
    return (await this.api.request<{ modelMonitoring: SiteMonitoring[] }>(SITES, undefined, signal)).modelMonitoring;
  }

  async alerts(signal?: AbortSignal): Promise<Array<Pick<SiteMonitoring, 'modelVersionId' | 'modelVersion' | 'institutionName' | 'alert' | 'sensitivityAlert'>>> {
    return (await this.api.request<{ modelAlerts: SiteMonitoring[] }>(ALERTS, undefined, signal)).modelAlerts;
  }
}
