import { Component, inject, input, output, signal } from '@angular/core';
import { form, maxLength, required, submit } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { BreakGlassApi, type BreakGlassGrant } from './break-glass.api';

/** The clinician states why they need a record outside their access now; the server grants it for a limited time. */
@Component({
  selector: 'app-break-glass-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  template: `
    <app-dialog [title]="t('breakGlass.dialogTitle')" (closed)="closed.emit()">
      <form novalidate (submit)="save($event)" data-testid="break-glass-form">
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        <p class="muted">{{ t('breakGlass.offer') }}</p>
        <app-field [field]="form.reason" controlId="break-glass-reason" [label]="t('breakGlass.reason')" [hint]="t('breakGlass.reasonHint')">
          <textarea id="break-glass-reason" rows="3" [formField]="form.reason" data-testid="break-glass-reason"></textarea>
        </app-field>
        <div class="dialog__actions">
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          <button type="submit" class="button button--danger" [disabled]="form().submitting()" data-testid="break-glass-submit">
            {{ form().submitting() ? t('common.saving') : t('breakGlass.submit') }}
          </button>
        </div>
      </form>
    </app-dialog>
  `,
})
export class BreakGlassDialog {
  readonly patientId = input.required<string>();
  readonly granted = output<BreakGlassGrant>();
  readonly closed = output<void>();

  private readonly api = inject(BreakGlassApi);
  protected readonly t = inject(I18n).t;
  protected readonly draft = signal({ reason: '' });
  protected readonly form = form(this.draft, (path) => {
    required(path.reason);
    maxLength(path.reason, 500);
  });
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      try {
        this.granted.emit(await this.api.grant(this.patientId(), this.draft().reason.trim()));
      } catch (error) {
        this.error.set(error);
      }
      return undefined;
    });
  }
}
