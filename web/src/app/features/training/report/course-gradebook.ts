import { Component, inject, input, resource } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { saveFile } from '../../../shared/save-file';
import { RestClient } from '../../studies/rest-client';
import { percentText } from '../../../shared/percent-text';
import { enrolmentStatusLabel } from '../training-labels';
import { TrainingApi } from '../training.api';

/** The files the API offers: a row per trainee, or each question's difficulty, as CSV or Excel. */
type GradebookFile = `${'gradebook' | 'questions'}.${'csv' | 'xlsx'}`;

/** A course's gradebook: each enrolled person's lessons, attempts, best and last score, and the CSV downloads. */
@Component({
  selector: 'app-course-gradebook',
  imports: [ErrorBanner],
  template: `
    <div class="row-actions">
      <button type="button" class="button button--small" [disabled]="download.busy()" (click)="save('gradebook.csv')" data-testid="gradebook-csv">{{ t('training.gradebook.downloadTrainees') }}</button>
      <button type="button" class="button button--small" [disabled]="download.busy()" (click)="save('questions.csv')" data-testid="gradebook-questions-csv">{{ t('training.gradebook.downloadQuestions') }}</button>
      <button type="button" class="button button--small" [disabled]="download.busy()" (click)="save('gradebook.xlsx')" data-testid="gradebook-xlsx">{{ t('training.gradebook.downloadTraineesXlsx') }}</button>
      <button type="button" class="button button--small" [disabled]="download.busy()" (click)="save('questions.xlsx')" data-testid="gradebook-questions-xlsx">{{ t('training.gradebook.downloadQuestionsXlsx') }}</button>
    </div>
    @if (download.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (book.error(); as error) {
      <app-error-banner [error]="error" [retryable]="true" (retry)="book.reload()" />
    } @else if (book.hasValue()) {
      @let b = book.value();
      @if (b.rows.length === 0) {
        <p class="muted" data-testid="gradebook-empty">{{ t('training.gradebook.empty') }}</p>
      } @else {
        <div class="table-wrap">
          <table class="table" data-testid="gradebook">
            <thead>
              <tr>
                <th scope="col">{{ t('training.gradebook.person') }}</th>
                <th scope="col">{{ t('common.status') }}</th>
                <th scope="col">{{ t('training.gradebook.lessons') }}</th>
                <th scope="col">{{ t('training.gradebook.attempts') }}</th>
                <th scope="col">{{ t('training.gradebook.best') }}</th>
                <th scope="col">{{ t('training.gradebook.last') }}</th>
                <th scope="col">{{ t('training.gradebook.lastSubmitted') }}</th>
              </tr>
            </thead>
            <tbody>
              @for (r of b.rows; track r.userId) {
                <tr data-testid="gradebook-row" [attr.data-username]="r.username" [attr.data-passed]="r.passed">
                  <td><span dir="auto">{{ r.displayName }}</span> <span class="muted small" dir="ltr">{{ r.username }}</span><br /><span class="muted small" dir="auto">{{ r.institutionName }}</span></td>
                  <td>
                    {{ t(statusLabel(r.enrolmentStatus)) }}
                    @if (r.inExam) {
                      <span class="badge" data-testid="gradebook-in-exam">{{ t('training.gradebook.inExam') }}</span>
                    }
                  </td>
                  <td class="nowrap"><bdi>{{ i18n.number(r.lessonsDone) }} / {{ i18n.number(b.lessonsTotal) }}</bdi></td>
                  <td data-testid="gradebook-attempts">{{ i18n.number(r.attempts) }}</td>
                  <td class="nowrap" data-testid="gradebook-best">
                    @if (r.bestScore !== null) {
                      {{ percent(r.bestScore) }}
                      <span class="badge" [class.badge--success]="r.passed" [class.badge--failure]="!r.passed">{{ t(r.passed ? 'training.exam.passed' : 'training.exam.failed') }}</span>
                    } @else {
                      —
                    }
                  </td>
                  <td class="nowrap">{{ r.lastScore !== null ? percent(r.lastScore) : '—' }}</td>
                  <td class="nowrap">
                    @if (r.lastSubmittedAt; as at) {
                      <bdi>{{ i18n.dateTime(at) }}</bdi>
                    } @else {
                      —
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    } @else {
      <p class="list-state" role="status"><span class="spinner" aria-hidden="true"></span>{{ t('common.loading') }}</p>
    }
  `,
})
export class CourseGradebook {
  readonly courseId = input.required<string>();
  private readonly api = inject(TrainingApi);
  private readonly rest = inject(RestClient);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly statusLabel = enrolmentStatusLabel;
  protected readonly percent = (fraction: number) => percentText(fraction, this.i18n.number);

  protected readonly book = resource({ params: () => this.courseId(), loader: ({ params, abortSignal }) => this.api.gradebook(params, abortSignal) });
  protected readonly download = new PendingAction();

  /** The CSV needs the bearer token, so it is fetched and handed to the browser as a file. */
  protected async save(file: GradebookFile): Promise<void> {
    await this.download.run(async () => {
      saveFile(await this.rest.download(`/gradebooks/${encodeURIComponent(this.courseId())}/${file}`, file));
    });
  }
}
