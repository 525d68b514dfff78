import { registerEnumType } from '@nestjs/graphql';

/** The 12 anatomical areas of the screening programme. */
export enum AnatomicalRegion {
  BREAST = 'BREAST',
  THYROID = 'THYROID',
  LIVER = 'LIVER',
  GALLBLADDER = 'GALLBLADDER',
  PANCREAS = 'PANCREAS',
  SPLEEN = 'SPLEEN',
  KIDNEY = 'KIDNEY',
  BLADDER = 'BLADDER',
  PROSTATE = 'PROSTATE',
  UTERUS = 'UTERUS',
  OVARY = 'OVARY',
  CERVICAL_LYMPH_NODES = 'CERVICAL_LYMPH_NODES',
}
registerEnumType(AnatomicalRegion, { name: 'AnatomicalRegion' });

/** Folder name under models/ for a region (models/breast/1.0.0/...). */
export const regionFolder = (region: AnatomicalRegion) => region.toLowerCase().replace(/_/g, '-');
