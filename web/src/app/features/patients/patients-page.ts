import { AuthService } from '../../core/auth/auth.service';
import { Component, computed, inject, resource, signal } from '@angular/core';
import { debounce, form } from '@angular/forms/signals';
import { Router, RouterLink } from '@angular/router';
import { PatientsApi } from '../../core/data/patients.api';
import { I18n } from '../../core/i18n/i18n.service';
import { sexLabel } from '../../core/i18n/labels';
import { consentOf, type Patient } from '../../core/models/patient';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { PatientRegisterDialog } from './patient-register-dialog';

/** The patients of the person's institutions: search by name, phone or ID, and register new ones. */
@Component({
  selector: 'app-patients-page',
  imports: [FORM_IMPORTS, ListState, RouterLink, PatientRegisterDialog],
  templateUrl: './patients-page.html',
})
export class PatientsPage {
  private readonly api = inject(PatientsApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  /** Township doctors say who the patient is for scanner images that matched no one. */
  protected readonly seesScannerInbox = computed(() => this.auth.hasRole('TOWNSHIP_DOCTOR'));
  protected readonly t = this.i18n.t;
  protected readonly sexLabel = sexLabel;
  protected readonly consentOf = consentOf;

  protected readonly filters = signal({ search: '' });
  protected readonly filterForm = form(this.filters, (path) => debounce(path.search, 300));
  protected readonly list = resource({
    params: () => ({ search: this.filters().search.trim() }),
    loader: ({ params, abortSignal }) => this.api.list(params.search, abortSignal),
  });
  protected readonly rows = computed(() => (this.list.hasValue() ? this.list.value() : []));
  protected readonly registering = signal(false);

  protected registered(patient: Patient): void {
    this.registering.set(false);
    this.toasts.show({ key: 'patients.registered' });
    void this.router.navigate(['/patients', patient.id]);
  }
}
