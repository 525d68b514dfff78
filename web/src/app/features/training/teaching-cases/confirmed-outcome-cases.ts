import { Component, inject, output, resource, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { regionLabel } from '../../../core/i18n/labels';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { TrainingApi } from '../training.api';
import type { ConfirmedOutcomeCase, TeachingCase } from '../training.models';

/**
 * Follow-up cases whose pathology result is known, at the institutions the trainer's institute trains: each one
 * becomes a de-identified teaching case carrying the diagnosis (closing screening → outcome → teaching).
 */
@Component({
  selector: 'app-confirmed-outcome-cases',
  imports: [ErrorBanner],
  template: `
    <section class="outcomes" data-testid="confirmed-outcomes">
      <h4 class="outcomes__title">{{ t('teachingCase.outcomes') }}</h4>
      <p class="muted">{{ t('teachingCase.outcomesHint') }}</p>
      @if (action.error(); as error) {
        <app-error-banner [error]="error" />
      }
      @if (cases.error(); as error) {
        <app-error-banner [error]="error" />
      } @else if (cases.hasValue()) {
        @if (cases.value().length === 0) {
          <p class="muted" data-testid="confirmed-outcomes-empty">{{ t('teachingCase.outcomesNone') }}</p>
        } @else {
          <ul class="outcomes__list">
            @for (c of cases.value(); track c.followUpCaseId) {
              <li class="outcomes__item" data-testid="confirmed-outcome" [attr.data-follow-up-id]="c.followUpCaseId">
                <span>
                  {{ t('teachingCase.outcomeCase', { institution: c.institutionName, region: t(regionLabel(c.region)), category: category(c) }) }}
                  <strong class="outcomes__diagnosis">{{ t(confirmedLabel(c.diagnosis)) }}</strong>
                </span>
                @if (c.teachingCaseId || madeIds().has(c.followUpCaseId)) {
                  <span class="muted" role="status" data-testid="confirmed-outcome-made">{{ t('teachingCase.fromOutcomeMade') }}</span>
                } @else {
                  <button type="button" class="button button--small" [disabled]="action.busy()" (click)="make(c)" data-testid="teaching-case-from-outcome">
                    {{ action.busy() ? t('teachingCase.making') : t('teachingCase.fromOutcome') }}
                  </button>
                }
              </li>
            }
          </ul>
        }
      } @else {
        <p class="muted" role="status">{{ t('common.loading') }}</p>
      }
    </section>
  `,
  styles: `
    .outcomes__title { margin: 0.75rem 0 0.25rem; }
    .outcomes__list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    .outcomes__item { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; }
    .outcomes__diagnosis { display: block; }
  `,
})
export class ConfirmedOutcomeCases {
  /** A teaching case was made: the picker shows it. */
  readonly made = output<TeachingCase>();

  private readonly api = inject(TrainingApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly regionLabel = regionLabel;
  protected readonly confirmedLabel = confirmedLabel;
  protected readonly action = new PendingAction();
  protected readonly madeIds = signal(new Set<string>());
  protected readonly cases = resource({ loader: ({ abortSignal }) => this.api.confirmedOutcomeCases(50, abortSignal) });

  protected category(c: ConfirmedOutcomeCase): string {
    return [c.categorySystem, c.categoryValue].filter(Boolean).join(' ');
  }

  protected async make(c: ConfirmedOutcomeCase): Promise<void> {
    const made = await this.action.run(() => this.api.teachingCaseFromFollowUp(c.followUpCaseId));
    if (!made) return;
    this.madeIds.update((ids) => new Set(ids).add(c.followUpCaseId));
    this.toasts.show({ key: 'teachingCase.made' });
    this.made.emit(made);
  }
}

/** "Confirmed by pathology: …" for a teaching case's diagnosis. */
export const confirmedLabel = (diagnosis: ConfirmedOutcomeCase['diagnosis']) => `teachingCase.confirmed.${diagnosis}` as const;
