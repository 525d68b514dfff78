import type { NaturalizedDataset } from 'dcmjs';
import type { Calibration, UltrasoundRegion } from '../calibration.js';
import { numberOf, numbersOf, sequenceItems } from './dataset-values.js';

/** PhysicalUnitsX/YDirection code for centimetres; the only code that gives a physical length. */
const UNITS_CM = 3;

/** PixelSpacing first (whole frame), else the ultrasound regions in cm, else none (DOMAIN.md, calibration). */
export function readCalibration(ds: NaturalizedDataset): Calibration {
  const spacing = pixelSpacing(ds);
  if (spacing) return { source: 'pixel-spacing', mmPerPixelX: spacing[1], mmPerPixelY: spacing[0] };
  const regions = sequenceItems(ds, 'SequenceOfUltrasoundRegions')
    .map(ultrasoundRegion)
    .filter((r): r is UltrasoundRegion => r !== null);
  return regions.length > 0 ? { source: 'ultrasound-regions', regions } : { source: 'none' };
}

/** [row spacing, column spacing] in mm, from the dataset or (enhanced multi-frame) its shared functional groups. */
function pixelSpacing(ds: NaturalizedDataset): [number, number] | null {
  const candidates = [
    ds.PixelSpacing,
    ...sequenceItems(ds, 'SharedFunctionalGroupsSequence').flatMap((group) =>
      sequenceItems(group, 'PixelMeasuresSequence').map((measures) => measures.PixelSpacing),
    ),
  ];
  for (const candidate of candidates) {
    const values = numbersOf(candidate);
    if (values && values.length >= 2 && values[0]! > 0 && values[1]! > 0) return [values[0]!, values[1]!];
  }
  return null;
}

function ultrasoundRegion(item: NaturalizedDataset): UltrasoundRegion | null {
  if (numberOf(item.PhysicalUnitsXDirection) !== UNITS_CM || numberOf(item.PhysicalUnitsYDirection) !== UNITS_CM) return null;
  // Deltas may be signed (axis direction); the size of a pixel is their magnitude. cm → mm.
  const dx = Math.abs(numberOf(item.PhysicalDeltaX) ?? 0) * 10;
  const dy = Math.abs(numberOf(item.PhysicalDeltaY) ?? 0) * 10;
  const [x0, y0, x1, y1] = ['RegionLocationMinX0', 'RegionLocationMinY0', 'RegionLocationMaxX1', 'RegionLocationMaxY1'].map((k) =>
    numberOf(item[k]),
  );
  if (!(dx > 0 && dy > 0) || x0 == null || y0 == null || x1 == null || y1 == null) return null;
  return { x0, y0, x1, y1, mmPerPixelX: dx, mmPerPixelY: dy };
}
