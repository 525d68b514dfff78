import { Component, computed, inject, output, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { AuthService } from '../../core/auth/auth.service';
import { PatientsApi } from '../../core/data/patients.api';
import { I18n } from '../../core/i18n/i18n.service';
import { sexLabel } from '../../core/i18n/labels';
import { type Patient, SEXES } from '../../core/models/patient';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { emptyPatientDraft, patientSchema, toPatientInput } from './patient-draft';
import { clinicalInstitutions } from './clinical-institutions';

/** Registers a patient at one of the person's institutions. */
@Component({
  selector: 'app-patient-register-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  templateUrl: './patient-register-dialog.html',
})
export class PatientRegisterDialog {
  readonly saved = output<Patient>();
  readonly closed = output<void>();

  private readonly api = inject(PatientsApi);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly sexes = SEXES;
  protected readonly sexLabel = sexLabel;
  protected readonly institutions = computed(() => clinicalInstitutions(this.auth.user()));

  protected readonly draft = signal(emptyPatientDraft(this.institutions()[0]?.id ?? ''));
  protected readonly form = form(this.draft, patientSchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = {
      name: this.form.name,
      sex: this.form.sex,
      birthDate: this.form.birthDate,
      nationalId: this.form.nationalId,
      phone: this.form.phone,
      address: this.form.address,
      institutionId: this.form.institutionId,
    };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      this.saved.emit(await this.api.register(toPatientInput(this.draft())));
    });
  }
}
