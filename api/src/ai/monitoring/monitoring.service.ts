import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { groupBy } from '../../common/group-by.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import { FollowUpService } from '../../follow-up/follow-up.service.js';
import type { LesionOutcome } from '../../follow-up/dto/follow-up.input.js';
import type { Actor } from '../../policy/actor.js';
import { PolicyService } from '../../policy/policy.service.js';
import { aucWithInterval, type CusumRule, runCusum, wilson } from './agreement-cusum.js';
import type { MonitoringFilter, Proportion, ScannerMonitoring, SiteMonitoring } from './dto/monitoring.types.js';

interface AgreementRow {
  model_version_id: string;
  version: string;
  region: string;
  institution_id: string;
  institution_name: string;
  device_id: string | null;
  device_label: string | null;
  agreement: string;
  created_at: Date;
}

const proportion = (successes: number, n: number): Proportion | null => {
  const w = wilson(successes, n);
  return w && { successes, n, ...w };
};

/** What pathology says of the model on these lesions: sensitivity, specificity, AUC (OTHER results count in none). */
function againstPathology(outcomes: readonly LesionOutcome[]) {
  const known = outcomes.filter((o) => o.pathology !== 'OTHER' && (o.added || o.aiCall !== null));
  const malignant = known.filter((o) => o.pathology === 'MALIGNANT');
  const benign = known.filter((o) => o.pathology === 'BENIGN');
  const scores = (list: LesionOutcome[]) => list.flatMap((o) => (o.aiScore === null ? [] : [o.aiScore]));
  return {
    sensitivity: proportion(malignant.filter((o) => o.aiCall === 'MALIGNANT').length, malignant.length),
    specificity: proportion(benign.filter((o) => o.aiCall !== 'MALIGNANT').length, benign.length),
    auc: aucWithInterval(scores(malignant), scores(benign)),
  };
}

/**
 * Post-market surveillance of each model version at each site: the specialists' agreement per lesion (from
 * signed reports' agreement records), the alert rule on it (agreement-cusum.ts), and, where follow-up recorded
 * pathology, sensitivity and specificity. Admins see the sites of their tree.
 */
