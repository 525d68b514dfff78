import { computed, Directive, ElementRef, inject } from '@angular/core';
import { FORM_FIELD } from '@angular/forms/signals';

/**
 * Every bound control ([formField]) tells assistive technology when it is invalid and where its
 * hint and errors are (the ids <app-field> gives them).
 */
@Directive({
  selector: '[formField]',
  host: {
    '[attr.aria-invalid]': 'invalid()',
    '[attr.aria-describedby]': 'describedBy',
  },
})
export class FieldA11y {
  private readonly formField = inject(FORM_FIELD);
  private readonly id = (inject(ElementRef).nativeElement as HTMLElement).id;

  protected readonly describedBy = this.id ? `${this.id}-hint ${this.id}-errors` : null;
  protected readonly invalid = computed(() => {
    const state = this.formField.state();
    return state.touched() && state.invalid() ? 'true' : null;
  });
}
