import { FormField } from '@angular/forms/signals';
import { LabeledField } from './field';
import { FieldA11y } from './field-a11y';

/** What a form template imports: the signal-forms binding, its accessibility, and the field wrapper. */
export const FORM_IMPORTS = [FormField, FieldA11y, LabeledField] as const;
