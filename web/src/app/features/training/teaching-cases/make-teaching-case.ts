import { Component, inject, input, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { TrainingApi } from '../training.api';
import { BlankingDialog } from './blanking-dialog';

/**
 * "Use for teaching" on a study image: the clinician checks what will be blanked (BlankingDialog), then the
 * server keeps a de-identified copy that trainers can pick.
 */
@Component({
  selector: 'app-make-teaching-case',
  imports: [BlankingDialog],
  template: `
    @if (madeId(); as id) {
      <span class="muted" role="status" data-testid="teaching-case-made" [attr.data-case-id]="id">{{ t('teachingCase.made') }}</span>
    } @else {
      <button type="button" class="button button--small button--ghost" [title]="t('teachingCase.makeHint')" (click)="checking.set(true)" data-testid="make-teaching-case">
        {{ t('teachingCase.make') }}
      </button>
    }
    @if (checking()) {
      <app-blanking-dialog [imageId]="imageId()" [busy]="action.busy()" [error]="action.error()" (made)="make($event)" (closed)="checking.set(false)" />
    }
  `,
})
export class MakeTeachingCase {
  readonly imageId = input.required<string>();

  private readonly api = inject(TrainingApi);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly action = new PendingAction();
  protected readonly checking = signal(false);
  protected readonly madeId = signal<string | null>(null);

  protected async make(boxes: number[][]): Promise<void> {
    const made = await this.action.run(() => this.api.createTeachingCase(this.imageId(), boxes));
    if (!made) return;
    this.checking.set(false);
    this.madeId.set(made.id);
    this.toasts.show({ key: 'teachingCase.made' });
  }
}
