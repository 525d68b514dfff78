import { Component, inject, input, resource, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { TrainingApi } from '../training.api';

/** Trainers enrol one person: search by username or name among the institutions their institution trains. */
@Component({
  selector: 'app-staff-enrol',
  imports: [ErrorBanner],
  template: `
    <section class="card" data-testid="staff-enrol">
      <h2 class="card__title">{{ t('training.enrol.onePerson') }}</h2>
      <p class="muted">{{ t('training.enrol.onePersonHint') }}</p>
      <form class="search" role="search" novalidate (submit)="search($event, query.value)">
        <label for="staff-search" class="visually-hidden">{{ t('training.enrol.searchLabel') }}</label>
        <input id="staff-search" #query type="search" dir="auto" autocomplete="off" [placeholder]="t('training.enrol.searchLabel')" data-testid="staff-search" />
        <button type="submit" class="button" data-testid="staff-search-submit">{{ t('training.enrol.search') }}</button>
      </form>
      @if (enrolling.error(); as error) {
        <app-error-banner [error]="error" />
      }
      @if (results.error(); as error) {
        <app-error-banner [error]="error" />
      } @else if (results.isLoading()) {
        <p class="muted" role="status">{{ t('common.loading') }}</p>
      } @else if (results.hasValue() && searched()) {
        <ul class="people" data-testid="staff-results">
          @for (person of results.value(); track person.id) {
            <li class="person" data-testid="staff-result" [attr.data-username]="person.username">
              <span>
                <strong dir="auto">{{ person.displayName }}</strong> <bdi class="muted">{{ person.username }}</bdi><br />
                <span class="muted small" dir="auto">{{ person.institutionName }}</span>
              </span>
              @if (person.enrolled || enrolled().has(person.id)) {
                <span class="badge badge--success" data-testid="staff-enrolled">{{ t('training.enrol.isEnrolled') }}</span>
              } @else {
                <button type="button" class="button button--small button--primary" [disabled]="enrolling.busy()" (click)="enrol(person.id)" data-testid="staff-enrol-button">{{ t('training.enrol.enrolOne') }}</button>
              }
            </li>
          } @empty {
            <li class="muted" data-testid="staff-none">{{ t('training.enrol.nobodyFound', { search: searched() }) }}</li>
          }
        </ul>
      }
    </section>
  `,
  styles: `
    .search { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-block-end: 0.75rem; }
    .search input { flex: 1; min-inline-size: 12rem; }
    .people { list-style: none; margin: 0; padding: 0; }
    .person { display: flex; justify-content: space-between; align-items: center; gap: 0.5rem; padding-block: 0.5rem; border-block-end: 1px solid var(--border); flex-wrap: wrap; }
    .small { font-size: 0.85rem; }
  `,
})
export class StaffEnrol {
  readonly courseId = input.required<string>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly searched = signal('');
  protected readonly enrolled = signal<ReadonlySet<string>>(new Set());
  protected readonly enrolling = new PendingAction();
  protected readonly results = resource({
    params: () => (this.searched().length >= 2 ? { courseId: this.courseId(), search: this.searched() } : undefined),
    loader: ({ params, abortSignal }) => this.api.trainableStaff(params.courseId, params.search, abortSignal),
  });

  protected search(event: Event, text: string): void {
    event.preventDefault();
    this.searched.set(text.trim());
  }

  protected async enrol(userId: string): Promise<void> {
    const person = await this.enrolling.run(() => this.api.enrolStaff(this.courseId(), userId));
    if (person) this.enrolled.update((ids) => new Set([...ids, person.id]));
  }
}
