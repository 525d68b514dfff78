/** The 12 anatomical areas of the product (docs: DOMAIN.md); a region without a validated model gets no AI output. */
export const ANATOMICAL_REGIONS = [
  'breast',
  'thyroid',
  'liver',
  'gallbladder',
  'pancreas',
  'spleen',
  'kidney',
  'bladder',
  'prostate',
  'uterus',
  'ovary',
  'cervical-lymph-nodes',
] as const;

export type AnatomicalRegion = (typeof ANATOMICAL_REGIONS)[number];

export function isAnatomicalRegion(value: unknown): value is AnatomicalRegion {
  return (ANATOMICAL_REGIONS as readonly unknown[]).includes(value);
}

/**
 * Regions whose model's `lesion` output carries no information: the thyroid model was trained on nodule
 * crops only, so it says ~0.96 for every image. Every image of such a region is treated as showing a lesion.
 */
export function hasInformativeLesionOutput(region: AnatomicalRegion): boolean {
  return region !== 'thyroid';
}
