import type { StudyImage } from '../../core/models/study';

/**
 * The number of each image's first AI lesion: lesions are numbered over the whole study, image by image in
 * the study's order and by the model's index within an image, as the report form and the report PDF number them.
 */
export function firstLesionNumbers(images: readonly StudyImage[]): Map<string, number> {
  const first = new Map<string, number>();
  let next = 1;
  for (const image of images) {
    first.set(image.id, next);
    if (image.preRead?.status === 'DONE') next += image.preRead.lesions.length;
  }
  return first;
}
