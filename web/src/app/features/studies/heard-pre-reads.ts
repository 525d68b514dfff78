import { isPending, type PreRead, type StudyImage } from '../../core/models/study';

/**
 * The study's images with the pre-reads heard on preReadUpdated since the study was read: each event carries the
 * whole result, so its image changes in place rather than the study being read again. What the study itself says
 * wins when it is newer: a later pre-read of the image (queued after the heard one), or the same one finished
 * where the heard one was still pending (a re-read that began before the event was stored shows the event).
 */
export function withHeardPreReads(images: StudyImage[], heard: ReadonlyMap<string, PreRead>): StudyImage[] {
  if (heard.size === 0) return images;
  return images.map((image) => {
    const preRead = heard.get(image.id);
    return preRead && isNewer(preRead, image.preRead) ? { ...image, preRead } : image;
  });
}

function isNewer(heard: PreRead, stored: PreRead | null): boolean {
  if (!stored) return true;
  // Both are the API's ISO timestamps, which sort as text.
  if (heard.id !== stored.id) return heard.queuedAt > stored.queuedAt;
  return !isPending(heard) || isPending(stored);
}
