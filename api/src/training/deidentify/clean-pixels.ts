import type { Calibration } from '../../imaging/calibration.js';
import type { GrayImage } from '../../imaging/gray-image.js';

/** Share of the frame's top taken as the annotation banner when the file marks no ultrasound regions. */
const DEFAULT_BANNER_FRACTION = 0.12;

export interface CleanedFrame {
  frame: GrayImage;
  /** How the burned-in text was removed, for the de-identification record. */
  method: 'outside-ultrasound-regions' | 'top-banner';
}

/**
 * Clean Pixel Data: scanners burn the patient's name, ID and the date into the image outside the scanned area
 * (usually a top banner). Where the file marks its ultrasound regions, everything outside them is blanked;
 * otherwise the top banner is.
 */
export function cleanPixels(frame: GrayImage, calibration: Calibration, bannerFraction = DEFAULT_BANNER_FRACTION): CleanedFrame {
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
  const bannerRows = Math.ceil(frame.height * bannerFraction);
  data.set(frame.data.subarray(bannerRows * frame.width), bannerRows * frame.width);
  return { frame: { width: frame.width, height: frame.height, data }, method: 'top-banner' };
}
