import { Injectable, signal } from '@angular/core';

const KEEP = 40;

/**
 * Object URLs of PNG/JPEG files uploaded in this tab, by image id. The API does not serve stored images
 * yet, so a study shows its pictures right after upload only; later it draws a neutral placeholder.
 * Survives navigation within the tab; the oldest previews are released after KEEP files.
 */
@Injectable({ providedIn: 'root' })
export class LocalPreviews {
  private readonly urls = signal<ReadonlyMap<string, string>>(new Map());
  private readonly owned: string[] = [];

  /** The object URL for an image, or null when this tab did not upload it. */
  urlFor(imageId: string): string | null {
    return this.urls().get(imageId) ?? null;
  }

  add(file: File, imageIds: readonly string[]): void {
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
}
