import { Component, computed, effect, inject, resource, signal, untracked } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { LOCALE_INFO } from '../../core/i18n/locale';
import type { MessageKey } from '../../core/i18n/messages/en';
import { ListState } from '../../shared/list-state/list-state';
import { saveFile } from '../../shared/save-file';
import { INSTITUTION_COLUMNS, institutionsCsv } from './dashboard-csv';
import { institutionsXlsx } from './dashboard-xlsx';
import { DashboardApi, type DashboardFilter, type Turnaround } from './dashboard.api';
import { EChart } from '../../shared/echart/echart';
import { percentText } from '../../shared/percent-text';
import { monthsOption } from './months-option';

/**
 * The screening programme's figures: admins over their tree, clinicians and trainers over their institution.
 * Every figure breaks down by institution below; choosing an institution narrows the page to it and those
 * under it. Screening counts come from a rollup refreshed every few minutes: the page says as of when.
 */
@Component({
  selector: 'app-dashboard-page',
  imports: [ListState, EChart],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('dashboard.title') }}</h1>
      @if (data(); as d) {
        <button type="button" class="button button--small" data-testid="dashboard-export" (click)="exportCsv()" [disabled]="d.institutions.length === 0">{{ t('dashboard.exportCsv') }}</button>
        <button type="button" class="button button--small" data-testid="dashboard-export-xlsx" (click)="exportXlsx()" [disabled]="d.institutions.length === 0">{{ t('dashboard.exportXlsx') }}</button>
      }
    </div>
    <form class="filters" data-testid="dashboard-filters" (submit)="$event.preventDefault(); apply(from.value, to.value, prefecture.value, institution.value)">
      <label>{{ t('dashboard.from') }} <input #from type="month" name="from" [value]="filter().fromMonth ?? ''" data-testid="dashboard-from" /></label>
      <label>{{ t('dashboard.to') }} <input #to type="month" name="to" [value]="filter().toMonth ?? ''" data-testid="dashboard-to" /></label>
      <label>{{ t('dashboard.prefecture') }}
        <select #prefecture name="prefecture" data-testid="dashboard-prefecture">
          <option value="">{{ t('dashboard.all') }}</option>
          @for (p of prefectures(); track p) { <option [value]="p" [selected]="p === filter().prefecture">{{ p }}</option> }
        </select>
      </label>
      <label>{{ t('dashboard.institution') }}
        <select #institution name="institution" data-testid="dashboard-institution">
          <option value="">{{ t('dashboard.all') }}</option>
          @for (i of known(); track i.id) { <option [value]="i.id" [selected]="i.id === filter().institutionId">{{ i.name }}</option> }
        </select>
      </label>
      <button type="submit" class="button button--small">{{ t('dashboard.apply') }}</button>
    </form>
    <app-list-state [loading]="page.isLoading()" [error]="page.error()" [empty]="(data()?.institutions ?? []).length === 0" [emptyText]="t('dashboard.empty')" (retry)="page.reload()">
      @if (data(); as d) {
        <p class="muted" data-testid="dashboard-freshness">
          {{ d.refreshedAt ? t('dashboard.freshAsOf', { at: i18n.dateTime(d.refreshedAt) }) : t('dashboard.notYetCounted') }}
        </p>
        <div class="tiles" data-testid="dashboard-tiles">
          <div class="tile"><span class="tile-label">{{ t('dashboard.screenings') }}</span><strong data-testid="tile-screenings">{{ i18n.number(d.screenings) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.aiPositiveRate') }}</span><strong data-testid="tile-ai-positive">{{ percent(d.aiPositiveRate) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.consults') }}</span><strong data-testid="tile-consults">{{ i18n.number(d.consults) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.requestToSign') }}</span><strong>{{ minutes(d.requestToSign) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.requestToClaim') }}</span><strong>{{ minutes(d.requestToClaim) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.slaBreaches') }}</span><strong data-testid="tile-sla">{{ i18n.number(d.slaBreaches) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.followUpCompletion') }}</span><strong data-testid="tile-follow-up">{{ percent(d.followUpCompletionRate) }}</strong>
            <span class="muted">{{ t('dashboard.ofOpened', { done: i18n.number(d.followUpsCompleted), opened: i18n.number(d.followUpsOpened) }) }}</span></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.overdue') }}</span><strong>{{ i18n.number(d.followUpsOverdue) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.daysToBiopsy') }}</span><strong>{{ d.daysToBiopsyMedian === null ? '—' : i18n.number(d.daysToBiopsyMedian) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.cancersPer1000') }}</span><strong data-testid="tile-cancers">{{ d.cancersPer1000 === null ? '—' : i18n.number(round(d.cancersPer1000)) }}</strong>
            <span class="muted">{{ t('dashboard.cancers', { n: i18n.number(d.cancers) }) }}</span></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.staffTrained') }}</span><strong>{{ i18n.number(d.training.staffTrained) }} / {{ i18n.number(d.training.staff) }}</strong></div>
          <div class="tile"><span class="tile-label">{{ t('dashboard.certificates') }}</span><strong>{{ i18n.number(d.training.certificatesValid) }}</strong>
            <span class="muted">{{ t('dashboard.expiring', { n: i18n.number(d.training.certificatesExpiring) }) }}</span></div>
        </div>
        <h2 class="section-title">{{ t('dashboard.perMonth') }}</h2>
        @if (d.months.length === 0) {
          <p class="muted" data-testid="dashboard-no-months">{{ t('dashboard.noScreenings') }}</p>
        } @else {
          <app-echart [option]="chart()" [label]="t('dashboard.perMonth')" testId="months-chart" />
        }
        <h2 class="section-title">{{ t('dashboard.perInstitution') }}</h2>
        <div class="table-wrap">
          <table class="table" data-testid="dashboard-institutions">
            <thead>
              <tr>@for (c of columns; track c) { <th scope="col">{{ t(header(c)) }}</th> }</tr>
            </thead>
            <tbody>
              @for (i of d.institutions; track i.institutionId) {
                <tr data-testid="dashboard-institution-row" [attr.data-institution]="i.institutionId">
                  <td><button type="button" class="link-button" data-testid="dashboard-drill" (click)="drill(i.institutionId)">{{ i.name }}</button></td>
                  <td>{{ i.prefecture }}</td>
                  <td>{{ i.county ?? '—' }}</td>
                  <td data-testid="row-screenings">{{ i18n.number(i.screenings) }}</td>
                  <td>{{ i18n.number(i.aiPositive) }}</td>
                  <td>{{ i18n.number(i.consults) }}</td>
                  <td>{{ i18n.number(i.slaBreaches) }}</td>
                  <td>{{ i18n.number(i.followUpsOpened) }}</td>
                  <td>{{ i18n.number(i.followUpsCompleted) }}</td>
                  <td>{{ i18n.number(i.followUpsOverdue) }}</td>
                  <td>{{ i18n.number(i.cancers) }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <h2 class="section-title">{{ t('dashboard.sessions') }}</h2>
        @if (d.training.sessions.length === 0) {
          <p class="muted">{{ t('dashboard.noSessions') }}</p>
        } @else {
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">{{ t('dashboard.session') }}</th><th scope="col">{{ t('dashboard.startsAt') }}</th><th scope="col">{{ t('dashboard.attendees') }}</th></tr></thead>
              <tbody>
                @for (s of d.training.sessions; track s.sessionId) {
                  <tr><td>{{ s.title }}</td><td class="nowrap"><bdi>{{ i18n.dateTime(s.startsAt) }}</bdi></td><td>{{ i18n.number(s.attendees) }}</td></tr>
                }
              </tbody>
            </table>
          </div>
        }
      }
    </app-list-state>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin-block: 0.75rem; }
    .filters label { display: flex; flex-direction: column; gap: 0.25rem; min-width: 9rem; flex: 1 1 9rem; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.75rem; margin-block: 0.75rem; }
    .tile { display: flex; flex-direction: column; gap: 0.25rem; padding: 0.75rem; border: 1px solid var(--border, #d0d5dd); border-radius: 6px; }
    .tile strong { font-size: 1.4rem; }
    .tile-label { font-size: 0.85rem; }
    .link-button { background: none; border: none; padding: 0; color: inherit; text-decoration: underline; cursor: pointer; text-align: start; font: inherit; }
  `,
})
export class DashboardPage {
  private readonly api = inject(DashboardApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly columns = INSTITUTION_COLUMNS;
  protected readonly round = (v: number) => Math.round(v * 10) / 10;

  protected readonly filter = signal<DashboardFilter>({});
  protected readonly page = resource({ params: () => this.filter(), loader: ({ params, abortSignal }) => this.api.load(params, abortSignal) });
  protected readonly data = computed(() => (this.page.hasValue() ? this.page.value() : null));
  protected readonly rtl = computed(() => LOCALE_INFO[this.i18n.locale()].dir === 'rtl');
  private readonly seen = signal(new Map<string, { id: string; name: string; prefecture: string }>());
  protected readonly known = computed(() => [...this.seen().values()].sort((a, b) => a.name.localeCompare(b.name)));
  protected readonly prefectures = computed(() => [...new Set(this.known().map((i) => i.prefecture))].sort());
  protected readonly chart = computed(() => {
    const months = this.data()?.months ?? [];
    return monthsOption(
      {
        months: months.map((m) => m.month),
        series: [
          { name: this.t('dashboard.screenings'), values: months.map((m) => m.screenings) },
          { name: this.t('dashboard.aiPositive'), values: months.map((m) => m.aiPositive) },
        ],
      },
      this.rtl(),
    );
  });

  constructor() {
    // Remember the institutions the reader may choose from (those their answers contained), so narrowing to one keeps the others on offer.
    effect(() => {
      const institutions = this.data()?.institutions ?? [];
      untracked(() => this.seen.update((m) => new Map([...m, ...institutions.map((i) => [i.institutionId, { id: i.institutionId, name: i.name, prefecture: i.prefecture }] as const)])));
    });
  }

  protected header(column: (typeof INSTITUTION_COLUMNS)[number]): MessageKey {
    return `dashboard.col.${column}` as MessageKey;
  }

  protected percent(value: number | null): string {
    return value === null ? '—' : percentText(value, this.i18n.number);
  }

  protected minutes(value: Turnaround | null): string {
    return value === null ? '—' : this.t('dashboard.minutes', { p50: this.i18n.number(Math.round(value.p50Minutes)), p90: this.i18n.number(Math.round(value.p90Minutes)) });
  }

  protected apply(fromMonth: string, toMonth: string, prefecture: string, institutionId: string): void {
    this.filter.set({ fromMonth: fromMonth || undefined, toMonth: toMonth || undefined, prefecture: prefecture || undefined, institutionId: institutionId || undefined });
  }

  protected drill(institutionId: string): void {
    this.filter.update((f) => ({ ...f, institutionId }));
  }

  /** The table's headers in the language on screen, as the exports write them. */
  private headers(): string[] {
    return this.columns.map((c) => this.t(this.header(c)));
  }

  protected exportCsv(): void {
    const d = this.data();
    if (!d) return;
    const csv = institutionsCsv(d.institutions, this.headers());
    saveFile({ blob: new Blob([csv], { type: 'text/csv;charset=utf-8' }), fileName: `screening-${d.fromMonth}-${d.toMonth}.csv` });
  }

  protected async exportXlsx(): Promise<void> {
    const d = this.data();
    if (!d) return;
    const blob = await institutionsXlsx(d.institutions, this.headers());
    saveFile({ blob, fileName: `screening-${d.fromMonth}-${d.toMonth}.xlsx` });
  }
}
