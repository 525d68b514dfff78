import { Component, computed, inject, linkedSignal, resource, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { FOLLOW_UP_LABELS } from './follow-up-labels';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { FollowUpApi, type FollowUpCase, type FollowUpWhen } from './follow-up.api';
import { OutcomeDialog } from './outcome-dialog';

const TABS: readonly FollowUpWhen[] = ['OVERDUE', 'DUE', 'CLOSED'];

/** The township doctor's follow-ups: overdue first, then due, then closed; each open one takes its outcome. */
@Component({
  selector: 'app-follow-up-page',
  imports: [ListState, OutcomeDialog, RouterLink],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('followUp.title') }}</h1>
    </div>
    <p class="muted">{{ t('followUp.intro') }}</p>
    <div class="toolbar" role="group" [attr.aria-label]="t('followUp.title')">
      @for (tab of tabs; track tab) {
        <button type="button" class="button button--small" [class.button--primary]="when() === tab" [attr.aria-pressed]="when() === tab" (click)="show(tab)" [attr.data-testid]="'follow-up-tab-' + tab">
          {{ t(labels.tab(tab)) }}
        </button>
      }
    </div>
    <app-list-state [loading]="page.isLoading()" [error]="page.error()" [empty]="cases().length === 0" [emptyText]="t(labels.empty(when()))" (retry)="page.reload()">
      <div class="table-wrap">
        <table class="table" data-testid="follow-up-table">
          <thead>
            <tr>
              <th scope="col">{{ t('followUp.patient') }}</th>
              <th scope="col">{{ t('followUp.finding') }}</th>
              <th scope="col">{{ t('followUp.due') }}</th>
              <th scope="col">{{ when() === 'CLOSED' ? t('followUp.outcome') : t('common.actions') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (c of cases(); track c.id) {
              <tr data-testid="follow-up-row" [attr.data-case]="c.id" [attr.data-status]="c.status">
                <td>
                  <a [routerLink]="['/patients', c.patientId]"><bdi>{{ c.patientName }}</bdi></a>
                </td>
                <td>
                  {{ t(regionLabel(c.region)) }}
                  @if (c.categoryValue) {
                    · <bdi>{{ c.categorySystem }} {{ c.categoryValue }}</bdi>
                  }
                  <div class="muted">{{ t(labels.source(c.source)) }}</div>
                </td>
                <td>
                  {{ t(labels.action(c.action)) }}
                  @if (c.intervalMonths) {
                    {{ t('followUp.inMonths', { n: c.intervalMonths }) }}
                  }
                  <div class="muted nowrap"><bdi>{{ t('followUp.dueBy', { date: i18n.dateTime(c.dueAt) }) }}</bdi></div>
                  @if (c.overdue) {
                    <span class="badge badge--denied" data-testid="follow-up-overdue">{{ t('followUp.overdueBadge') }}</span>
                  }
                  @if (c.escalatedAt) {
                    <span class="badge badge--failure">{{ t('followUp.escalatedBadge') }}</span>
                  }
                </td>
                <td>
                  @if (c.status === 'OPEN') {
                    <button type="button" class="button button--small button--primary" (click)="recording.set(c)" data-testid="follow-up-record">{{ t('followUp.record') }}</button>
                  } @else {
                    <span data-testid="follow-up-outcome">{{ t(labels.outcome(c.outcome!)) }}</span>
                    @for (l of c.lesions; track l.id) {
                      @if (l.pathology) {
                        <span class="badge" [class.badge--denied]="l.pathology === 'MALIGNANT'" data-testid="follow-up-pathology">{{ t(labels.pathology(l.pathology)) }}</span>
                      }
                    }
                    @if (c.outcomeReason) {
                      <div class="muted">{{ c.outcomeReason }}</div>
                    }
                    @if (c.outcome === 'DONE' && missingPathology(c)) {
                      <button type="button" class="button button--small" (click)="recording.set(c)" data-testid="follow-up-add-pathology">{{ t('followUp.addPathology') }}</button>
                    }
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <div class="table-footer">
        <span class="muted" data-testid="follow-up-shown">{{ t('followUp.shown', { shown: i18n.number(cases().length), total: i18n.number(total()) }) }}</span>
        @if (cases().length < total()) {
          <button type="button" class="button button--small" (click)="more()" [disabled]="loadingMore()">{{ t('followUp.loadMore') }}</button>
        }
      </div>
    </app-list-state>
    @if (recording(); as c) {
      <app-outcome-dialog [case]="c" (saved)="saved($event)" (closed)="recording.set(null)" />
    }
  `,
})
export class FollowUpPage {
  private readonly api = inject(FollowUpApi);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly labels = FOLLOW_UP_LABELS;
  protected readonly regionLabel = regionLabel;
  protected readonly tabs = TABS;

  protected readonly when = signal<FollowUpWhen>('OVERDUE');
  protected readonly page = resource({ params: () => this.when(), loader: ({ params, abortSignal }) => this.api.list(params, 0, abortSignal) });
  protected readonly cases = linkedSignal<FollowUpCase[]>(() => (this.page.hasValue() ? this.page.value().items : []));
  protected readonly total = computed(() => (this.page.hasValue() ? this.page.value().total : 0));
  protected readonly loadingMore = signal(false);
  protected readonly recording = signal<FollowUpCase | null>(null);


  protected show(tab: FollowUpWhen): void {
    this.when.set(tab);
  }

  protected missingPathology(c: FollowUpCase): boolean {
    return c.lesions.some((l) => l.pathology === null);
  }

  protected async more(): Promise<void> {
    this.loadingMore.set(true);
    try {
      const next = await this.api.list(this.when(), this.cases().length);
      this.cases.update((shown) => [...shown, ...next.items.filter((c) => !shown.some((s) => s.id === c.id))]);
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected saved(updated: FollowUpCase): void {
    this.recording.set(null);
    this.toasts.show({ key: 'followUp.saved' });
    // A closed case leaves the open lists; on the closed list it shows its outcome.
    this.cases.update((shown) => (updated.status === 'CLOSED' && this.when() !== 'CLOSED' ? shown.filter((c) => c.id !== updated.id) : shown.map((c) => (c.id === updated.id ? updated : c))));
    this.page.reload();
  }
}
