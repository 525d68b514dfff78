/** What a PACS object says about one image's pre-read (the same figures the study page shows). */
export interface PreReadResult {
  preReadId: string;
  imageId: string;
  /** The kept grey frame the model read, as a PNG, and its size; boxes are measured in the stored image's size. */
  framePng: Uint8Array;
  frameWidth: number;
  frameHeight: number;
  imageWidth: number;
  imageHeight: number;
  /** mm per pixel across the whole frame, when the image carries one scale (PixelSpacing or the uploader's). */
  pixelSpacingMm: { x: number; y: number } | null;
  model: { id: string; region: string; version: string; validated: boolean };
  /** Only a validated model's call, probability and category are sent, as only they are shown. */
  call: { label: string; malignancyProbability: number; categorySystem: string | null; categoryValue: string | null } | null;
  lesions: Array<{ id: string; index: number; x: number; y: number; width: number; height: number; widthMm: number | null; heightMm: number | null; probability: number }>;
  completedAt: Date;
}

/** The statement every AI object carries, as the screen does. */
export const adjunctStatement = (result: PreReadResult): string =>
  result.model.validated
    ? `Oasis AI second opinion (${result.model.region.toLowerCase()} model ${result.model.version}): adjunct only, not a diagnosis; the doctor decides.`
    : `Oasis AI second opinion, EXPERIMENTAL ${result.model.region.toLowerCase()} model ${result.model.version} (failed its release gate): boxes only, no benign/malignant call; not for diagnosis.`;

/** From the stored image's pixels (the boxes) to the kept frame's (the capture, and so the SR's coordinates). */
export const frameScale = (result: PreReadResult) => ({ x: result.frameWidth / result.imageWidth, y: result.frameHeight / result.imageHeight });
