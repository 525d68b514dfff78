import { Component, computed, inject, linkedSignal, resource, signal } from '@angular/core';
import { form } from '@angular/forms/signals';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ConsultsApi, type MyConsultsFilter } from '../../core/data/consults.api';
import { PatientsApi } from '../../core/data/patients.api';
import { I18n } from '../../core/i18n/i18n.service';
import { consultStatusLabel, regionLabel } from '../../core/i18n/labels';
import { type Consult, CONSULT_STATUSES, type ConsultStatus } from '../../core/models/consult';
import { CONSULT_BADGES } from '../../shared/consult/consult-badges';
import { liveConsults } from '../../shared/consult/live-consults';
import { FORM_IMPORTS } from '../../shared/forms';
import { ListState } from '../../shared/list-state/list-state';
import { InstitutionNames } from './institution-names';

/**
 * The consults the person's institutions asked for, newest first: where each stands, how urgent, the AI
 * risk and how long it waited. consultChanged keeps the list current; a row opens the consult.
 */
@Component({
  selector: 'app-my-consults-page',
  imports: [RouterLink, FORM_IMPORTS, ListState, CONSULT_BADGES],
  templateUrl: './my-consults-page.html',
  styleUrl: './worklist-page.css',
})
export class MyConsultsPage {
  private readonly api = inject(ConsultsApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly auth = inject(AuthService);
  protected readonly institutions = inject(InstitutionNames);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly statuses = CONSULT_STATUSES;
  protected readonly statusLabel = consultStatusLabel;
  protected readonly regionLabel = regionLabel;

  protected readonly filters = signal<{ status: ConsultStatus | '' }>({ status: '' });
  protected readonly filterForm = form(this.filters);
  private readonly filter = computed<MyConsultsFilter>(() => (this.filters().status ? { status: this.filters().status as ConsultStatus } : {}));

  protected readonly loaded = resource({
    params: () => this.filter(),
    loader: ({ params, abortSignal }) => this.api.mine(params, abortSignal),
  });
  protected readonly rows = linkedSignal<Consult[]>(() => (this.loaded.hasValue() ? this.loaded.value() : []));
  /** Patient names for the rows (the person's institutions' patients, newest 100). */
  private readonly patients = resource({ loader: ({ abortSignal }) => this.patientsApi.list('', abortSignal) });
  private readonly patientNames = computed(() => new Map((this.patients.hasValue() ? this.patients.value() : []).map((p) => [p.id, p.name])));
  protected readonly changedIds = signal<ReadonlySet<string>>(new Set());

  /** Where the person may ask for consults (the API's consult.request scope). */
  private readonly requesting = computed(
    () => new Set((this.auth.user()?.roles ?? []).filter((r) => r.role === 'TOWNSHIP_DOCTOR' || r.role === 'SPECIALIST').map((r) => r.institutionId)),
  );

  private readonly live = liveConsults({ changed: (consult) => this.changed(consult), missed: () => this.loaded.reload() });
  protected readonly liveState = this.live.state;

  protected patientName(consult: Consult): string {
    return this.patientNames().get(consult.patientId) ?? '—';
  }

  protected reconnect(): void {
    this.live.restart();
    this.loaded.reload();
  }

  private changed(consult: Consult): void {
    if (!this.requesting().has(consult.requestingInstitutionId)) return;
    const status = this.filter().status;
    const others = this.rows().filter((c) => c.id !== consult.id);
    if (status && consult.status !== status) {
      this.rows.set(others);
      return;
    }
    this.changedIds.update((ids) => new Set(ids).add(consult.id));
    this.rows.set([consult, ...others].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)));
  }
}
