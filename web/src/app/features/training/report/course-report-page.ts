import { Component, computed, inject, input, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { TrainingApi } from '../training.api';
import { percentText } from '../../../shared/percent-text';
import { CourseCertificates } from './course-certificates';
import { CourseGradebook } from './course-gradebook';
import { ItemChart } from './item-chart';

/** A course's results: enrolled and completed, mean score, pass rate, which questions were hardest, the gradebook and the certificates. */
@Component({
  selector: 'app-course-report-page',
  imports: [RouterLink, ErrorBanner, ItemChart, CourseGradebook, CourseCertificates],
  template: `
    @if (data.error(); as error) {
      <app-error-banner [error]="error" [retryable]="true" (retry)="data.reload()" />
    } @else if (data.hasValue()) {
      @let r = data.value().courseReport;
      <div class="page-header">
        <h1 class="page-title">{{ t('training.report.title') }}: <span dir="auto">{{ data.value().course.title }}</span></h1>
        <a class="button button--ghost" [routerLink]="['/training/courses', id()]">{{ t('training.report.backToCourse') }}</a>
      </div>
      <dl class="stats" data-testid="report-stats">
        <div class="card stat"><dt>{{ t('training.report.enrolled') }}</dt><dd data-testid="report-enrolled">{{ i18n.number(r.enrolled) }}</dd></div>
        <div class="card stat"><dt>{{ t('training.report.completion') }}</dt><dd data-testid="report-completion">{{ completion() }}</dd></div>
        <div class="card stat"><dt>{{ t('training.report.meanScore') }}</dt><dd data-testid="report-mean">{{ r.meanScore !== null ? percent(r.meanScore) : '—' }}</dd></div>
        <div class="card stat"><dt>{{ t('training.report.passRate') }}</dt><dd data-testid="report-pass-rate">{{ r.passRate !== null ? percent(r.passRate) : '—' }}</dd></div>
      </dl>
      <section class="card">
        <h2 class="card__title">{{ t('training.report.items') }}</h2>
        @if (r.items.length) {
          <p class="muted">{{ t('training.report.itemsIntro') }}</p>
          <app-item-chart [items]="r.items" />
        } @else {
          <p class="muted" data-testid="report-no-items">{{ t('training.report.noItems') }}</p>
        }
      </section>
      <section class="card" data-testid="report-gradebook">
        <h2 class="card__title">{{ t('training.gradebook.title') }}</h2>
        <app-course-gradebook [courseId]="id()" />
      </section>
      <section class="card">
        <h2 class="card__title">{{ t('training.certificates.ofCourse') }}</h2>
        <app-course-certificates [courseId]="id()" />
      </section>
    } @else {
      <p class="list-state" role="status"><span class="spinner" aria-hidden="true"></span>{{ t('common.loading') }}</p>
    }
  `,
  styles: `
    .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem; margin: 0 0 1rem; }
    .stat { margin: 0; }
    .stat dt { color: var(--muted); font-size: 0.9rem; }
    .stat dd { margin: 0.2rem 0 0; font-size: 1.6rem; font-weight: 700; }
  `,
})
export class CourseReportPage {
  readonly id = input.required<string>();
  private readonly api = inject(TrainingApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly percent = (fraction: number) => percentText(fraction, this.i18n.number);

  protected readonly data = resource({ params: () => this.id(), loader: ({ params, abortSignal }) => this.api.report(params, abortSignal) });
  protected readonly completion = computed(() => {
    if (!this.data.hasValue()) return '—';
    const { enrolled, completed } = this.data.value().courseReport;
    return enrolled ? `${this.i18n.number(completed)} / ${this.i18n.number(enrolled)} (${this.percent(completed / enrolled)})` : '—';
  });
}
