import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REALDICOM_DIR } from '../../testing/datasets.js';
import type { GrayImage } from '../gray-image.js';
import { readDicom } from './read-dicom.js';
import { referenceFrames } from './testing/reference-decode.js';

interface ManifestEntry {
  file: string;
  vendor: string;
  frames: number;
  rows: number;
  cols: number;
  photometric: string;
  ts: string;
  tsname: string;
  n_cm_regions: number;
  /** "none", "PixelSpacing XxY", or "XxY; XxY" (one per cm-calibrated ultrasound region). */
  expected_mm_per_px: string;
}

const MANIFEST: ManifestEntry[] = JSON.parse(readFileSync(join(REALDICOM_DIR, 'manifest.json'), 'utf8'));
// Lossless codecs must match the reference to rounding; lossy ones may differ by IDCT/upsampling implementation.
const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.91', '1.2.840.10008.1.2.4.111', '1.2.840.10008.1.2.4.112']);

function expectedScales(entry: ManifestEntry): { source: string; scales: Array<[number, number]> } {
  if (entry.expected_mm_per_px === 'none') return { source: 'none', scales: [] };
  const pixelSpacing = entry.expected_mm_per_px.startsWith('PixelSpacing ');
  const scales = entry.expected_mm_per_px
    .replace('PixelSpacing ', '')
    .split(';')
    .map((pair) => pair.trim().split('x').map(Number) as [number, number]);
  return { source: pixelSpacing ? 'pixel-spacing' : 'ultrasound-regions', scales };
}

/** |a − b| relative to b: the manifest gives 4 significant digits. */
const close = (actual: number, expected: number) => Math.abs(actual - expected) / expected < 5e-4;

function difference(frame: GrayImage, reference: GrayImage) {
  let sum = 0;
  let max = 0;
  let over4 = 0;
  for (let i = 0; i < frame.data.length; i++) {
    const d = Math.abs(frame.data[i]! - reference.data[i]!);
    sum += d;
    if (d > max) max = d;
    if (d > 4) over4++;
  }
  return { mean: sum / frame.data.length, max, over4: over4 / frame.data.length };
}

describe('real ultrasound DICOM files (../shared/realdicom) against the manifest and an independent decoder', () => {
  it('covers every file of the set', () => {
    expect(MANIFEST.length).toBeGreaterThanOrEqual(28);
  });

  it.each(MANIFEST.map((e) => [e.file, e] as const))('%s', async (_name, entry) => {
    const file = join(REALDICOM_DIR, 'files', entry.file);
    const image = await readDicom(readFileSync(file));
    expect({ frames: image.frames.length, width: image.frames[0]!.width, height: image.frames[0]!.height, transferSyntax: image.transferSyntaxUid, photometric: image.photometric }).toEqual({
      frames: entry.frames,
      width: entry.cols,
      height: entry.rows,
      transferSyntax: entry.ts,
      photometric: entry.photometric,
    });

    const expected = expectedScales(entry);
    expect(image.calibration.source).toBe(expected.source);
    const actual =
      image.calibration.source === 'ultrasound-regions'
        ? image.calibration.regions.map((r) => [r.mmPerPixelX, r.mmPerPixelY])
        : image.calibration.source === 'pixel-spacing'
          ? [[image.calibration.mmPerPixelX, image.calibration.mmPerPixelY]]
          : [];
    expect(actual).toHaveLength(expected.scales.length);
    actual.forEach(([x, y], i) => expect([entry.file, i, close(x!, expected.scales[i]![0]), close(y!, expected.scales[i]![1])]).toEqual([entry.file, i, true, true]));

    const reference = referenceFrames(file, entry.ts);
    expect(reference).toHaveLength(image.frames.length);
    image.frames.forEach((frame, f) => {
      expect([reference[f]!.width, reference[f]!.height]).toEqual([frame.width, frame.height]);
      const d = difference(frame, reference[f]!);
      if (LOSSY.has(entry.ts)) {
        expect({ frame: f, difference: d.mean < 1.5 && d.over4 < 0.005 ? 'small' : d }).toEqual({ frame: f, difference: 'small' });
      } else {
        expect({ frame: f, maxDifference: d.max <= 1 ? 'at most 1' : d }).toEqual({ frame: f, maxDifference: 'at most 1' });
      }
    });
  });
});
