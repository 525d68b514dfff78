import { Component, computed, inject, input, linkedSignal, resource, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { PatientsApi } from '../../core/data/patients.api';
import { StudiesApi } from '../../core/data/studies.api';
import { I18n } from '../../core/i18n/i18n.service';
import { consentPurposeLabel, regionLabel, sexLabel } from '../../core/i18n/labels';
import type { MessageKey } from '../../core/i18n/messages/en';
import { CONSENT_PURPOSES, type ConsentPurpose, consentOf, hasAiConsent, type Patient } from '../../core/models/patient';
import type { Study, StudySummary } from '../../core/models/study';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { ApiError } from '../../core/graphql/api-error';
import { BreakGlassDialog } from '../break-glass/break-glass-dialog';
import type { BreakGlassGrant } from '../break-glass/break-glass.api';
import { ConsentDialog } from './consent-dialog';
import { NewStudyDialog } from './new-study-dialog';

interface ConsentRequest {
  purpose: ConsentPurpose;
  grant: boolean;
}

/** One patient: details, the two consent decisions (recorded explicitly), and their studies. */
@Component({
  selector: 'app-patient-page',
  imports: [RouterLink, ErrorBanner, ListState, ConsentDialog, NewStudyDialog, BreakGlassDialog],
  templateUrl: './patient-page.html',
  styleUrl: './patient-page.css',
})
export class PatientPage {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly patientsApi = inject(PatientsApi);
  private readonly studiesApi = inject(StudiesApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly purposes = CONSENT_PURPOSES;
  protected readonly purposeLabel = consentPurposeLabel;
  protected readonly sexLabel = sexLabel;
  protected readonly regionLabel = regionLabel;
  protected readonly consentOf = consentOf;

  private readonly loaded = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params, abortSignal }) => this.patientsApi.get(params.id, abortSignal),
  });
  /** The patient as last read or as the last consent decision left it. */
  protected readonly patient = linkedSignal<Patient | null>(() => (this.loaded.hasValue() ? this.loaded.value() : null));
  protected readonly loadError = computed(() => this.loaded.error());
  /** A refusal the clinician may override in an emergency by stating a reason (break-glass). */
  protected readonly refused = computed(() => ApiError.from(this.loadError()).code === 'FORBIDDEN');
  protected readonly breakingGlass = signal(false);
  protected readonly emergencyGrant = signal<BreakGlassGrant | null>(null);
  protected readonly studies = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params, abortSignal }) => this.studiesApi.forPatient(params.id, abortSignal),
  });
  protected readonly studyRows = computed<StudySummary[]>(() => (this.studies.hasValue() ? this.studies.value() : []));
  protected readonly aiConsent = computed(() => {
    const patient = this.patient();
    return patient ? hasAiConsent(patient) : false;
  });

  protected readonly consentRequest = signal<ConsentRequest | null>(null);
  protected readonly creatingStudy = signal(false);

  protected reload(): void {
    this.loaded.reload();
  }

  protected emergencyGranted(grant: BreakGlassGrant): void {
    this.breakingGlass.set(false);
    this.emergencyGrant.set(grant);
    this.loaded.reload();
    this.studies.reload();
  }

  protected consentHelp(purpose: ConsentPurpose): MessageKey {
    return `consent.explain.${purpose}`;
  }

  protected consentRecorded(patient: Patient): void {
    const request = this.consentRequest();
    this.consentRequest.set(null);
    this.patient.set(patient);
    this.toasts.show({ key: request?.grant ? 'consent.recordedGrant' : 'consent.recordedWithdraw' });
  }

  protected studyCreated(study: Study): void {
    this.creatingStudy.set(false);
    void this.router.navigate(['/studies', study.id]);
  }

  /** Pre-reads of a study by status, for the list: "2 done, 1 waiting". */
  protected imageSummary(study: StudySummary): string {
    const done = study.images.filter((i) => i.preRead?.status === 'DONE').length;
    return this.t('patient.studyImages', { count: study.images.length, done });
  }
}
