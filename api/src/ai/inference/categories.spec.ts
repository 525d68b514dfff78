import { estimateCategory } from './categories.js';

// With threshold 0.5 the shift is logit(anchor): boundaries computed by hand in log-odds, e.g. BI-RADS 4A|4B at
// odds(p) = odds(10 %) / odds(2 %) = 49/9 → p = 0.8448.
describe('estimateCategory: BI-RADS', () => {
  const value = (p: number, threshold = 0.5) => estimateCategory('breast', p, threshold, null)?.value;

  it.each([
    [0.004, '2'],
    [0.006, '3'],
    [0.4999, '3'],
    [0.5, '4A'],
    [0.844, '4A'],
    [0.845, '4B'],
    [0.979, '4B'],
    [0.981, '4C'],
    [0.9988, '4C'],
    [0.9990, '5'],
    [1, '5'],
  ])('p = %s → BI-RADS %s', (p, expected) => {
    expect(value(p)).toBe(expected);
  });

  it('gives BI-RADS 2 only below both 0.005 and threshold / 10', () => {
    expect(value(0.004, 0.03)).toBe('3'); // threshold / 10 = 0.003
    expect(value(0.0029, 0.03)).toBe('2');
  });

  it('agrees with the call at the threshold itself', () => {
    expect(value(0.351417, 0.351417)).toBe('4A');
    expect(value(0.3514169, 0.351417)).toBe('3');
  });

  it('labels the category as an AI estimate', () => {
    expect(estimateCategory('breast', 0.9, 0.5, null)).toEqual({ system: 'BI-RADS', value: '4B', label: 'BI-RADS 4B (moderate suspicion for malignancy), AI estimate' });
  });
});

describe('estimateCategory: TI-RADS', () => {
  const value = (p: number) => estimateCategory('thyroid', p, 0.5, null)?.value;

  it.each([
    [0, 'TR2'],
    [0.28, 'TR2'],
    [0.281, 'TR3'],
    [0.4999, 'TR3'],
    [0.5, 'TR4'],
    [0.754, 'TR4'],
    [0.755, 'TR5'],
    [1, 'TR5'],
  ])('p = %s → %s (never TR1)', (p, expected) => {
    expect(value(p)).toBe(expected);
  });

  it.each([
    [0.3, 30, 'TR3 (mildly suspicious), AI estimate: FNA if ≥ 25 mm, follow-up if ≥ 15 mm; estimated 30.0 mm → FNA'],
    [0.3, 20, 'TR3 (mildly suspicious), AI estimate: FNA if ≥ 25 mm, follow-up if ≥ 15 mm; estimated 20.0 mm → follow-up'],
    [0.6, 12.5, 'TR4 (moderately suspicious), AI estimate: FNA if ≥ 15 mm, follow-up if ≥ 10 mm; estimated 12.5 mm → follow-up'],
    [0.9, 10, 'TR5 (highly suspicious), AI estimate: FNA if ≥ 10 mm, follow-up if ≥ 5 mm; estimated 10.0 mm → FNA'],
    [0.9, 4, 'TR5 (highly suspicious), AI estimate: FNA if ≥ 10 mm, follow-up if ≥ 5 mm; estimated 4.0 mm → no FNA or follow-up by size'],
    [0.9, null, 'TR5 (highly suspicious), AI estimate: FNA if ≥ 10 mm, follow-up if ≥ 5 mm; size unknown (no calibration)'],
    [0.1, 40, 'TR2 (not suspicious), AI estimate: no FNA'],
  ])('p = %s, %s mm → "%s"', (p, size, label) => {
    expect(estimateCategory('thyroid', p, 0.5, size)?.label).toBe(label);
  });
});

it('has no category for a region without a scale', () => {
  expect(estimateCategory('liver', 0.9, 0.5, null)).toBeNull();
});
