import { Component, effect, inject, input, output, resource, signal } from '@angular/core';
import { SpecialistsApi } from '../../core/data/specialists.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { ANATOMICAL_REGIONS, type AnatomicalRegion } from '../../core/models/study';
import { ErrorBanner } from '../error-banner/error-banner';
import { PendingAction } from '../pending-action';
import { Toasts } from '../toast/toasts.service';

/**
 * The regions a specialist reads, as ticks: consults of those regions are routed to them; none ticked means
 * every region. Used by admins on a specialist's account and by specialists on their own worklist.
 */
@Component({
  selector: 'app-specialist-focus-editor',
  imports: [ErrorBanner],
  template: `
    @if (loaded.error(); as error) {
      <app-error-banner [error]="error" />
    } @else if (loaded.isLoading()) {
      <p class="muted" role="status">{{ t('common.loading') }}</p>
    } @else {
      @if (action.error(); as error) {
        <app-error-banner [error]="error" />
      }
      <fieldset class="focus" data-testid="focus-editor">
        <legend class="muted">{{ t('focus.hint') }}</legend>
        @for (region of regions; track region) {
          <label class="focus__region">
            <input type="checkbox" [checked]="chosen().includes(region)" (change)="toggle(region)" [attr.data-testid]="'focus-' + region" />
            {{ t(regionLabel(region)) }}
          </label>
        }
      </fieldset>
      <p class="muted" data-testid="focus-summary">
        {{ chosen().length === 0 ? t('focus.all') : t('focus.some', { count: chosen().length }) }}
      </p>
      <button type="button" class="button button--small button--primary" [disabled]="action.busy()" (click)="save()" data-testid="focus-save">
        {{ t('common.save') }}
      </button>
    }
  `,
  styles: `
    .focus { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: 0.25rem 1rem; border: 0; padding: 0; margin: 0 0 0.5rem; }
    .focus legend { margin-block-end: 0.5rem; }
    .focus__region { display: flex; align-items: center; gap: 0.4rem; }
  `,
})
export class SpecialistFocusEditor {
  readonly userId = input.required<string>();
  readonly saved = output<AnatomicalRegion[]>();

  private readonly api = inject(SpecialistsApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly regions = ANATOMICAL_REGIONS;
  protected readonly regionLabel = regionLabel;
  protected readonly action = new PendingAction();

  protected readonly loaded = resource({
    params: () => ({ id: this.userId() }),
    loader: ({ params, abortSignal }) => this.api.focus(params.id, abortSignal),
  });
  protected readonly chosen = signal<AnatomicalRegion[]>([]);

  constructor() {
    effect(() => {
      if (this.loaded.hasValue()) this.chosen.set(this.loaded.value());
    });
  }

  protected toggle(region: AnatomicalRegion): void {
    this.chosen.update((list) => (list.includes(region) ? list.filter((r) => r !== region) : [...list, region]));
  }

  protected async save(): Promise<void> {
    const saved = await this.action.run(() => this.api.setFocus(this.userId(), this.chosen()));
    if (!saved) return;
    this.chosen.set(saved);
    this.saved.emit(saved);
    this.toasts.show({ key: 'focus.saved' });
  }
}
