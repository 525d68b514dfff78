import { Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form, maxLength, required } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { FOLLOW_UP_LABELS } from './follow-up-labels';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { FOLLOW_UP_OUTCOMES, FollowUpApi, type FollowUpCase, type FollowUpOutcome, PATHOLOGY_RESULTS, type PathologyResult } from './follow-up.api';

interface OutcomeDraft {
  outcome: FollowUpOutcome | '';
  performedOn: string;
  reason: string;
  note: string;
}

/**
 * The township doctor records what became of a follow-up: done (with the pathology result of each lesion,
 * required for a biopsy or FNA), declined, moved away, or lost to follow-up (with a reason). On a case
 * already done it only adds pathology results that arrived later; those already recorded are shown, fixed.
 */
@Component({
  selector: 'app-outcome-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  template: `
    <app-dialog [title]="t('followUp.form.title')" (closed)="closed.emit()">
      <form novalidate (submit)="save($event)" data-testid="outcome-form">
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        @if (!addingPathology()) {
          <app-field [field]="form.outcome" controlId="outcome-kind" [label]="t('followUp.form.outcome')">
            <select id="outcome-kind" autofocus [formField]="form.outcome" data-testid="outcome-kind">
              <option value="">{{ t('common.choose') }}</option>
              @for (o of outcomes; track o) {
                <option [value]="o">{{ t(labels.outcome(o)) }}</option>
              }
            </select>
          </app-field>
        }
        @if (draft().outcome === 'DONE') {
          @if (!addingPathology()) {
            <app-field [field]="form.performedOn" controlId="outcome-date" [label]="t('followUp.form.performedOn')" [optional]="true">
              <input id="outcome-date" type="date" dir="ltr" [formField]="form.performedOn" data-testid="outcome-date" />
            </app-field>
          }
          <fieldset class="field" data-testid="outcome-pathology">
            <legend class="field__label">{{ t('followUp.form.pathology') }}</legend>
            <p class="field__hint">{{ t('followUp.form.pathologyHint') }}</p>
            @for (lesion of case().lesions; track lesion.id; let n = $index) {
              <label class="field" [for]="'pathology-' + lesion.id">
                <span>{{ lesion.lesionId === null ? t('followUp.form.wholeStudy') : t(lesion.added ? 'followUp.form.lesionAdded' : 'followUp.form.lesion', { n: n + 1 }) }}{{ lesion.category ? ' · ' + lesion.category : '' }}</span>
                <select [id]="'pathology-' + lesion.id" [disabled]="lesion.pathology !== null" [value]="lesion.pathology ?? results()[lesion.id] ?? ''" (change)="choose(lesion.id, $event)" data-testid="outcome-pathology-result">
                  <option value="">{{ t('followUp.pathology.none') }}</option>
                  @for (r of pathologyResults; track r) {
                    <option [value]="r">{{ t(labels.pathology(r)) }}</option>
                  }
                </select>
              </label>
            }
            @if (pathologyMissing()) {
              <p class="field__error" role="alert" data-testid="outcome-pathology-missing">{{ t(addingPathology() ? 'validation.required' : 'followUp.validation.pathology') }}</p>
            }
          </fieldset>
        }
        @if (!addingPathology()) {
          <app-field [field]="form.reason" controlId="outcome-reason" [label]="t('followUp.form.reason')" [hint]="t('followUp.form.reasonHint')" [optional]="draft().outcome !== 'LOST_TO_FOLLOW_UP'">
            <input id="outcome-reason" type="text" [formField]="form.reason" data-testid="outcome-reason" />
          </app-field>
          <app-field [field]="form.note" controlId="outcome-note" [label]="t('followUp.form.note')" [optional]="true">
            <textarea id="outcome-note" rows="2" [formField]="form.note" data-testid="outcome-note"></textarea>
          </app-field>
        }
        <div class="dialog__actions">
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="outcome-save">
            {{ form().submitting() ? t('common.saving') : t('followUp.form.save') }}
          </button>
        </div>
      </form>
    </app-dialog>
  `,
})
export class OutcomeDialog {
  readonly case = input.required<FollowUpCase>();
  readonly saved = output<FollowUpCase>();
  readonly closed = output<void>();

  private readonly api = inject(FollowUpApi);
  protected readonly t = inject(I18n).t;
  protected readonly labels = FOLLOW_UP_LABELS;
  protected readonly outcomes = FOLLOW_UP_OUTCOMES;
  protected readonly pathologyResults = PATHOLOGY_RESULTS;

  /** A case already closed as done only takes the pathology still missing. */
  protected readonly addingPathology = computed(() => this.case().status === 'CLOSED');
  protected readonly draft = linkedSignal<OutcomeDraft>(() => ({ outcome: this.addingPathology() ? 'DONE' : '', performedOn: '', reason: '', note: '' }));
  protected readonly form = form(this.draft, (path) => {
    required(path.outcome);
    required(path.reason, { when: ({ valueOf }) => valueOf(path.outcome) === 'LOST_TO_FOLLOW_UP', message: 'followUp.validation.reason' });
    maxLength(path.reason, 500);
    maxLength(path.note, 2000);
  });
  protected readonly results = signal<Partial<Record<string, PathologyResult>>>({});
  protected readonly pathologyMissing = signal(false);
  protected readonly error = signal<unknown>(null);

  protected choose(lesionId: string, event: Event): void {
    const value = (event.target as HTMLSelectElement).value as PathologyResult | '';
    this.results.update((all) => {
      const next = { ...all };
      if (value) next[lesionId] = value;
      else delete next[lesionId];
      return next;
    });
    this.pathologyMissing.set(false);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const pathology = Object.entries(this.results()).flatMap(([lesionId, result]) => (result ? [{ lesionId, result }] : []));
    const tissue = this.case().action !== 'REPEAT_ULTRASOUND';
    if (this.draft().outcome === 'DONE' && pathology.length === 0 && (tissue || this.addingPathology())) {
      this.pathologyMissing.set(true);
      return;
    }
    await submitWithServerErrors(this.form, this.error, { reason: this.form.reason, note: this.form.note, performedOn: this.form.performedOn }, async () => {
      const { outcome, performedOn, reason, note } = this.draft();
      this.saved.emit(
        await this.api.record({
          caseId: this.case().id,
          outcome: outcome as FollowUpOutcome,
          pathology: outcome === 'DONE' ? pathology : [],
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(outcome === 'DONE' && performedOn ? { performedOn } : {}),
        }),
      );
    });
  }
}
