import { Component, computed, inject, input, output, signal } from '@angular/core';
import { form, required, schema, submit, validate } from '@angular/forms/signals';
import { PatientsApi } from '../../core/data/patients.api';
import { I18n } from '../../core/i18n/i18n.service';
import { consentMethodLabel, consentPurposeLabel } from '../../core/i18n/labels';
import type { MessageKey } from '../../core/i18n/messages/en';
import { CONSENT_METHODS, type ConsentMethod, type ConsentPurpose, type Patient } from '../../core/models/patient';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';

interface ConsentDraft {
  method: ConsentMethod | '';
  /** The doctor confirms the patient was told what the consent covers and agreed (or withdrew). */
  confirmed: boolean;
}

const consentSchema = schema<ConsentDraft>((path) => {
  required(path.method);
  validate(path.confirmed, ({ value }) => (value() ? undefined : { kind: 'required', message: 'consent.confirmRequired' }));
});

/**
 * Records one consent decision: what the patient is told (read out or shown), how they gave or withdrew
 * it (written, verbal with a witness, or by a guardian), and the doctor's confirmation.
 */
@Component({
  selector: 'app-consent-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  template: `
    <app-dialog [title]="t(grant() ? 'consent.grantTitle' : 'consent.withdrawTitle', { purpose: t(purposeLabel(purpose())) })" (closed)="closed.emit()">
      <form novalidate (submit)="save($event)" data-testid="consent-form" [attr.data-purpose]="purpose()">
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        <div class="banner banner--info">
          <div>
            <p class="banner__text"><strong>{{ t(grant() ? 'consent.tellPatient' : 'consent.withdrawEffect') }}</strong></p>
            <p class="banner__text">{{ t(explanation()) }}</p>
          </div>
        </div>
        <app-field [field]="form.method" controlId="consent-method" [label]="t('consent.method')">
          <select id="consent-method" [formField]="form.method" data-testid="consent-method">
            <option value="">{{ t('common.choose') }}</option>
            @for (method of methods; track method) {
              <option [value]="method">{{ t(methodLabel(method)) }}</option>
            }
          </select>
        </app-field>
        <app-field [field]="form.confirmed" controlId="consent-confirmed" [label]="t('consent.confirmation')">
          <label class="checkbox consent-check">
            <input id="consent-confirmed" type="checkbox" [formField]="form.confirmed" data-testid="consent-confirmed" />
            {{ t(grant() ? 'consent.confirmGrant' : 'consent.confirmWithdraw', { name: patient().name }) }}
          </label>
        </app-field>
        <div class="dialog__actions">
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          <button type="submit" class="button" [class.button--primary]="grant()" [class.button--danger]="!grant()" [disabled]="form().submitting()" data-testid="consent-save">
            {{ form().submitting() ? t('common.saving') : t(grant() ? 'consent.recordGrant' : 'consent.recordWithdraw') }}
          </button>
        </div>
      </form>
    </app-dialog>
  `,
  styles: `.consent-check { font-weight: 400; align-items: flex-start; } .consent-check input { margin-block-start: 0.35rem; }`,
})
export class ConsentDialog {
  readonly patient = input.required<Patient>();
  readonly purpose = input.required<ConsentPurpose>();
  /** true: record that the patient agrees; false: record that they withdraw. */
  readonly grant = input.required<boolean>();
  readonly saved = output<Patient>();
  readonly closed = output<void>();

  private readonly api = inject(PatientsApi);
  protected readonly t = inject(I18n).t;
  protected readonly methods = CONSENT_METHODS;
  protected readonly methodLabel = consentMethodLabel;
  protected readonly purposeLabel = consentPurposeLabel;
  protected readonly explanation = computed<MessageKey>(() => `consent.explain.${this.purpose()}`);

  protected readonly draft = signal<ConsentDraft>({ method: '', confirmed: false });
  protected readonly form = form(this.draft, consentSchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      try {
        const { method } = this.draft();
        this.saved.emit(
          await this.api.recordConsent({ patientId: this.patient().id, purpose: this.purpose(), granted: this.grant(), method: method as ConsentMethod }),
        );
      } catch (error) {
        this.error.set(error);
      }
      return undefined;
    });
  }
}
