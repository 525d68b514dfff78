import { Component, computed, inject, linkedSignal, resource, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { FOLLOW_UP_LABELS } from './follow-up-labels';
import { ListState } from '../../shared/list-state/list-state';
import { type EscalatedFollowUp, FollowUpApi } from './follow-up.api';

/** Admins see the follow-ups escalated in the institutions they administer, longest overdue first (no patient names). */
@Component({
  selector: 'app-escalations-page',
  imports: [ListState],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('escalations.title') }}</h1>
    </div>
    <p class="muted">{{ t('escalations.intro') }}</p>
    <app-list-state [loading]="page.isLoading()" [error]="page.error()" [empty]="items().length === 0" [emptyText]="t('escalations.empty')" (retry)="page.reload()">
      <div class="table-wrap">
        <table class="table" data-testid="escalations-table">
          <thead>
            <tr>
              <th scope="col">{{ t('escalations.institution') }}</th>
              <th scope="col">{{ t('escalations.region') }}</th>
              <th scope="col">{{ t('escalations.action') }}</th>
              <th scope="col">{{ t('escalations.dueAt') }}</th>
              <th scope="col">{{ t('escalations.daysOverdue') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (e of items(); track e.id) {
              <tr data-testid="escalation-row" [attr.data-case]="e.id">
                <td>{{ e.institutionName }}</td>
                <td>{{ t(regionLabel(e.region)) }}</td>
                <td>{{ t(labels.action(e.action)) }}</td>
                <td class="nowrap"><bdi>{{ i18n.dateTime(e.dueAt) }}</bdi></td>
                <td data-testid="escalation-days">{{ i18n.number(e.daysOverdue) }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <div class="table-footer">
        <span class="muted">{{ t('followUp.shown', { shown: i18n.number(items().length), total: i18n.number(total()) }) }}</span>
        @if (items().length < total()) {
          <button type="button" class="button button--small" (click)="more()" [disabled]="loadingMore()">{{ t('followUp.loadMore') }}</button>
        }
      </div>
    </app-list-state>
  `,
})
export class EscalationsPage {
  private readonly api = inject(FollowUpApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly labels = FOLLOW_UP_LABELS;
  protected readonly regionLabel = regionLabel;

  protected readonly page = resource({ loader: ({ abortSignal }) => this.api.escalations(0, abortSignal) });
  protected readonly items = linkedSignal<EscalatedFollowUp[]>(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly loadingMore = signal(false);

  protected async more(): Promise<void> {
    this.loadingMore.set(true);
    try {
      const next = await this.api.escalations(this.items().length);
      this.items.update((shown) => [...shown, ...next.items.filter((e) => !shown.some((s) => s.id === e.id))]);
    } finally {
      this.loadingMore.set(false);
    }
  }
}
