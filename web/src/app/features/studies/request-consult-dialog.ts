import { Component, computed, inject, input, output, resource, signal } from '@angular/core';
import { form, maxLength, minLength, required, schema, submit } from '@angular/forms/signals';
import { RouterLink } from '@angular/router';
import { ConsultsApi } from '../../core/data/consults.api';
import { type PartnerSpecialist, SpecialistsApi } from '../../core/data/specialists.api';
import { ApiError } from '../../core/graphql/api-error';
import { regionLabel, urgencyLabel } from '../../core/i18n/labels';
import { I18n } from '../../core/i18n/i18n.service';
import { type Consult, type Urgency, URGENCIES } from '../../core/models/consult';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { serverFieldErrors } from '../../shared/forms/server-errors';

interface ConsultDraft {
  clinicalQuestion: string;
  urgency: Urgency;
  /** '' routes by region to any reader at the partner hospital. */
  preferredSpecialistId: string;
}

const consultSchema = schema<ConsultDraft>((path) => {
  required(path.clinicalQuestion);
  minLength(path.clinicalQuestion, 3);
  maxLength(path.clinicalQuestion, 2000);
  required(path.urgency);
});

/**
 * Asks a partner hospital's specialists about this study: the clinical question and how urgent it is.
 * The patient must have agreed to sharing with remote specialists; when they have not (or the server says
 * so), the dialog links to the patient's consents.
 */
@Component({
  selector: 'app-request-consult-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS, RouterLink],
  template: `
    <app-dialog [title]="t('consult.askTitle')" (closed)="closed.emit()">
      <form novalidate (submit)="save($event)" data-testid="consult-form">
        <p class="muted consult-intro">{{ t('consult.askIntro') }}</p>
        @if (consentMissing()) {
          <div class="banner banner--warning" role="note" data-testid="consult-consent-required" [attr.data-error-code]="serverSaysNoConsent() ? 'CONSENT_REQUIRED' : null">
            <p class="banner__text">{{ t(serverSaysNoConsent() ? 'error.CONSENT_REQUIRED' : 'consult.consentMissing') }}</p>
            <a class="button button--small" [routerLink]="['/patients', patientId()]" fragment="consents" data-testid="consult-consent-link">{{ t('consult.openConsents') }}</a>
          </div>
        } @else {
          <div class="banner banner--info" role="note" data-testid="consult-consent-note"><p class="banner__text">{{ t('consult.consentNeeded') }}</p></div>
        }
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        <app-field [field]="form.clinicalQuestion" controlId="consult-question" [label]="t('consult.question')" [hint]="t('consult.questionHint')">
          <textarea id="consult-question" rows="4" dir="auto" autofocus [formField]="form.clinicalQuestion" data-testid="consult-question"></textarea>
        </app-field>
        <app-field [field]="form.urgency" controlId="consult-urgency" [label]="t('consult.urgency')" [hint]="t('consult.urgencyHint')">
          <select id="consult-urgency" [formField]="form.urgency" data-testid="consult-urgency-select">
            @for (urgency of urgencies; track urgency) {
              <option [value]="urgency">{{ t(urgencyLabel(urgency)) }}</option>
            }
          </select>
        </app-field>
        <app-field [field]="form.preferredSpecialistId" controlId="consult-preferred" [label]="t('consult.preferred')" [hint]="t('consult.preferredHint')">
          <select id="consult-preferred" [formField]="form.preferredSpecialistId" data-testid="consult-preferred-select">
            <option value="">{{ t('consult.preferredAny') }}</option>
            @for (specialist of specialists.hasValue() ? specialists.value() : []; track specialist.id) {
              <option [value]="specialist.id">{{ specialist.displayName }} · {{ readsText(specialist) }}</option>
            }
          </select>
        </app-field>
        <div class="dialog__actions">
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="consult-submit">
            {{ form().submitting() ? t('consult.sending') : t('consult.send') }}
          </button>
        </div>
      </form>
    </app-dialog>
  `,
  styles: `
    .consult-intro { margin-block: 0 1rem; }
    textarea { resize: vertical; min-block-size: 6rem; }
  `,
})
export class RequestConsultDialog {
  readonly studyId = input.required<string>();
  readonly patientId = input.required<string>();
  /** The study's institution: its partner hospitals' specialists can be named. */
  readonly institutionId = input.required<string>();
  /** The patient's REMOTE_SHARING decision as this page knows it; null while unknown. */
  readonly sharingConsent = input<boolean | null>(null);
  readonly saved = output<Consult>();
  readonly closed = output<void>();

  private readonly api = inject(ConsultsApi);
  private readonly specialistsApi = inject(SpecialistsApi);
  protected readonly t = inject(I18n).t;
  protected readonly urgencies = URGENCIES;
  protected readonly urgencyLabel = urgencyLabel;

  protected readonly specialists = resource({
    params: () => ({ institutionId: this.institutionId() }),
    loader: ({ params, abortSignal }) => this.specialistsApi.partners(params.institutionId, abortSignal),
  });
  protected readonly draft = signal<ConsultDraft>({ clinicalQuestion: '', urgency: 'ROUTINE', preferredSpecialistId: '' });
  protected readonly form = form(this.draft, consultSchema);
  protected readonly error = signal<unknown>(null);
  protected readonly serverSaysNoConsent = signal(false);
  protected readonly consentMissing = computed(() => this.serverSaysNoConsent() || this.sharingConsent() === false);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submit(this.form, async () => {
      this.error.set(null);
      const { clinicalQuestion, urgency, preferredSpecialistId } = this.draft();
      try {
        this.saved.emit(
          await this.api.request({
            studyId: this.studyId(),
            clinicalQuestion: clinicalQuestion.trim(),
            urgency,
            ...(preferredSpecialistId ? { preferredSpecialistId } : {}),
          }),
        );
        return undefined;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONSENT_REQUIRED') {
          this.serverSaysNoConsent.set(true);
          return undefined;
        }
        const fieldErrors = serverFieldErrors(error, {
          clinicalQuestion: this.form.clinicalQuestion,
          urgency: this.form.urgency,
          preferredSpecialistId: this.form.preferredSpecialistId,
        });
        if (!fieldErrors) this.error.set(error);
        return fieldErrors ?? undefined;
      }
    });
  }

  protected readsText(specialist: PartnerSpecialist): string {
    return specialist.focus.length === 0
      ? this.t('focus.readsAll')
      : this.t('focus.reads', { regions: specialist.focus.map((r) => this.t(regionLabel(r))).join(', ') });
  }
}
