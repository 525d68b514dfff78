import type { Calibration } from '../../imaging/calibration.js';
import type { GrayImage } from '../../imaging/gray-image.js';
import { type Box, textBoxes } from './text-boxes.js';

export interface CleanedFrame {
  frame: GrayImage;
  /** How the burned-in text was removed, for the de-identification record. */
  method: 'outside-ultrasound-regions' | 'text-boxes' | 'chosen-boxes';
  /** The boxes blanked: found (text-boxes), or chosen by the clinician (chosen-boxes; also beside the regions). */
  blanked: Box[];
}

/** The ultrasound regions a file marks, as boxes: what is kept when the file has them. */
export function keptRegions(frame: GrayImage, calibration: Calibration): Box[] {
  if (calibration.source !== 'ultrasound-regions') return [];
  return calibration.regions.map((r) => [Math.max(0, r.x0), Math.max(0, r.y0), Math.min(frame.width - 1, r.x1), Math.min(frame.height - 1, r.y1)]);
}

/**
 * Clean Pixel Data: scanners burn the patient's name, ID and the date into the image outside the scanned area
 * (usually a top banner, sometimes a bottom line). Where the file marks its ultrasound regions, everything
 * outside them is blanked; otherwise the boxes where text is found at the top and bottom (text-boxes.ts), and
 * nothing where there is none. `chosen`: the boxes the clinician settled on after looking (see
 * teachingCaseBlanking), blanked instead of the found ones, and as well as what lies outside the regions.
 */
export function cleanPixels(frame: GrayImage, calibration: Calibration, chosen?: Box[]): CleanedFrame {
  const data = new Uint8Array(frame.width * frame.height);
  const regions = keptRegions(frame, calibration);
  let method: CleanedFrame['method'];
  if (regions.length > 0) {
    for (const [x0, y0, x1, y1] of regions) {
      for (let y = y0; y <= y1; y++) data.set(frame.data.subarray(y * frame.width + x0, y * frame.width + x1 + 1), y * frame.width + x0);
    }
    method = 'outside-ultrasound-regions';
  } else {
    data.set(frame.data);
    method = chosen ? 'chosen-boxes' : 'text-boxes';
  }
  const blanked = chosen ?? (regions.length > 0 ? [] : textBoxes(frame));
  for (const [x0, y0, x1, y1] of blanked) {
    for (let y = y0; y <= y1; y++) data.fill(0, y * frame.width + x0, y * frame.width + x1 + 1);
  }
  return { frame: { width: frame.width, height: frame.height, data }, method, blanked };
}

/** What the cleaning did, for the de-identification record a trainer reads. */
export function describeCleaning(cleaned: CleanedFrame): string {
  const boxes = cleaned.blanked;
  const area = boxes.reduce((sum, [x0, y0, x1, y1]) => sum + (x1 - x0 + 1) * (y1 - y0 + 1), 0) / (cleaned.frame.width * cleaned.frame.height);
  const share = `${(area * 100).toFixed(1)} % of the image`;
  switch (cleaned.method) {
    case 'outside-ultrasound-regions':
      return `pixels outside the ultrasound regions blanked${boxes.length ? `, and ${boxes.length} boxes the clinician chose` : ''}`;
    case 'chosen-boxes':
      return `burned-in text blanked in ${boxes.length} boxes the clinician chose (${share})`;
    default:
      return boxes.length ? `burned-in text blanked in ${boxes.length} boxes (${share})` : 'no burned-in text found at the top or bottom, no pixels blanked';
  }
}
