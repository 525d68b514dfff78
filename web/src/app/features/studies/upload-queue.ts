import { computed, effect, inject, Injectable, signal } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { Api } from '../../core/graphql/api';
import { LocalPreviews } from './local-previews';
import { CHUNK_BYTES, isBrowserImage, ResumableUpload } from './resumable-upload';
import { UploadsApi } from './uploads.api';

/** Files sent at the same time, across all studies; the rest wait their turn. */
const PARALLEL = 2;

/** An upload the server holds but this tab has not the file for (after a reload): picking the file again resumes it. */
export interface UnfinishedUpload {
  id: string;
  studyId: string;
  fileName: string | null;
  length: number;
  received: number;
  updatedAt: string;
}

const UNFINISHED = 'query MyUnfinishedUploads { myUnfinishedUploads { id studyId fileName length received updatedAt } }';

/**
 * The app's uploads, kept here rather than in the study page, so that a file keeps going while the doctor
 * works elsewhere and Home can say which failed or wait paused. A file picked again after a reload picks up
 * the server's unfinished upload of it (same study, name and size) at the offset the server holds.
 */
@Injectable({ providedIn: 'root' })
export class UploadQueue {
  private readonly api = inject(UploadsApi);
  private readonly gql = inject(Api);
  private readonly previews = inject(LocalPreviews);
  private readonly list = signal<readonly ResumableUpload[]>([]);
  /** The images of the study before each file was added: a file whose images are all among them was a duplicate. */
  private readonly known = new WeakMap<ResumableUpload, ReadonlySet<string>>();
  private readonly listeners = new Set<(studyId: string, imageIds: readonly string[]) => void>();

  readonly all = this.list.asReadonly();
  /** Uploads that need the person: refused or failed, paused, or waiting to try again. */
  readonly needingAttention = computed(() => this.list().filter((u) => u.phase() === 'failed' || u.phase() === 'paused' || u.phase() === 'retrying'));

  constructor() {
    // Another person signing in on this browser must not see, or continue, the previous person's files.
    const auth = inject(AuthService);
    let userId: string | null = null;
    effect(() => {
      const current = auth.user()?.id ?? null;
      if (current !== userId) this.clear();
      userId = current;
    });
  }

  forStudy(studyId: string): readonly ResumableUpload[] {
    return this.list().filter((u) => u.studyId === studyId);
  }

  async add(studyId: string, files: readonly File[], knownImageIds: readonly string[]): Promise<void> {
    if (!files.length) return;
    // Without the list (a cut link), the files start afresh: only the bytes sent before are lost.
    const unfinished = await this.unfinished().catch(() => []);
    const taken = new Set(this.list().map((u) => u.id));
    const known = new Set(knownImageIds);
    const added = files.map((file) => {
      const same = unfinished.find((u) => u.studyId === studyId && u.fileName === file.name.slice(0, 255) && u.length === file.size && !taken.has(u.id));
      if (same) taken.add(same.id);
      const upload = new ResumableUpload(file, studyId, this.api, CHUNK_BYTES, same?.id ?? null);
      this.known.set(upload, known);
      return upload;
    });
    this.list.update((list) => [...list, ...added]);
    this.pump();
  }

  resume(upload: ResumableUpload): void {
    void this.run(upload);
  }

  remove(upload: ResumableUpload): void {
    upload.pause();
    this.list.update((list) => list.filter((u) => u !== upload));
  }

  /** Called with the study and its new images whenever a file is stored. */
  onCompleted(listener: (studyId: string, imageIds: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The person's unfinished uploads on the server, newest first. */
  async unfinished(signal?: AbortSignal): Promise<UnfinishedUpload[]> {
    return (await this.gql.request<{ myUnfinishedUploads: UnfinishedUpload[] }>(UNFINISHED, undefined, signal)).myUnfinishedUploads;
  }

  private clear(): void {
    this.list().forEach((u) => u.pause());
    this.list.set([]);
  }

  /** Starts waiting files while fewer than PARALLEL are on their way. */
  private pump(): void {
    for (const upload of this.list()) {
      if (this.list().filter((u) => u.active()).length >= PARALLEL) return;
      if (upload.phase() === 'queued') void this.run(upload);
    }
  }

  private async run(upload: ResumableUpload): Promise<void> {
    await upload.start();
    if (upload.phase() === 'done') {
      const known = this.known.get(upload) ?? new Set<string>();
      upload.duplicate.set(upload.imageIds().length > 0 && upload.imageIds().every((id) => known.has(id)));
      if (isBrowserImage(upload.file)) this.previews.add(upload.file, upload.imageIds());
      this.listeners.forEach((listener) => listener(upload.studyId, upload.imageIds()));
    }
    this.pump();
  }
}
