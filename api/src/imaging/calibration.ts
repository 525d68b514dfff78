/**
 * How many millimetres one pixel spans, and where that figure comes from. Ultrasound DICOM often has no
 * PixelSpacing; its Sequence of Ultrasound Regions gives a physical size per region of the frame instead.
 */
export interface UltrasoundRegion {
  /** Region bounds in pixels, inclusive (RegionLocationMinX0 … MaxY1). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  mmPerPixelX: number;
  mmPerPixelY: number;
}

export type Calibration =
  | { source: 'pixel-spacing'; mmPerPixelX: number; mmPerPixelY: number }
  | { source: 'ultrasound-regions'; regions: UltrasoundRegion[] }
  | { source: 'uploader'; mmPerPixelX: number; mmPerPixelY: number }
  | { source: 'none' };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Scale {
  mmPerPixelX: number;
  mmPerPixelY: number;
  source: Exclude<Calibration['source'], 'none'>;
}

/**
 * The scale that applies to a box: PixelSpacing for the whole frame; else the ultrasound region that
 * contains the box's centre; else the uploader's value; else null (pixels only, "no calibration").
 */
export function scaleFor(calibration: Calibration, box: Box): Scale | null {
  switch (calibration.source) {
    case 'pixel-spacing':
    case 'uploader':
      return { mmPerPixelX: calibration.mmPerPixelX, mmPerPixelY: calibration.mmPerPixelY, source: calibration.source };
    case 'ultrasound-regions': {
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const region = calibration.regions.find((r) => cx >= r.x0 && cx <= r.x1 && cy >= r.y0 && cy <= r.y1);
      return region ? { mmPerPixelX: region.mmPerPixelX, mmPerPixelY: region.mmPerPixelY, source: 'ultrasound-regions' } : null;
    }
    case 'none':
      return null;
  }
}
