import { Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { InstitutionsApi } from '../../core/data/institutions.api';
import { I18n } from '../../core/i18n/i18n.service';
import { institutionTypeLabel } from '../../core/i18n/labels';
import { type Institution, INSTITUTION_TYPES } from '../../core/models/institution';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { institutionSchema, toDraft, toInput } from './institution-draft';
import { possibleParents } from './institution-tree';

/** Create an institution, or edit one (its code stays). */
@Component({
  selector: 'app-institution-form-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  templateUrl: './institution-form-dialog.html',
})
export class InstitutionFormDialog {
  /** null: create a new one. */
  readonly institution = input<Institution | null>(null);
  /** Every institution, to pick the parent from. */
  readonly directory = input.required<readonly Institution[]>();
  readonly saved = output<Institution>();
  readonly closed = output<void>();

  private readonly api = inject(InstitutionsApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly types = INSTITUTION_TYPES;
  protected readonly typeLabel = institutionTypeLabel;

  protected readonly isNew = computed(() => this.institution() === null);
  protected readonly draft = linkedSignal(() => toDraft(this.institution()));
  protected readonly form = form(this.draft, institutionSchema(() => this.isNew()));
  protected readonly error = signal<unknown>(null);
  protected readonly parents = computed(() => possibleParents(this.institution(), this.directory()));

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = {
      code: this.form.code,
      name: this.form.name,
      type: this.form.type,
      prefecture: this.form.prefecture,
      county: this.form.county,
      parentId: this.form.parentId,
    };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const existing = this.institution();
      const input = toInput(this.draft());
      this.saved.emit(existing ? await this.api.update(existing.id, input) : await this.api.create(input));
    });
  }
}
