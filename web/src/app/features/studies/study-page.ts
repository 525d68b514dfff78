import { Component, computed, DestroyRef, effect, inject, input, resource, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PatientsApi } from '../../core/data/patients.api';
import { StudiesApi } from '../../core/data/studies.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { hasAiConsent } from '../../core/models/patient';
import { isPending, type PreRead, type StudyImage } from '../../core/models/study';
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
 * pre-reads update live (preReadUpdated); after a reconnection the study is re-read so nothing is missed.
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
  protected readonly patient = resource({
    params: () => (this.study.hasValue() ? { id: this.study.value().patientId } : undefined),
    loader: ({ params, abortSignal }) => this.patientsApi.get(params.id, abortSignal),
  });
  protected readonly aiConsent = computed(() => (this.patient.hasValue() ? hasAiConsent(this.patient.value()) : true));

  /** Pre-reads that arrived live, by image; newer than what the last read of the study said. */
  private readonly live = signal<ReadonlyMap<string, PreRead>>(new Map());
  protected readonly liveState = signal<LiveState>('connecting');
  protected readonly images = computed(() => {
    if (!this.study.hasValue()) return [];
    const live = this.live();
    return this.study.value().images.map((image) => ({ image, preRead: newer(image.preRead, live.get(image.id) ?? null) }));
  });
  private stopLive: (() => void) | null = null;
  protected readonly pending = computed(() => this.images().filter((i) => isPending(i.preRead)).length);

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.listen(id));
    });
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

  protected placeholderNote(image: StudyImage): string | null {
    return image.format === 'dicom' ? this.t('viewer.dicomPreview') : null;
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
    this.live.set(new Map());
    this.liveState.set('connecting');
    let first = true;
    this.stopLive = this.studiesApi.preReadUpdates(studyId, {
      connected: () => {
        this.liveState.set('on');
        // Events may have been missed while the socket was away: read the study again.
        if (!first) this.study.reload();
        first = false;
      },
      next: (preRead) => {
        this.live.update((map) => new Map(map).set(preRead.imageId, preRead));
        if (this.study.hasValue() && !this.study.value().images.some((image) => image.id === preRead.imageId)) this.study.reload();
      },
      error: () => this.liveState.set('stopped'),
    });
  }
}

/**
 * The later of two versions of an image's pre-read: a live event is newer than the page's last read unless
 * that read already holds a finished result of the same run (or a later run).
 */
function newer(stored: PreRead | null, live: PreRead | null): PreRead | null {
  if (!live) return stored;
  if (!stored) return live;
  if (live.id !== stored.id) return !live.queuedAt || !stored.queuedAt || live.queuedAt >= stored.queuedAt ? live : stored;
  return isPending(live) && !isPending(stored) ? stored : live;
}
