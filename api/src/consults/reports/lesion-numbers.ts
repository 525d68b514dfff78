import type { Lesion } from '../../ai/lesion.entity.js';
import { type PreRead, PreReadStatus } from '../../ai/pre-read.entity.js';
import type { StudyImage } from '../../imaging/study-image.entity.js';
import type { AddedLesion } from './consult-report.entity.js';

export type NumberedLesion =
  | { n: number; kind: 'ai'; image: StudyImage; lesion: Lesion }
  | { n: number; kind: 'specialist'; image: StudyImage; lesion: AddedLesion };

/**
 * Lesion numbers exactly as the consult page shows them: the AI's lesions of finished pre-reads, image by
 * image in the study's order and by the model's index within an image, then the specialist's added lesions
 * in the order they were added. The PDF, its image pages and the agreement list all use these numbers.
 */
export function numberLesions(images: StudyImage[], preReads: PreRead[], added: AddedLesion[]): NumberedLesion[] {
  const numbered: NumberedLesion[] = [];
  for (const image of images) {
    const preRead = preReads.find((p) => p.imageId === image.id);
    if (preRead?.status !== PreReadStatus.DONE) continue;
    for (const lesion of [...preRead.lesions].sort((a, b) => a.index - b.index)) numbered.push({ n: numbered.length + 1, kind: 'ai', image, lesion });
  }
  for (const lesion of added) {
    const image = images.find((i) => i.id === lesion.imageId);
    if (image) numbered.push({ n: numbered.length + 1, kind: 'specialist', image, lesion });
  }
  return numbered;
}
