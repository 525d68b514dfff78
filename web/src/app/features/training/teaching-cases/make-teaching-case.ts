import { Component, inject, input, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { TrainingApi } from '../training.api';

/** "Use for teaching" on a study image: the server keeps a de-identified copy that trainers can pick. */
@Component({
  selector: 'app-make-teaching-case',
  imports: [ErrorBanner],
  template: `
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (madeId(); as id) {
      <span class="muted" role="status" data-testid="teaching-case-made" [attr.data-case-id]="id">{{ t('teachingCase.made') }}</span>
    } @else {
      <button type="button" class="button button--small button--ghost" [disabled]="action.busy()" [title]="t('teachingCase.makeHint')" (click)="make()" data-testid="make-teaching-case">
        {{ action.busy() ? t('teachingCase.making') : t('teachingCase.make') }}
      </button>
    }
  `,
})
export class MakeTeachingCase {
  readonly imageId = input.required<string>();

  private readonly api = inject(TrainingApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly action = new PendingAction();
  protected readonly madeId = signal<string | null>(null);

  protected async make(): Promise<void> {
    const made = await this.action.run(() => this.api.createTeachingCase(this.imageId()));
    if (!made) return;
    this.madeId.set(made.id);
    this.toasts.show({ key: 'teachingCase.made' });
  }
}
