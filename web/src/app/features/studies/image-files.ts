import type { StudyImage } from '../../core/models/study';

/** The study's images as files: the frames of one multi-frame file (a cine loop) together, in frame order. */
export function imageFiles(images: readonly StudyImage[]): StudyImage[][] {
  const files = new Map<string, StudyImage[]>();
  for (const image of images) {
    const frames = files.get(image.blobSha256);
    if (frames) frames.push(image);
    else files.set(image.blobSha256, [image]);
  }
  return [...files.values()].map((frames) => frames.sort((a, b) => a.frameIndex - b.frameIndex));
}
