import { Component, DestroyRef, inject, linkedSignal, resource, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { BreakGlassApi, type BreakGlassGrant } from './break-glass.api';

/** Admins review emergency accesses to their institutions' patients; new ones arrive live and are announced. */
@Component({
  selector: 'app-break-glass-review-page',
  imports: [ListState],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('breakGlass.review.title') }}</h1>
    </div>
    <p class="muted">{{ t('breakGlass.review.intro') }}</p>
    <app-list-state
      [loading]="loaded.isLoading()"
      [error]="loaded.error()"
      [empty]="grants().length === 0"
      [emptyText]="t('breakGlass.review.empty')"
      (retry)="loaded.reload()"
    >
      <div class="table-wrap">
        <table class="table" data-testid="break-glass-table">
          <thead>
            <tr>
              <th scope="col">{{ t('breakGlass.review.when') }}</th>
              <th scope="col">{{ t('breakGlass.review.who') }}</th>
              <th scope="col">{{ t('breakGlass.review.patient') }}</th>
              <th scope="col">{{ t('breakGlass.review.reason') }}</th>
              <th scope="col">{{ t('breakGlass.review.until') }}</th>
            </tr>
          </thead>
          <tbody>
            @for (grant of grants(); track grant.id) {
              <tr data-testid="break-glass-row" [class.is-live]="liveIds().has(grant.id)">
                <td class="nowrap">{{ i18n.dateTime(grant.grantedAt) }}</td>
                <td>{{ grant.user.displayName }} <span class="code">{{ grant.user.username }}</span></td>
                <td><span class="code">{{ grant.patientId }}</span></td>
                <td data-testid="break-glass-reason">{{ grant.reason }}</td>
                <td class="nowrap">
                  {{ i18n.dateTime(grant.expiresAt) }}
                  @if (isActive(grant)) {
                    <span class="badge">{{ t('breakGlass.review.activeNow') }}</span>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    </app-list-state>
  `,
})
export class BreakGlassReviewPage {
  private readonly api = inject(BreakGlassApi);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  protected readonly loaded = resource({ loader: ({ abortSignal }) => this.api.list(abortSignal) });
  protected readonly grants = linkedSignal<BreakGlassGrant[]>(() => (this.loaded.hasValue() ? this.loaded.value() : []));
  protected readonly liveIds = signal<ReadonlySet<string>>(new Set());

  constructor() {
    const stop = this.api.live({
      next: (grant) => this.arrived(grant),
      // Events may have been missed while the socket was down: read the list again.
      connected: () => this.loaded.reload(),
      error: () => undefined,
    });
    inject(DestroyRef).onDestroy(stop);
  }

  protected isActive(grant: BreakGlassGrant): boolean {
    return new Date(grant.expiresAt).getTime() > Date.now();
  }

  private arrived(grant: BreakGlassGrant): void {
    if (this.grants().some((g) => g.id === grant.id)) return;
    this.liveIds.update((ids) => new Set(ids).add(grant.id));
    this.grants.update((grants) => [grant, ...grants]);
    this.toasts.show({ key: 'breakGlass.review.new', params: { who: grant.user.displayName } });
  }
}
