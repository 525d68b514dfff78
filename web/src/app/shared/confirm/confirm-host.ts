import { Component, inject } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { Dialog } from '../dialog/dialog';
import { Confirm } from './confirm.service';

/** Shows the pending confirmation. Cancel has the focus first, so Enter never destroys by accident. */
@Component({
  selector: 'app-confirm-host',
  imports: [Dialog],
  template: `
    @if (confirm.pending(); as request) {
      <app-dialog [title]="request.title" (closed)="confirm.settle(false)">
        @if (request.body) {
          <p>{{ request.body }}</p>
        }
        <div class="dialog__actions">
          <button type="button" class="button" autofocus (click)="confirm.settle(false)" data-testid="confirm-cancel">
            {{ t('common.cancel') }}
          </button>
          <button
            type="button"
            class="button"
            [class.button--danger]="request.danger"
            [class.button--primary]="!request.danger"
            (click)="confirm.settle(true)"
            data-testid="confirm-accept"
          >
            {{ request.confirmLabel }}
          </button>
        </div>
      </app-dialog>
    }
  `,
})
export class ConfirmHost {
  protected readonly confirm = inject(Confirm);
  protected readonly t = inject(I18n).t;
}
