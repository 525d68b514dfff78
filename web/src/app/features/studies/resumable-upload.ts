import { computed, signal } from '@angular/core';
import { ApiError, isAbort, NETWORK_ERROR } from '../../core/graphql/api-error';
import type { UploadsApi } from './uploads.api';

/** Bytes per PATCH: small enough for a slow township link to show progress and lose little on a cut. */
export const CHUNK_BYTES = 256 * 1024;
/** Waits before the next try after a network error: 1, 2, 4, 8, 16, 16 … seconds. */
export const RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000, 16_000];

export type UploadPhase = 'queued' | 'uploading' | 'retrying' | 'paused' | 'done' | 'failed';

/** Failures worth another try: the link or the server had a moment, the file itself is fine. */
const TRANSIENT = new Set([NETWORK_ERROR, 'INTERNAL_SERVER_ERROR', 'QUEUE_FULL']);

let nextKey = 0;

/**
 * One file sent through the resumable protocol: chunks at the server's offset, automatic resume after a
 * network error (backoff, then HEAD for the offset and on from there), pause and resume by the person.
 * The state is signals, so the progress bar follows without change detection.
 */
export class ResumableUpload {
  readonly key = ++nextKey;
  readonly phase = signal<UploadPhase>('queued');
  /** Bytes the server confirmed. */
  readonly sent = signal(0);
  readonly error = signal<ApiError | null>(null);
  /** Seconds until the next automatic try, while `retrying`. */
  readonly retryIn = signal(0);
  readonly imageIds = signal<readonly string[]>([]);
  /** The same file was already in the study: the server kept one copy and answered with its images. */
  readonly duplicate = signal(false);
  readonly percent = computed(() => (this.file.size ? Math.floor((this.sent() / this.file.size) * 100) : 0));
  readonly active = computed(() => this.phase() === 'uploading' || this.phase() === 'retrying');
  /** A failure that another try can fix (network, server); a refused file stays refused. */
  readonly retryable = computed(() => this.phase() === 'failed' && TRANSIENT.has(this.error()?.code ?? ''));

  private uploadId: string | null;
  private controller: AbortController | null = null;

  /** `resumeId`: an unfinished upload of this same file that the server holds (after a reload): carry on from its offset. */
  constructor(
    readonly file: File,
    readonly studyId: string,
    private readonly api: UploadsApi,
    private readonly chunkBytes = CHUNK_BYTES,
    resumeId: string | null = null,
  ) {
    this.uploadId = resumeId;
  }

  /** The server's id once announced (or the resumed one). */
  get id(): string | null {
    return this.uploadId;
  }

  /** Starts, resumes after a pause, or tries again after a network failure. Resolves when it stops. */
  async start(): Promise<void> {
    if (this.controller || this.phase() === 'done') return;
    if (this.file.size === 0) return this.fail(new ApiError('EMPTY_FILE', 'The file is empty'));
    const controller = (this.controller = new AbortController());
    const signal = controller.signal;
    this.error.set(null);
    this.phase.set('uploading');
    // After a pause or a cut link the server's offset is the truth.
    let resync = this.uploadId !== null;
    let failures = 0;
    try {
      for (;;) {
        try {
          if (!this.uploadId) {
            const created = await this.api.create(this.studyId, this.file, signal);
            this.uploadId = created.id;
            this.sent.set(created.offset);
          } else if (resync) {
            this.sent.set(await this.api.offset(this.uploadId, signal));
            resync = false;
            // The last chunk arrived but its answer was lost: the file is stored (its image ids come with the study).
            if (this.sent() >= this.file.size) return this.phase.set('done');
          }
          const offset = this.sent();
          const progress = await this.api.append(this.uploadId, offset, this.file.slice(offset, offset + this.chunkBytes), signal);
          failures = 0;
          this.sent.set(progress.offset);
          if (progress.complete) {
            this.imageIds.set(progress.imageIds ?? []);
            this.phase.set('done');
            return;
          }
        } catch (caught) {
          if (isAbort(caught)) return this.phase.set('paused');
          const error = ApiError.from(caught);
          if (error.code === 'UPLOAD_OFFSET_MISMATCH' && typeof error.extensions['offset'] === 'number') {
            this.sent.set(error.extensions['offset']);
            continue;
          }
          if (!TRANSIENT.has(error.code) || failures >= RETRY_DELAYS_MS.length) return this.fail(error);
          this.phase.set('retrying');
          if (!(await this.wait(RETRY_DELAYS_MS[failures++], signal))) return this.phase.set('paused');
          this.phase.set('uploading');
          resync = this.uploadId !== null;
        }
      }
    } finally {
      if (this.controller === controller) this.controller = null;
    }
  }

  /** Stops sending; the bytes already sent stay on the server for resume. */
  pause(): void {
    this.controller?.abort();
    if (this.phase() === 'queued') this.phase.set('paused');
  }

  private fail(error: ApiError): void {
    this.error.set(error);
    this.phase.set('failed');
  }

  /** Counts down `ms`; false when paused meanwhile. */
  private async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    for (let left = ms; left > 0; left -= 1_000) {
      this.retryIn.set(Math.ceil(left / 1_000));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(1_000, left));
        signal.addEventListener('abort', done, { once: true });
        function done() {
          clearTimeout(timer);
          resolve();
        }
      });
      if (signal.aborted) return false;
    }
    return true;
  }
}

/** PNG and JPEG can be drawn by the browser straight from the picked file. */
export const isBrowserImage = (file: File): boolean => /^image\/(png|jpeg)$/.test(file.type) || /\.(png|jpe?g)$/i.test(file.name);
