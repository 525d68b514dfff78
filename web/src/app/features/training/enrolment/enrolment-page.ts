import { Component, computed, inject, input, resource, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiError } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { ProgressBar } from '../progress-bar';
import { TrainingApi } from '../training.api';
import type { EnrolmentReport } from '../training.models';
import { EnrolmentReportView } from './enrolment-report-view';
import { EnrolmentUpload } from './enrolment-upload';
import { SelfEnrolSettings } from './self-enrol-settings';
import { StaffEnrol } from './staff-enrol';

/**
 * Enrolment: who may enrol whom, one person at a time (trainers), and by CSV (admins for their administration,
 * trainers for their own institution): pick the file, watch it go up, read which lines failed and why.
 */
@Component({
  selector: 'app-enrolment-page',
  imports: [RouterLink, ErrorBanner, ProgressBar, EnrolmentReportView, StaffEnrol, SelfEnrolSettings],
  template: `
    <div class="page-header">
      <h1 class="page-title">
        {{ t('training.enrol.title') }}@if (history.hasValue()) {: <span dir="auto">{{ history.value().course.title }}</span>}
      </h1>
      <a class="button button--ghost" [routerLink]="['/training/courses', id()]">{{ t('training.report.backToCourse') }}</a>
    </div>

    <section class="card" data-testid="enrolment-rules">
      <h2 class="card__title">{{ t('training.enrol.whoTitle') }}</h2>
      <ul class="rules">
        <li>{{ t('training.enrol.whoAdmins') }}</li>
        <li>{{ t('training.enrol.whoTrainers') }}</li>
        <li>{{ t('training.enrol.whoRefused') }}</li>
        <li>{{ t('training.enrol.whoSelf') }}</li>
      </ul>
    </section>

    @if (isTrainer()) {
      <app-staff-enrol [courseId]="id()" />
      <app-self-enrol-settings [courseId]="id()" />
    }

    <section class="card" data-testid="enrolment-upload">
      <h2 class="card__title">{{ t('training.enrol.upload') }}</h2>
      <p class="muted">{{ t(isAdmin() ? 'training.enrol.format' : 'training.enrol.formatTrainer') }}</p>
      <pre class="sample" dir="ltr">username,full_name,institution_code,cohort</pre>
      <div class="picker">
        <input type="file" accept=".csv,text/csv" (change)="picked($event)" [disabled]="uploading.busy()" data-testid="enrolment-file" [attr.aria-label]="t('training.enrol.chooseFile')" />
        <button type="button" class="button button--primary" [disabled]="!file() || uploading.busy()" (click)="upload()" data-testid="enrolment-send">
          {{ uploading.busy() ? t('training.enrol.sending') : t('training.enrol.send') }}
        </button>
      </div>
      @if (file(); as f) {
        <div role="status" data-testid="enrolment-progress" [attr.data-percent]="percent()">
          <app-progress-bar [done]="percent()" [total]="100" [label]="t('training.enrol.progressOf', { name: f.name })" />
          <span class="muted small"><bdi>{{ f.name }}</bdi> · {{ i18n.number(percent()) }} %</span>
        </div>
      }
      @if (uploading.error(); as error) {
        @if (csvProblem(error); as problem) {
          <div class="banner banner--error" role="alert" data-testid="enrolment-csv-invalid">
            <p class="banner__text">{{ t('training.enrol.csvInvalid') }}</p>
            <p class="banner__text" lang="en" dir="ltr">{{ problem }}</p>
          </div>
        } @else {
          <app-error-banner [error]="error" />
        }
      }
      @if (result(); as report) {
        <div class="result" data-testid="enrolment-result">
          <h3 class="result__title">{{ t('training.enrol.resultTitle') }}</h3>
          <app-enrolment-report-view [report]="report" />
        </div>
      }
    </section>

    <section class="card" data-testid="enrolment-history">
      <h2 class="card__title">{{ t('training.enrol.history') }}</h2>
      @if (history.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="history.reload()" />
      } @else if (history.hasValue()) {
        @for (report of history.value().enrolmentReports; track report.id; let i = $index) {
          <details class="past" data-testid="enrolment-past">
            <summary>{{ t('training.enrol.pastSummary', { n: history.value().enrolmentReports.length - i, enrolled: report.enrolled, failed: report.failed }) }}</summary>
            <app-enrolment-report-view [report]="report" />
          </details>
        } @empty {
          <div class="list-state list-state--empty" data-testid="enrolment-history-empty">
            <p>{{ t('training.enrol.noHistory') }}</p>
            <p class="muted small">{{ t('training.enrol.noHistoryHint') }}</p>
          </div>
        }
      } @else {
        <p class="muted" role="status">{{ t('common.loading') }}</p>
      }
    </section>
  `,
  styles: `
    .sample { background: var(--hover); padding: 0.5rem 0.75rem; border-radius: var(--radius); font-size: 0.85rem; overflow-x: auto; }
    .picker { display: flex; gap: 0.75rem; align-items: center; flex-wrap: wrap; margin-block-end: 0.5rem; }
    .small { font-size: 0.85rem; }
    .result__title { font-size: 1rem; margin-block: 1rem 0.25rem; }
    .past { padding-block: 0.4rem; border-block-end: 1px solid var(--border); }
    .past summary { cursor: pointer; }
    .rules { margin: 0; padding-inline-start: 1.2rem; display: grid; gap: 0.3rem; }
  `,
})
export class EnrolmentPage {
  readonly id = input.required<string>();

  private readonly api = inject(TrainingApi);
  private readonly uploader = inject(EnrolmentUpload);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly file = signal<File | null>(null);
  protected readonly percent = signal(0);
  protected readonly result = signal<EnrolmentReport | null>(null);
  protected readonly uploading = new PendingAction();
  private readonly auth = inject(AuthService);
  protected readonly isAdmin = this.auth.isAdmin;
  protected readonly isTrainer = computed(() => this.auth.hasRole('TRAINER'));
  protected readonly history = resource({ params: () => this.id(), loader: ({ params, abortSignal }) => this.api.enrolmentReports(params, abortSignal) });

  /** A file the server could not read as an enrolment list: its explanation names the problem (in English). */
  protected csvProblem(error: unknown): string | null {
    const apiError = ApiError.from(error);
    return apiError.code === 'CSV_INVALID' ? apiError.message : null;
  }

  protected picked(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.[0] ?? null);
    this.percent.set(0);
    this.result.set(null);
    this.uploading.error.set(null);
  }

  protected async upload(): Promise<void> {
    const file = this.file();
    if (!file) return;
    this.percent.set(0);
    const report = await this.uploading.run(() => this.uploader.send(this.id(), file, (fraction) => this.percent.set(Math.round(fraction * 100))));
    if (!report) return;
    this.result.set(report);
    this.history.reload();
  }
}
