import { Component, computed, inject, input, type Signal } from '@angular/core';
import type { ValidationError } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { validationText } from './validation-text';

/** The part of a field's state this wrapper reads; any FieldTree fits. */
export type FieldLike = () => { touched: Signal<boolean>; invalid: Signal<boolean>; errors: Signal<readonly ValidationError[]> };

/**
 * Label, control (projected), hint and errors of one form field. Errors show once the field was
 * touched or the form was submitted. Give the control the same id as `controlId`.
 */
@Component({
  selector: 'app-field',
  template: `
    <div class="field" [class.field--invalid]="showErrors()">
      <label class="field__label" [for]="controlId()">
        {{ label() }}
        @if (optional()) {
          <span class="field__optional">({{ i18n.t('common.optional') }})</span>
        }
      </label>
      <ng-content />
      @if (hint()) {
        <p class="field__hint" [id]="controlId() + '-hint'">{{ hint() }}</p>
      }
      <div class="field__errors" [id]="controlId() + '-errors'">
        @if (showErrors()) {
          @for (error of field()().errors(); track $index) {
            <p class="field__error" data-testid="field-error">{{ text(error) }}</p>
          }
        }
      </div>
    </div>
  `,
})
export class LabeledField {
  readonly field = input.required<FieldLike>();
  readonly controlId = input.required<string>();
  readonly label = input.required<string>();
  readonly hint = input<string>();
  readonly optional = input(false);

  protected readonly i18n = inject(I18n);
  protected readonly showErrors = computed(() => {
    const state = this.field()();
    return state.touched() && state.invalid();
  });

  protected text(error: ValidationError): string {
    return validationText(error, this.i18n);
  }
}
