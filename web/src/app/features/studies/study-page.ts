import { Component, computed, DestroyRef, effect, inject, input, linkedSignal, resource, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PatientsApi } from '../../core/data/patients.api';
import { StudiesApi } from '../../core/data/studies.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { hasAiConsent } from '../../core/models/patient';
import { isPending, type Study, type StudyImage } from '../../core/models/study';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { ImageViewer } from './image-viewer';
import { LocalPreviews } from './local-previews';
import { PreReadResult } from './pre-read-result';
import { UploadPanel } from './upload-panel';

type LiveState = 'connecting' | 'on' | 'stopped';

/** While the live feed is down and a pre-read is pending, the study is re-read this often. */
const POLL_MS = 5_000;

/**
 * One study: upload its images, then each image with the AI second opinion drawn over it. Pending
 * pre-reads update live: each preReadUpdated event re-reads the study, as does a reconnection, so nothing is missed.
 */
@Component({
  selector: 'app-study-page',
  imports: [RouterLink, ErrorBanner, UploadPanel, ImageViewer, PreReadResult],
  templateUrl: './study-page.html',
  styleUrl: './study-page.css',
})
export class StudyPage {
  /** Route parameter. */
  readonly id = input.required<string>();

  private readonly studiesApi = inject(StudiesApi);
  private readonly patientsApi = inject(PatientsApi);
  protected readonly previews = inject(LocalPreviews);
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

  protected readonly liveState = signal<LiveState>('connecting');
  protected readonly images = computed(() => this.current()?.images ?? []);
  protected readonly imageIds = computed(() => this.images().map((image) => image.id));
  private stopLive: (() => void) | null = null;
  protected readonly pending = computed(() => this.images().filter((image) => isPending(image.preRead)).length);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.listen(id));
    });
    // Pictures not uploaded from this tab come from the API (GET /images/:id).
    effect(() => this.images().forEach((image) => this.previews.ensure(image.id)));
    // A fallback for when the live feed is down: re-read while something is pending.
    effect((onCleanup) => {
      if (this.liveState() === 'on' || this.pending() === 0) return;
      const timer = setInterval(() => this.study.reload(), POLL_MS);
      onCleanup(() => clearInterval(timer));
    });
    inject(DestroyRef).onDestroy(() => this.stopLive?.());
  }

  protected preview(image: StudyImage): string | null {
    return this.previews.urlFor(image.id);
  }

  /** Under a placeholder: still loading, or why there is no picture. */
  protected placeholderNote(image: StudyImage): string {
    return this.t(this.previews.stateOf(image.id) === 'failed' ? 'viewer.unavailable' : 'viewer.loading');
  }

  protected uploaded(): void {
    this.study.reload();
  }

  protected reconnect(): void {
    this.listen(this.id());
    this.study.reload();
  }

  private listen(studyId: string): void {
    this.stopLive?.();
    this.liveState.set('connecting');
    let first = true;
    this.stopLive = this.studiesApi.preReadUpdates(studyId, {
      connected: () => {
        this.liveState.set('on');
        // Events may have been missed while the socket was away: read the study again.
        if (!first) this.study.reload();
        first = false;
      },
      // A pre-read of this study completed or failed: read the study again for the full result.
      next: () => this.study.reload(),
      error: () => this.liveState.set('stopped'),
    });
  }
}
