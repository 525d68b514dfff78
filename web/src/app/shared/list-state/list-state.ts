import { Component, computed, inject, input, output } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../error-banner/error-banner';

export type ListStatus = 'loading' | 'error' | 'empty' | 'ready';

/**
 * The states every list shares: loading (first load), error with retry, empty, or the projected table.
 * While reloading a list that has rows, the rows stay and the region is marked busy.
 */
@Component({
  selector: 'app-list-state',
  imports: [ErrorBanner],
  template: `
    @switch (status()) {
      @case ('loading') {
        <p class="list-state" role="status" data-testid="list-loading"><span class="spinner" aria-hidden="true"></span>{{ t('common.loading') }}</p>
      }
      @case ('error') {
        <app-error-banner [error]="error()" [retryable]="true" (retry)="retry.emit()" />
      }
      @case ('empty') {
        <p class="list-state list-state--empty" data-testid="list-empty">{{ emptyText() }}</p>
      }
    }
    <div [hidden]="status() !== 'ready'" [attr.aria-busy]="loading()">
      <ng-content />
    </div>
  `,
})
export class ListState {
  readonly loading = input.required<boolean>();
  readonly error = input<unknown>(undefined);
  readonly empty = input.required<boolean>();
  readonly emptyText = input.required<string>();
  readonly retry = output<void>();

  protected readonly t = inject(I18n).t;
  protected readonly status = computed<ListStatus>(() => {
    if (this.error()) return 'error';
    if (this.empty()) return this.loading() ? 'loading' : 'empty';
    return 'ready';
  });
}
