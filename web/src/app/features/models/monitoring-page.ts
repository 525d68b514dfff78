import { Component, computed, inject, resource, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { LOCALE_INFO } from '../../core/i18n/locale';
import type { AnatomicalRegion } from '../../core/models/study';
import { EChart } from '../../shared/echart/echart';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { ListState } from '../../shared/list-state/list-state';
import { cusumOption } from './cusum-option';
import { type Interval, MonitoringApi, type SiteMonitoring } from './monitoring.api';

/**
 * Post-market surveillance for admins: each model version at each site of their tree, flagged sites first;
 * agreement with the specialists and, from pathology, sensitivity, specificity and AUC, each with its 95 %
 * interval; per scanner; and the agreement rule's control chart for the site chosen.
 */
@Component({
  selector: 'app-monitoring-page',
  imports: [ListState, EChart, ErrorBanner],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('monitoring.title') }}</h1>
    </div>
    <p class="muted">{{ t('monitoring.intro') }}</p>
    <app-list-state [loading]="sites.isLoading()" [error]="sites.error()" [empty]="rows().length === 0" [emptyText]="t('monitoring.empty')" (retry)="sites.reload()">
      <div class="table-wrap">
        <table class="table" data-testid="monitoring-table">
          <thead>
            <tr>
              <th scope="col">{{ t('monitoring.site') }}</th>
              <th scope="col">{{ t('monitoring.model') }}</th>
              <th scope="col">{{ t('monitoring.lesions') }}</th>
              <th scope="col">{{ t('monitoring.agreement') }}</th>
              <th scope="col">{{ t('monitoring.sensitivity') }}</th>
              <th scope="col">{{ t('monitoring.specificity') }}</th>
              <th scope="col">{{ t('monitoring.auc') }}</th>
              <th scope="col">{{ t('common.status') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (s of rows(); track key(s)) {
              <tr data-testid="monitoring-row" [attr.data-institution]="s.institutionId" [class.selected]="key(s) === key(chosen())">
                <td><button type="button" class="link-button" data-testid="monitoring-choose" (click)="choice.set(key(s))">{{ s.institutionName }}</button></td>
                <td><bdi>{{ t(regionLabel(region(s))) }} {{ s.modelVersion }}</bdi></td>
                <td>{{ i18n.number(s.lesions) }}</td>
                <td data-testid="monitoring-agreement"><bdi>{{ interval(s.agreement) }}</bdi></td>
                <td data-testid="monitoring-sensitivity"><bdi>{{ interval(s.sensitivity) }}</bdi></td>
                <td><bdi>{{ interval(s.specificity) }}</bdi></td>
                <td data-testid="monitoring-auc"><bdi>{{ auc(s.auc) }}</bdi></td>
                <td>
                  @if (s.alert) { <span class="badge badge--failure" data-testid="monitoring-alert">{{ t('monitoring.agreementAlert') }}</span> }
                  @if (s.sensitivityAlert) { <span class="badge badge--failure" data-testid="monitoring-sensitivity-alert">{{ t('monitoring.sensitivityAlert') }}</span> }
                  @if (!s.alert && !s.sensitivityAlert) { <span class="badge">{{ t('monitoring.inControl') }}</span> }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (chosen(); as s) {
        <section data-testid="monitoring-detail">
          <h2 class="section-title">{{ t('monitoring.chartTitle', { site: s.institutionName }) }}</h2>
          <p class="muted">{{ t('monitoring.rule', { limit: i18n.number(s.cusumLimit) }) }}
            @if (s.alertAfterLesions !== null) { <strong>{{ t('monitoring.flaggedAfter', { n: i18n.number(s.alertAfterLesions) }) }}</strong> }
          </p>
          @if (detail.error()) {
            <app-error-banner [error]="detail.error()" />
          }
          @if (detail.hasValue() && detail.value(); as d) {
          <app-echart [option]="chart()" [label]="t('monitoring.chartTitle', { site: s.institutionName })" testId="cusum-chart" />
          <h3 class="section-title">{{ t('monitoring.perScanner') }}</h3>
          <div class="table-wrap">
            <table class="table" data-testid="monitoring-scanners">
              <thead><tr>
                <th scope="col">{{ t('monitoring.scanner') }}</th><th scope="col">{{ t('monitoring.lesions') }}</th>
                <th scope="col">{{ t('monitoring.agreement') }}</th><th scope="col">{{ t('common.status') }}</th>
              </tr></thead>
              <tbody>
                @for (c of d.scanners; track c.deviceId) {
                  <tr data-testid="monitoring-scanner-row">
                    <td>{{ c.label ?? t('monitoring.uploaded') }}</td>
                    <td>{{ i18n.number(c.lesions) }}</td>
                    <td><bdi>{{ interval(c.agreement) }}</bdi></td>
                    <td>@if (c.alert) { <span class="badge badge--failure">{{ t('monitoring.agreementAlert') }}</span> } @else { <span class="badge">{{ t('monitoring.inControl') }}</span> }</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          }
        </section>
      }
    </app-list-state>
  `,
  styles: `
    .link-button { background: none; border: none; padding: 0; color: inherit; text-decoration: underline; cursor: pointer; text-align: start; font: inherit; }
    tr.selected { background: var(--surface-muted, #f2f4f7); }
  `,
})
export class MonitoringPage {
  private readonly api = inject(MonitoringApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regionLabel = regionLabel;

  protected readonly sites = resource({ loader: ({ abortSignal }) => this.api.sites(abortSignal) });
  protected readonly rows = computed(() => (this.sites.hasValue() ? this.sites.value() : []));
  protected readonly choice = signal<string | null>(null);
  /** The site chosen, else the first (flagged ones come first). */
  protected readonly chosen = computed(() => this.rows().find((s) => this.key(s) === this.choice()) ?? this.rows()[0] ?? null);
  protected readonly detail = resource({
    params: () => this.chosen() ?? undefined,
    loader: ({ params, abortSignal }) => this.api.detail(params.modelVersionId, params.institutionId, abortSignal),
  });
  protected readonly chart = computed(() => {
    const d = this.detail.hasValue() ? this.detail.value() : null;
    const rtl = LOCALE_INFO[this.i18n.locale()].dir === 'rtl';
    return cusumOption(d?.chart ?? [], this.chosen()?.cusumLimit ?? 0, rtl, { statistic: this.t('monitoring.statistic'), limit: this.t('monitoring.limit') });
  });

  protected key(s: SiteMonitoring | null): string {
    return s ? `${s.modelVersionId}|${s.institutionId}` : '';
  }

  protected region(s: SiteMonitoring): AnatomicalRegion {
    return s.region as AnatomicalRegion;
  }

  /** "90 % (82–95 %)": the value with its 95 % interval; a dash without cases. */
  protected interval(p: Interval | null): string {
    const pct = (v: number) => this.i18n.number(Math.round(v * 1000) / 10);
    return p === null ? '—' : `${pct(p.value)} % (${pct(p.lower)}–${pct(p.upper)} %) · n=${this.i18n.number(p.n)}`;
  }

  protected auc(p: Interval | null): string {
    const r = (v: number) => this.i18n.number(Math.round(v * 100) / 100);
    return p === null ? '—' : `${r(p.value)} (${r(p.lower)}–${r(p.upper)}) · n=${this.i18n.number(p.n)}`;
  }
}
