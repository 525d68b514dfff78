import { Component, computed, DestroyRef, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { ResumableUpload } from './resumable-upload';
import { uploadErrorText } from './upload-error-text';
import { UploadQueue } from './upload-queue';

/**
 * Drop zone and file picker for DICOM, PNG and JPEG files, each with its own progress bar (bytes and %),
 * pause/resume, automatic resume after a network error, and the server's reason when a file is refused.
 * The files belong to the app's UploadQueue: leaving the page does not stop them.
 */
@Component({
  selector: 'app-upload-panel',
  templateUrl: './upload-panel.html',
  styleUrl: './upload-panel.css',
})
export class UploadPanel {
  readonly studyId = input.required<string>();
  /** Without AI consent the images are stored but not analysed: say so before anything is sent. */
  readonly aiConsent = input.required<boolean>();
  /** The study's images before this upload: a file whose images are all among them was a duplicate. */
  readonly knownImageIds = input<readonly string[]>([]);
  /** A file was stored (its images now belong to the study). */
  readonly completed = output<readonly string[]>();

  private readonly queue = inject(UploadQueue);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly uploads = computed(() => this.queue.forStudy(this.studyId()));
  protected readonly dragOver = signal(false);
  protected readonly busy = computed(() => this.uploads().some((u) => u.active() || u.phase() === 'queued'));
  protected readonly errorText = uploadErrorText;

  constructor() {
    const stop = this.queue.onCompleted((studyId, imageIds) => {
      if (studyId === this.studyId()) this.completed.emit(imageIds);
    });
    inject(DestroyRef).onDestroy(stop);
  }

  protected picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.add(input.files);
    input.value = '';
  }

  protected dropped(event: DragEvent): void {
    event.preventDefault();
    this.dragOver.set(false);
    this.add(event.dataTransfer?.files ?? null);
  }

  protected dragging(event: DragEvent, over: boolean): void {
    event.preventDefault();
    this.dragOver.set(over);
  }

  protected resume(upload: ResumableUpload): void {
    this.queue.resume(upload);
  }

  protected remove(upload: ResumableUpload): void {
    this.queue.remove(upload);
  }

  protected size(bytes: number): string {
    if (bytes < 1024) return `${this.i18n.number(bytes)} B`;
    if (bytes < 1024 * 1024) return `${this.i18n.number(Math.round(bytes / 102.4) / 10)} KB`;
    return `${this.i18n.number(Math.round(bytes / 104857.6) / 10)} MB`;
  }

  private add(files: FileList | null): void {
    if (!files?.length) return;
    void this.queue.add(this.studyId(), [...files], this.knownImageIds());
  }
}
