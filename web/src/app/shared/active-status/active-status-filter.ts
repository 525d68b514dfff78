import { Component, inject, input } from '@angular/core';
import type { FieldTree } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { FORM_IMPORTS } from '../forms';
import type { ActiveStatus } from './active-status';

/** Labelled select for the status filter of a list toolbar. */
@Component({
  selector: 'app-active-status-filter',
  imports: [FORM_IMPORTS],
  template: `
    <app-field [field]="field()" [controlId]="controlId()" [label]="t('common.status')">
      <select [id]="controlId()" [formField]="field()" [attr.data-testid]="controlId()">
        <option value="">{{ t('common.all') }}</option>
        <option value="active">{{ t('common.active') }}</option>
        <option value="inactive">{{ t('common.inactive') }}</option>
      </select>
    </app-field>
  `,
})
export class ActiveStatusFilter {
  readonly field = input.required<FieldTree<ActiveStatus>>();
  readonly controlId = input.required<string>();
  protected readonly t = inject(I18n).t;
}
