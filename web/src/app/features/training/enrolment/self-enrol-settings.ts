import { Component, computed, inject, input, linkedSignal, resource } from '@angular/core';
import { InstitutionsApi } from '../../../core/data/institutions.api';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { TrainingApi } from '../training.api';

/**
 * The course's trainers open it for self-enrolment to an institution and those under it, or close it. The
 * server accepts only institutions the trainer's institute trains and says so otherwise.
 */
@Component({
  selector: 'app-self-enrol-settings',
  imports: [ErrorBanner],
  template: `
    <section class="card" data-testid="self-enrolment">
      <h2 class="card__title">{{ t('training.selfEnrol.title') }}</h2>
      <p class="muted">{{ t('training.selfEnrol.intro') }}</p>
      @if (state.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="state.reload()" />
      } @else if (state.hasValue()) {
        <p role="status" data-testid="self-enrolment-state" [attr.data-open]="!!openTo()">
          @if (openName(); as name) {
            {{ t('training.selfEnrol.openTo', { name }) }}
          } @else {
            {{ t('training.selfEnrol.closed') }}
          }
        </p>
        <div class="picker">
          <label class="visually-hidden" for="self-enrol-institution">{{ t('training.selfEnrol.institution') }}</label>
          <select id="self-enrol-institution" [value]="choice() ?? ''" (change)="choice.set($any($event.target).value || null)" data-testid="self-enrolment-institution">
            <option value="">{{ t('training.selfEnrol.none') }}</option>
            @for (i of state.value().institutions; track i.id) {
              <option [value]="i.id" dir="auto">{{ i.name }}</option>
            }
          </select>
          <button type="button" class="button button--primary" [disabled]="saving.busy() || choice() === openTo()" (click)="save()" data-testid="self-enrolment-save">
            {{ choice() ? t('training.selfEnrol.open') : t('training.selfEnrol.close') }}
          </button>
        </div>
      }
      @if (saving.error(); as error) {
        <app-error-banner [error]="error" />
      }
    </section>
  `,
  styles: `
    .picker { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .picker select { max-inline-size: 100%; }
  `,
})
export class SelfEnrolSettings {
  readonly courseId = input.required<string>();
  private readonly api = inject(TrainingApi);
  private readonly institutions = inject(InstitutionsApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;

  protected readonly state = resource({
    params: () => this.courseId(),
    loader: async ({ params, abortSignal }) => {
      const [openTo, institutions] = await Promise.all([this.api.selfEnrolment(params, abortSignal), this.institutions.list({ active: true }, abortSignal)]);
      return { openTo, institutions };
    },
  });
  protected readonly openTo = linkedSignal(() => (this.state.hasValue() ? this.state.value().openTo : null));
  protected readonly choice = linkedSignal(() => this.openTo());
  protected readonly openName = computed(() => (this.state.hasValue() ? (this.state.value().institutions.find((i) => i.id === this.openTo())?.name ?? null) : null));
  protected readonly saving = new PendingAction();

  protected async save(): Promise<void> {
    const saved = await this.saving.run(() => this.api.setSelfEnrolment(this.courseId(), this.choice()));
    if (saved === undefined) return;
    this.openTo.set(saved);
    this.toasts.show({ key: saved ? 'training.selfEnrol.openedToast' : 'training.selfEnrol.closedToast' });
  }
}
