import type { Calibration } from '../../imaging/calibration.js';
import type { GrayImage } from '../../imaging/gray-image.js';
import { type Box, textBoxes } from './text-boxes.js';

export interface CleanedFrame {
  frame: GrayImage;
  /** How the burned-in text was removed, for the de-identification record. */
  method: 'outside-ultrasound-regions' | 'text-boxes';
  /** The boxes blanked (text-boxes). */
  blanked?: Box[];
}

/**
 * Clean Pixel Data: scanners burn the patient's name, ID and the date into the image outside the scanned area
 * (usually a top banner, sometimes a bottom line). Where the file marks its ultrasound regions, everything
 * outside them is blanked; otherwise the boxes where text is found at the top and bottom (text-boxes.ts), and
 * nothing where there is none.
 */
export function cleanPixels(frame: GrayImage, calibration: Calibration): CleanedFrame {
  const data = new Uint8Array(frame.width * frame.height);
  if (calibration.source === 'ultrasound-regions' && calibration.regions.length > 0) {
    for (const r of calibration.regions) {
      for (let y = Math.max(0, r.y0); y <= Math.min(frame.height - 1, r.y1); y++) {
        const from = y * frame.width + Math.max(0, r.x0);
        const to = y * frame.width + Math.min(frame.width - 1, r.x1) + 1;
        data.set(frame.data.subarray(from, to), from);
      }
    }
    return { frame: { width: frame.width, height: frame.height, data }, method: 'outside-ultrasound-regions' };
  }
  data.set(frame.data);
  const blanked = textBoxes(frame);
  for (const [x0, y0, x1, y1] of blanked) {
    for (let y = y0; y <= y1; y++) data.fill(0, y * frame.width + x0, y * frame.width + x1 + 1);
  }
  return { frame: { width: frame.width, height: frame.height, data }, method: 'text-boxes', blanked };
}

/** What the cleaning did, for the de-identification record a trainer reads. */
export function describeCleaning(cleaned: CleanedFrame): string {
  if (cleaned.method === 'outside-ultrasound-regions') return 'pixels outside the ultrasound regions blanked';
  const boxes = cleaned.blanked!;
  if (boxes.length === 0) return 'no burned-in text found at the top or bottom, no pixels blanked';
  const area = boxes.reduce((sum, [x0, y0, x1, y1]) => sum + (x1 - x0 + 1) * (y1 - y0 + 1), 0) / (cleaned.frame.width * cleaned.frame.height);
  return `burned-in text blanked in ${boxes.length} boxes (${(area * 100).toFixed(1)} % of the image)`;
}
