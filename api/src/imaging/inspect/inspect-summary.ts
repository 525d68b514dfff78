import type { Calibration } from '../calibration.js';
import type { DicomImage } from '../dicom/dicom-image.js';
import { ImagingError } from '../imaging-error.js';

/** The one-line JSON `imaging:inspect` prints: what a file decodes to, or why it is refused. */
export type InspectSummary =
  | {
      ok: true;
      frames: number;
      width: number;
      height: number;
      transferSyntax: string;
      photometric: string;
      calibration: { mmPerPixelX: number; mmPerPixelY: number; source: string } | null;
      warnings: string[];
    }
  | { ok: false; code: string; message: string };

export function summarise(image: DicomImage): InspectSummary {
  const [first] = image.frames;
  return {
    ok: true,
    frames: image.frames.length,
    width: first?.width ?? 0,
    height: first?.height ?? 0,
    transferSyntax: image.transferSyntaxUid,
    photometric: image.photometric,
    calibration: headlineCalibration(image.calibration),
    warnings: image.warnings,
  };
}

export function summariseFailure(error: unknown): InspectSummary {
  if (error instanceof ImagingError) return { ok: false, code: error.problem, message: error.message };
  return { ok: false, code: 'IMAGE_DECODE_FAILED', message: error instanceof Error ? error.message : String(error) };
}

/** One scale for the file: PixelSpacing, else the largest ultrasound region in cm (the B-mode image), else null. */
function headlineCalibration(calibration: Calibration): { mmPerPixelX: number; mmPerPixelY: number; source: string } | null {
  switch (calibration.source) {
    case 'pixel-spacing':
    case 'uploader':
      return { mmPerPixelX: calibration.mmPerPixelX, mmPerPixelY: calibration.mmPerPixelY, source: calibration.source };
    case 'ultrasound-regions': {
      const area = (r: { x0: number; x1: number; y0: number; y1: number }) => (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1);
      const largest = calibration.regions.reduce((best, r) => (area(r) > area(best) ? r : best));
      return { mmPerPixelX: largest.mmPerPixelX, mmPerPixelY: largest.mmPerPixelY, source: 'ultrasound-region' };
    }
    case 'none':
      return null;
  }
}
