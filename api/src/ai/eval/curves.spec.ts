import { reliability, rocPoints } from './curves.js';

describe('rocPoints', () => {
  it('runs from (0,0) to (1,1), one step per distinct score', () => {
    expect(rocPoints([0.9, 0.8, 0.3, 0.1], [true, false, true, false])).toEqual([[0, 0], [0, 0.5], [0.5, 0.5], [0.5, 1], [1, 1]]);
  });

  it('moves both rates at once on tied scores, and is empty without both classes', () => {
    expect(rocPoints([0.5, 0.5], [true, false])).toEqual([[0, 0], [1, 1]]);
    expect(rocPoints([0.5], [true])).toEqual([]);
  });
});

describe('reliability', () => {
  it('bins predictions against the observed rate and weighs the calibration error by bin size', () => {
    const { bins, ece } = reliability([0.05, 0.15, 0.95, 0.95], [false, true, true, true]);
    expect(bins).toEqual([
      { low: 0, high: 0.1, n: 1, meanPredicted: 0.05, observedRate: 0 },
      { low: 0.1, high: 0.2, n: 1, meanPredicted: 0.15, observedRate: 1 },
      { low: 0.9, high: 1, n: 2, meanPredicted: 0.95, observedRate: 1 },
    ]);
    expect(ece).toBeCloseTo((0.05 + 0.85 + 2 * 0.05) / 4, 10);
  });

  it('puts a probability of exactly 1 in the last bin', () => {
    expect(reliability([1], [true]).bins[0]).toMatchObject({ low: 0.9, high: 1, n: 1 });
  });
});
