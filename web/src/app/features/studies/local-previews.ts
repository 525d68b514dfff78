import { inject, Injectable, signal } from '@angular/core';
import { RestClient } from './rest-client';

const KEEP = 40;

export type PreviewState = 'loading' | 'failed';

/**
 * Pictures for the viewer, as object URLs by image id: a PNG/JPEG just uploaded in this tab is drawn from the
 * picked file; any other image (DICOM, or a study opened later) is fetched once from GET /images/:id, which
 * answers a grayscale PNG of the frame (bearer token, so not a plain <img src>). The oldest are released after
 * KEEP images.
 */
@Injectable({ providedIn: 'root' })
export class LocalPreviews {
  private readonly rest = inject(RestClient);
  private readonly urls = signal<ReadonlyMap<string, string>>(new Map());
  private readonly states = signal<ReadonlyMap<string, PreviewState>>(new Map());
  private readonly owned: string[] = [];

  /** The object URL for an image, or null while it is not (yet) available. */
  urlFor(imageId: string): string | null {
    return this.urls().get(imageId) ?? null;
  }

  stateOf(imageId: string): PreviewState | null {
    return this.states().get(imageId) ?? null;
  }

  add(file: Blob, imageIds: readonly string[]): void {
    if (imageIds.length === 0) return;
    const url = URL.createObjectURL(file);
    this.owned.push(url);
    const next = new Map(this.urls());
    for (const id of imageIds) next.set(id, url);
    while (this.owned.length > KEEP) {
      const old = this.owned.shift()!;
      URL.revokeObjectURL(old);
      for (const [id, value] of next) if (value === old) next.delete(id);
    }
    this.urls.set(next);
  }

  /** Fetches the stored frame of an image unless it is here, on its way, or failed before. */
  ensure(imageId: string): void {
    if (this.urls().has(imageId) || this.states().has(imageId)) return;
    this.setState(imageId, 'loading');
    this.rest
      .send(`/images/${imageId}`, { method: 'GET', cache: 'no-store' })
      .then((response) => response.blob())
      .then((blob) => {
        this.add(blob, [imageId]);
        this.setState(imageId, null);
      })
      .catch(() => this.setState(imageId, 'failed'));
  }

  private setState(imageId: string, state: PreviewState | null): void {
    const next = new Map(this.states());
    if (state) next.set(imageId, state);
    else next.delete(imageId);
    this.states.set(next);
  }
}
