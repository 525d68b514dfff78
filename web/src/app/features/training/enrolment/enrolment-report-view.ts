import { Component, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { LineErrorsTable } from '../line-errors-table';
import type { EnrolmentReport } from '../training.models';

/** One enrolment upload's outcome: counts, and each failed line with the server's reason. */
@Component({
  selector: 'app-enrolment-report-view',
  imports: [LineErrorsTable],
  template: `
    @let r = report();
    <p class="counts" data-testid="enrolment-counts" [attr.data-enrolled]="r.enrolled" [attr.data-failed]="r.failed">
      <span>{{ t('training.enrol.rows', { n: r.rows }) }}</span>
      <span class="badge badge--success">{{ t('training.enrol.enrolled', { n: r.enrolled }) }}</span>
      <span class="badge">{{ t('training.enrol.already', { n: r.alreadyEnrolled }) }}</span>
      <span class="badge" [class.badge--failure]="r.failed > 0">{{ t('training.enrol.failed', { n: r.failed }) }}</span>
    </p>
    <app-line-errors-table [errors]="r.errors" testId="enrolment-errors" />
  `,
  styles: `.counts { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: center; }`,
})
export class EnrolmentReportView {
  readonly report = input.required<EnrolmentReport>();
  protected readonly t = inject(I18n).t;
}
