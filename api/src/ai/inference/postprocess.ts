import { type Box, type Calibration, type Scale, scaleFor } from '../../imaging/calibration.js';
import { area, intersectionArea, iou, toPixelBox } from './box-geometry.js';
import { type Category, estimateCategory } from './categories.js';
import { findHeatmapComponents, type Heatmap } from './heatmap-components.js';
import type { ModelCard } from './model-card.js';
import type { ImageOutputs } from './model-outputs.js';
import { type AnatomicalRegion, hasInformativeLesionOutput } from './region.js';

export interface Lesion {
  /** Whole pixels of the ORIGINAL frame, clipped to it. */
  box: Box;
  boxMm: Box | null;
  sizeMm: { width: number; height: number; maxDiameter: number } | null;
  calibrationSource: Scale['source'] | null;
  probability: number;
}

export interface Findings {
  /** Null where the model's lesion output is not informative (thyroid). */
  lesionProbability: number | null;
  malignancyProbability: number;
  /** At the card's operating threshold (p ≥ threshold → MALIGNANT). */
  call: 'BENIGN' | 'MALIGNANT';
  /** AI-estimated category (see categories.ts); null without a lesion or for a region without a scale. */
  category: Category | null;
  /** Primary lesion (the model's box) first, then extra suspected lesions from the heatmap; at most 5. */
  lesions: Lesion[];
  noLesionFound: boolean;
}

export interface FindingsContext {
  card: ModelCard;
  frameWidth: number;
  frameHeight: number;
  calibration: Calibration;
  region: AnatomicalRegion;
}

const LESION_PRESENT = 0.5;
const HEATMAP_THRESHOLD = 0.5;
const MIN_COMPONENT_CELLS = 4;
/** A heatmap blob overlapping the primary box this much (IoU) is the same lesion... */
const SAME_LESION_IOU = 0.1;
/** ...and so is a small blob lying mostly inside a large box (low IoU, yet part of the same lesion). */
const SAME_LESION_INSIDE = 0.5;
const MAX_LESIONS = 5;

const round1 = (value: number) => Math.round(value * 10) / 10;

function describeLesion(box: Box, probability: number, calibration: Calibration): Lesion {
  const scale = scaleFor(calibration, box);
  if (!scale) return { box, boxMm: null, sizeMm: null, calibrationSource: null, probability };
  const width = round1(box.width * scale.mmPerPixelX);
  const height = round1(box.height * scale.mmPerPixelY);
  return {
    box,
    boxMm: { x: round1(box.x * scale.mmPerPixelX), y: round1(box.y * scale.mmPerPixelY), width, height },
    // A box gives no true diameter; its larger side is the lesion's largest axis-aligned extent.
    sizeMm: { width, height, maxDiameter: Math.max(width, height) },
    calibrationSource: scale.source,
    probability,
  };
}

/** Highest heatmap value inside a normalised box (the lesion's probability where the lesion output is uninformative). */
function heatmapMaxIn(heatmap: Heatmap, box: Box): number {
  const cells = toPixelBox(box, heatmap.width, heatmap.height);
  let max = 0;
  for (let y = cells.y; y < cells.y + Math.max(1, cells.height) && y < heatmap.height; y++) {
    for (let x = cells.x; x < cells.x + Math.max(1, cells.width) && x < heatmap.width; x++) max = Math.max(max, heatmap.data[y * heatmap.width + x]);
  }
  return max;
}

/** Heatmap blobs away from the primary box, most probable first, as normalised boxes. */
function extraLesions(heatmap: Heatmap, primary: Box): Array<{ box: Box; probability: number }> {
  return findHeatmapComponents(heatmap, HEATMAP_THRESHOLD, MIN_COMPONENT_CELLS)
    .map(({ cells, maxValue }) => ({
      box: { x: cells.x / heatmap.width, y: cells.y / heatmap.height, width: cells.width / heatmap.width, height: cells.height / heatmap.height },
      probability: maxValue,
    }))
    .filter(({ box }) => iou(box, primary) < SAME_LESION_IOU && intersectionArea(box, primary) < SAME_LESION_INSIDE * area(box))
    .sort((a, b) => b.probability - a.probability);
}

/** Turns the model's outputs for one image into the findings shown to the reader. */
export function toFindings(outputs: ImageOutputs, ctx: FindingsContext): Findings {
  const threshold = ctx.card.operatingThreshold.value;
  const informative = hasInformativeLesionOutput(ctx.region);
  const lesionPresent = !informative || outputs.lesion >= LESION_PRESENT;
  const lesions: Lesion[] = [];
  if (lesionPresent) {
    const candidates = [
      { box: outputs.box, probability: informative ? outputs.lesion : heatmapMaxIn(outputs.heatmap, outputs.box) },
      ...extraLesions(outputs.heatmap, outputs.box),
    ].slice(0, MAX_LESIONS);
    for (const { box, probability } of candidates) {
      lesions.push(describeLesion(toPixelBox(box, ctx.frameWidth, ctx.frameHeight), probability, ctx.calibration));
    }
  }
  const primarySize = lesions[0]?.sizeMm?.maxDiameter ?? null;
  return {
    lesionProbability: informative ? outputs.lesion : null,
    malignancyProbability: outputs.malignancy,
    call: outputs.malignancy >= threshold ? 'MALIGNANT' : 'BENIGN',
    category: lesionPresent ? estimateCategory(ctx.region, outputs.malignancy, threshold, primarySize) : null,
    lesions,
    noLesionFound: !lesionPresent,
  };
}