@Injectable()
export class MonitoringService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly followUps: FollowUpService,
  ) {}

  get rule(): CusumRule {
    return {
      expected: this.config.monitoringAgreementExpectedPct / 100,
      alert: this.config.monitoringAgreementAlertPct / 100,
      limit: this.config.monitoringCusumLimit,
      minLesions: this.config.monitoringMinLesions,
    };
  }

  /** Sites in the actor's tree (or the one asked for, when in it), each model version with data there. */
  async sites(actor: Actor, filter: MonitoringFilter): Promise<SiteMonitoring[]> {
    const scope = await this.policy.institutionsInScope(actor, 'model.monitor');
    if (scope.length === 0) await this.policy.authorize(actor, 'model.monitor', { institutionIds: [] }, { type: 'model-monitoring' });
    const institutions = filter.institutionId ? scope.filter((id) => id === filter.institutionId) : scope;
    if (institutions.length === 0) return [];
    // The latest signed version of each report counts (an amendment replaces its assessments), in the order signed.
    const rows: AgreementRow[] = await this.dataSource.query(
      `SELECT la.model_version_id, mv.version, mv.region, c.requesting_institution_id AS institution_id, i.name AS institution_name,
              s.device_id, d.label AS device_label, la.agreement, la.created_at
         FROM lesion_agreement la
         JOIN consult_report r ON r.id = la.report_id
         JOIN consult c ON c.id = r.consult_id
         JOIN study s ON s.id = c.study_id
    LEFT JOIN dicom_device d ON d.id = s.device_id
         JOIN model_version mv ON mv.id = la.model_version_id
         JOIN institution i ON i.id = c.requesting_institution_id
        WHERE c.requesting_institution_id = ANY($1) AND ($2::uuid IS NULL OR la.model_version_id = $2)
          AND r.version = (SELECT max(version) FROM consult_report s WHERE s.consult_id = r.consult_id AND s.status = 'SIGNED')
        ORDER BY la.created_at, la.report_id, la.lesion_id`,
      [institutions, filter.modelVersionId ?? null],
    );
    const outcomes = await this.followUps.lesionOutcomes(institutions, filter.modelVersionId);
    const key = (modelVersionId: string, institutionId: string) => `${modelVersionId}|${institutionId}`;
    const groups = groupBy(rows, (r) => key(r.model_version_id, r.institution_id));
    const truth = groupBy(outcomes, (o) => key(o.modelVersionId, o.institutionId));

    const rule = this.rule;
    const sensitivityBound = this.config.monitoringSensitivityMinPct / 100;
    const result = [...groups.values()].map((group): SiteMonitoring => {
      const first = group[0];
      const agreed = group.map((r) => r.agreement === 'AGREE');
      const chart = runCusum(agreed, rule);
      const siteTruth = truth.get(key(first.model_version_id, first.institution_id)) ?? [];
      const pathology = againstPathology(siteTruth);
      const truthByScanner = groupBy(siteTruth, (o) => o.deviceId ?? '');
      const scanners = [...groupBy(group, (r) => r.device_id ?? '').entries()].map(([scanner, rows]): ScannerMonitoring => {
        const { sensitivity, auc } = againstPathology(truthByScanner.get(scanner) ?? []);
        return {
          deviceId: rows[0].device_id,
          label: rows[0].device_label,
          lesions: rows.length,
          agreement: proportion(rows.filter((r) => r.agreement === 'AGREE').length, rows.length),
          alert: runCusum(rows.map((r) => r.agreement === 'AGREE'), rule).flaggedAfter !== null,
          sensitivity,
          auc,
        };
      });
      return {
        modelVersionId: first.model_version_id,
        modelVersion: first.version,
        region: first.region,
        institutionId: first.institution_id,
        institutionName: first.institution_name,
        lesions: group.length,
        agreement: proportion(agreed.filter(Boolean).length, group.length),
        missed: group.filter((r) => r.agreement === 'MISSED').length,
        cusum: chart.statistic,
        cusumLimit: rule.limit,
        alert: chart.flaggedAfter !== null,
        alertAfterLesions: chart.flaggedAfter,
        alertAt: chart.flaggedAfter === null ? null : new Date(group[chart.flaggedAfter - 1].created_at),
        ...pathology,
        sensitivityAlert: pathology.sensitivity !== null && pathology.sensitivity.upper < sensitivityBound,
        sensitivityBound,
        chart: chart.path,
        scanners: scanners.sort((a, b) => b.lesions - a.lesions),
      };
    });
    await this.audit.record({ actor, action: 'model.monitor', resourceType: 'model-monitoring', details: { institutions: institutions.length, modelVersionId: filter.modelVersionId ?? null } });
    return result.sort((a, b) => Number(b.alert || b.sensitivityAlert) - Number(a.alert || a.sensitivityAlert) || a.institutionName.localeCompare(b.institutionName) || a.modelVersion.localeCompare(b.modelVersion));
  }

  /** Pathology results with the AI's call, per lesion, for the sites of the actor's tree. */
  async lesionOutcomes(actor: Actor, filter: MonitoringFilter): Promise<LesionOutcome[]> {
    const scope = await this.policy.institutionsInScope(actor, 'model.monitor');
    if (scope.length === 0) await this.policy.authorize(actor, 'model.monitor', { institutionIds: [] }, { type: 'model-monitoring' });
    const institutions = filter.institutionId ? scope.filter((id) => id === filter.institutionId) : scope;
    const outcomes = institutions.length === 0 ? [] : await this.followUps.lesionOutcomes(institutions, filter.modelVersionId);
    await this.audit.record({ actor, action: 'model.lesion-outcomes', resourceType: 'model-monitoring', details: { modelVersionId: filter.modelVersionId ?? null, ids: outcomes.map((o) => o.followUpLesionId) } });
    return outcomes;
  }
}
