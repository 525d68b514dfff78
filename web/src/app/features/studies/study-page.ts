import { Component, computed, DestroyRef, effect, inject, input, linkedSignal, resource, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../core/auth/auth.service';
import { ConsultsApi } from '../../core/data/consults.api';
import { PatientsApi } from '../../core/data/patients.api';
import { StudiesApi } from '../../core/data/studies.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { type Consult, isOpenConsult } from '../../core/models/consult';
import { consentOf, hasAiConsent } from '../../core/models/patient';
import { isPending, type PreRead, type Study } from '../../core/models/study';
import { CONSULT_BADGES } from '../../shared/consult/consult-badges';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { liveFeed } from '../../shared/live-feed';
import { Toasts } from '../../shared/toast/toasts.service';
import { withHeardPreReads } from './heard-pre-reads';
import { imageFiles } from './image-files';
import { firstLesionNumbers } from './lesion-numbers';
import { RequestConsultDialog } from './request-consult-dialog';
import { StudyImageCard } from './study-image-card';
import { StudyPacsSends } from '../pacs/study-pacs-sends';
import { UploadPanel } from './upload-panel';

/** While the live feed is down and a pre-read is pending, the study is re-read this often. */
const POLL_MS = 5_000;

/**
 * One study: upload its images, then each image with the AI second opinion drawn over it. Pending
 * pre-reads update live: each preReadUpdated event carries the result, which replaces its image's in place; a
 * reconnection (events may have been missed) or an image this tab has not read yet re-reads the study.
 * The examining institution's doctors can ask a partner hospital's specialists about it; the request's status
 * follows consultChanged.
 */
@Component({
  selector: 'app-study-page',
  imports: [RouterLink, ErrorBanner, UploadPanel, StudyImageCard, RequestConsultDialog, CONSULT_BADGES, StudyPacsSends],
  templateUrl: './study-page.html',
  styleUrl: './study-page.css',
})
export class StudyPage {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly studiesApi = inject(StudiesApi);
  private readonly patientsApi = inject(PatientsApi);
  private readonly consultsApi = inject(ConsultsApi);
  private readonly auth = inject(AuthService);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regionLabel = regionLabel;

  protected readonly study = resource({
    params: () => ({ id: this.id() }),
    loader: ({ params, abortSignal }) => this.studiesApi.get(params.id, abortSignal),
  });
  /** The last study read successfully: a failed re-read shows an error above it, without losing the uploads below. */
  protected readonly current = linkedSignal<Study | null, Study | null>({
    source: () => (this.study.hasValue() ? this.study.value() : null),
    computation: (next, previous) => next ?? (previous?.value?.id === this.id() ? previous.value : null),
  });
  protected readonly patient = resource({
    params: () => {
      const study = this.current();
      return study ? { id: study.patientId } : undefined;
    },
    loader: ({ params, abortSignal }) => this.patientsApi.get(params.id, abortSignal),
  });
  protected readonly aiConsent = computed(() => (this.patient.hasValue() ? hasAiConsent(this.patient.value()) : true));
  protected readonly sharingConsent = computed(() => (this.patient.hasValue() ? consentOf(this.patient.value(), 'REMOTE_SHARING').granted : null));

  /** Doctors of the examining institution may ask a specialist (a specialist reading a shared study may not). */
  protected readonly canRequestConsult = computed(() => {
    const study = this.current();
    const roles = this.auth.user()?.roles ?? [];
    return !!study && roles.some((r) => (r.role === 'TOWNSHIP_DOCTOR' || r.role === 'SPECIALIST') && r.institutionId === study.institutionId);
  });
  private readonly consultsLoaded = resource({
    params: () => (this.canRequestConsult() ? { studyId: this.id() } : undefined),
    loader: ({ params, abortSignal }) => this.consultsApi.mine({ studyId: params.studyId }, abortSignal),
  });
  /** This study's consults, newest first, as loaded and then as consultChanged reports them. */
  protected readonly consults = linkedSignal<Consult[]>(() => (this.consultsLoaded.hasValue() ? this.consultsLoaded.value() : []));
  protected readonly consultsLoading = this.consultsLoaded.isLoading;
  protected readonly latestConsult = computed<Consult | null>(() => this.consults()[0] ?? null);
  protected readonly openConsult = computed(() => this.consults().find(isOpenConsult) ?? null);
  protected readonly asking = signal(false);
  private stopConsults: (() => void) | null = null;

  /** Pre-reads heard on preReadUpdated, by image id, shown over the study as read (see withHeardPreReads); none for another study. */
  private readonly heard = linkedSignal<string, ReadonlyMap<string, PreRead>>({ source: this.id, computation: () => new Map() });
  protected readonly images = computed(() => withHeardPreReads(this.current()?.images ?? [], this.heard()));
  protected readonly firstLesionNumbers = computed(() => firstLesionNumbers(this.images()));
  /** A cine loop is one card with its frames. */
  protected readonly files = computed(() => imageFiles(this.images()));
  protected readonly imageIds = computed(() => this.images().map((image) => image.id));
  private readonly live = liveFeed<PreRead, string>({
    params: () => this.id(),
    subscribe: (studyId, handlers) => this.studiesApi.preReadUpdates(studyId, handlers),
    next: (preRead) => this.preReadHeard(preRead),
    missed: () => this.study.reload(),
  });
  protected readonly liveState = this.live.state;
  protected readonly pending = computed(() => this.images().filter((image) => isPending(image.preRead)).length);

  constructor() {
    // Pictures not uploaded from this tab come from the API (GET /images/:id).
    // A fallback for when the live feed is down: re-read while something is pending.
    effect((onCleanup) => {
      if (this.liveState() === 'on' || this.pending() === 0) return;
      const timer = setInterval(() => this.study.reload(), POLL_MS);
      onCleanup(() => clearInterval(timer));
    });
    effect(() => {
      if (!this.canRequestConsult() || this.stopConsults) return;
      this.stopConsults = this.consultsApi.changes({
        next: (consult) => this.consultChanged(consult),
        // Missed changes while away: read the study's consults again.
        connected: () => this.consultsLoaded.reload(),
        error: () => undefined,
      });
    });
    inject(DestroyRef).onDestroy(() => this.stopConsults?.());
  }

  protected consultRequested(consult: Consult): void {
    this.asking.set(false);
    this.consultChanged(consult);
    this.toasts.show({ key: 'consult.requestSent' });
  }

  private consultChanged(consult: Consult): void {
    if (consult.studyId !== this.id()) return;
    this.consults.update((list) =>
      [consult, ...list.filter((c) => c.id !== consult.id)].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt)),
    );
  }



  protected uploaded(): void {
    this.study.reload();
  }

  protected reconnect(): void {
    this.live.restart();
    this.study.reload();
  }

  /** A pre-read of this study completed or failed: its image shows the result, no re-read of the whole study. */
  private preReadHeard(preRead: PreRead): void {
    this.heard.update((heard) => new Map(heard).set(preRead.imageId, preRead));
    // An image uploaded from elsewhere (another tab, the scanner) is not on the page yet.
    if (!this.images().some((image) => image.id === preRead.imageId)) this.study.reload();
  }
}
