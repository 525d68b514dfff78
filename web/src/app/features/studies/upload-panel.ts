import { Component, computed, DestroyRef, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { LocalPreviews } from './local-previews';
import { isBrowserImage, ResumableUpload } from './resumable-upload';
import { uploadErrorText } from './upload-error-text';
import { UploadsApi } from './uploads.api';

/** Files sent at the same time; the rest wait their turn. */
const PARALLEL = 2;

/**
 * Drop zone and file picker for DICOM, PNG and JPEG files, each with its own progress bar (bytes and %),
 * pause/resume, automatic resume after a network error, and the server's reason when a file is refused.
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

  private readonly api = inject(UploadsApi);
  private readonly previews = inject(LocalPreviews);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly uploads = signal<readonly ResumableUpload[]>([]);
  protected readonly dragOver = signal(false);
  protected readonly busy = computed(() => this.uploads().some((u) => u.active() || u.phase() === 'queued'));
  protected readonly errorText = uploadErrorText;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.uploads().forEach((u) => u.pause()));
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
    void this.run(upload);
  }

  protected remove(upload: ResumableUpload): void {
    upload.pause();
    this.uploads.update((list) => list.filter((u) => u !== upload));
  }

  protected size(bytes: number): string {
    if (bytes < 1024) return `${this.i18n.number(bytes)} B`;
    if (bytes < 1024 * 1024) return `${this.i18n.number(Math.round(bytes / 102.4) / 10)} KB`;
    return `${this.i18n.number(Math.round(bytes / 104857.6) / 10)} MB`;
  }

  private add(files: FileList | null): void {
    if (!files?.length) return;
    const added = [...files].map((file) => new ResumableUpload(file, this.studyId(), this.api));
    this.uploads.update((list) => [...list, ...added]);
    this.pump();
  }

  /** Starts waiting files while fewer than PARALLEL are on their way. */
  private pump(): void {
    for (const upload of this.uploads()) {
      if (this.uploads().filter((u) => u.active()).length >= PARALLEL) return;
      if (upload.phase() === 'queued') void this.run(upload);
    }
  }

  private async run(upload: ResumableUpload): Promise<void> {
    // Taken before sending: the study re-reads itself as results arrive, and then knows the new images too.
    const known = new Set(this.knownImageIds());
    await upload.start();
    if (upload.phase() === 'done') {
      upload.duplicate.set(upload.imageIds().length > 0 && upload.imageIds().every((id) => known.has(id)));
      if (isBrowserImage(upload.file)) this.previews.add(upload.file, upload.imageIds());
      this.completed.emit(upload.imageIds());
    }
    this.pump();
  }
}
