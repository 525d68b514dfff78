import type { Calibration } from '../../imaging/calibration.js';
import type { ImageOutputs } from './model-outputs.js';
import { type FindingsContext, toFindings } from './postprocess.js';
import type { AnatomicalRegion } from './region.js';
import { testCard } from './test-card.test-util.js';

const GRID = 64;

/** Outputs with an empty heatmap; `blobs` paint squares of cells [x, y, size, value]. */
function outputs(partial: Partial<Omit<ImageOutputs, 'heatmap'>>, blobs: Array<[number, number, number, number]> = []): ImageOutputs {
  const data = new Float32Array(GRID * GRID).fill(0.02);
  for (const [x, y, size, value] of blobs) {
    for (let row = y; row < y + size; row++) data.fill(value, row * GRID + x, row * GRID + x + size);
  }
  return { malignancy: 0.1, lesion: 0.9, box: { x: 0.25, y: 0.25, width: 0.5, height: 0.5 }, heatmap: { width: GRID, height: GRID, data }, ...partial };
}

function context(region: AnatomicalRegion, calibration: Calibration = { source: 'none' }, frame = [256, 256]): FindingsContext {
  return { card: testCard(region, region === 'breast' ? 0.351417 : 0.643311), frameWidth: frame[0], frameHeight: frame[1], calibration, region };
}

describe('toFindings: breast', () => {
  it('reports the model box in pixels and mm of the original frame', () => {
    const findings = toFindings(outputs({ malignancy: 0.6 }), context('breast', { source: 'pixel-spacing', mmPerPixelX: 0.1, mmPerPixelY: 0.2 }, [512, 256]));
    expect(findings).toEqual({
      lesionProbability: 0.9,
      malignancyProbability: 0.6,
      call: 'MALIGNANT',
      // logit(0.6) − logit(0.351417) + logit(0.02) → 5.4 % → 4A
      category: { system: 'BI-RADS', value: '4A', label: 'BI-RADS 4A (low suspicion for malignancy), AI estimate' },
      lesions: [
        {
          box: { x: 128, y: 64, width: 256, height: 128 },
          boxMm: { x: 12.8, y: 12.8, width: 25.6, height: 25.6 },
          sizeMm: { width: 25.6, height: 25.6, maxDiameter: 25.6 },
          calibrationSource: 'pixel-spacing',
          probability: 0.9,
        },
      ],
      noLesionFound: false,
    });
  });

  it('finds no lesion below lesion probability 0.5, and gives no category', () => {
    const findings = toFindings(outputs({ lesion: 0.3, malignancy: 0.2 }, [[40, 40, 4, 0.9]]), context('breast'));
    expect(findings).toMatchObject({ lesionProbability: 0.3, call: 'BENIGN', category: null, lesions: [], noLesionFound: true });
  });

  it('clips a box that runs past the far edge', () => {
    const findings = toFindings(outputs({ box: { x: 0.8, y: 0.9, width: 0.4, height: 0.3 } }), context('breast', { source: 'none' }, [100, 100]));
    expect(findings.lesions[0].box).toEqual({ x: 80, y: 90, width: 20, height: 10 });
    expect(findings.lesions[0]).toMatchObject({ boxMm: null, sizeMm: null, calibrationSource: null });
  });

  it('adds heatmap blobs away from the primary box as extra lesions', () => {
    const findings = toFindings(
      outputs({}, [
        [52, 8, 4, 0.8], // away from the box (cells 16..48): extra lesion
        [20, 20, 8, 0.95], // inside the primary box (IoU 0.06 but contained): the same lesion
        [42, 30, 8, 0.9], // three quarters inside, IoU 0.05: the same lesion
        [2, 2, 1, 0.99], // one cell: too small
      ]),
      context('breast'),
    );
    expect(findings.lesions).toHaveLength(2);
    expect(findings.lesions[1].box).toEqual({ x: 208, y: 32, width: 16, height: 16 });
    expect(findings.lesions[1].probability).toBeCloseTo(0.8);
  });

  it('keeps at most 5 lesions, the most probable extras first', () => {
    const blobs: Array<[number, number, number, number]> = [0, 1, 2, 3, 4, 5].map((i) => [i * 10, 56, 3, 0.6 + i * 0.05]);
    const findings = toFindings(outputs({}, blobs), context('breast'));
    expect(findings.lesions).toHaveLength(5);
    expect(findings.lesions.slice(1).map((l) => l.probability.toFixed(2))).toEqual(['0.85', '0.80', '0.75', '0.70']);
  });

  it('uses the ultrasound region that contains the lesion for mm', () => {
    const calibration: Calibration = {
      source: 'ultrasound-regions',
      regions: [{ x0: 0, y0: 0, x1: 99, y1: 255, mmPerPixelX: 0.5, mmPerPixelY: 0.5 }],
    };
    const inside = toFindings(outputs({ box: { x: 0, y: 0, width: 0.25, height: 0.25 } }), context('breast', calibration));
    expect(inside.lesions[0]).toMatchObject({ sizeMm: { width: 32, height: 32, maxDiameter: 32 }, calibrationSource: 'ultrasound-regions' });
    const outside = toFindings(outputs({ box: { x: 0.5, y: 0.5, width: 0.25, height: 0.25 } }), context('breast', calibration));
    expect(outside.lesions[0].sizeMm).toBeNull();
  });
});

describe('toFindings: thyroid', () => {
  it('ignores the lesion output, always reports the box, and adds the size rule', () => {
    const findings = toFindings(
      outputs({ lesion: 0.1, malignancy: 0.95 }, [[20, 20, 8, 0.7]]),
      context('thyroid', { source: 'uploader', mmPerPixelX: 0.1, mmPerPixelY: 0.1 }),
    );
    expect(findings.lesionProbability).toBeNull();
    expect(findings.noLesionFound).toBe(false);
    expect(findings.call).toBe('MALIGNANT');
    expect(findings.lesions).toHaveLength(1);
    expect(findings.lesions[0].probability).toBeCloseTo(0.7); // heatmap peak inside the box
    expect(findings.lesions[0].sizeMm).toEqual({ width: 12.8, height: 12.8, maxDiameter: 12.8 });
    expect(findings.category).toEqual({
      system: 'TI-RADS',
      value: 'TR5',
      label: 'TR5 (highly suspicious), AI estimate: FNA if ≥ 10 mm, follow-up if ≥ 5 mm; estimated 12.8 mm → FNA',
    });
  });
});

it('gives no category for a region without a scale', () => {
  expect(toFindings(outputs({}), context('liver')).category).toBeNull();
});
