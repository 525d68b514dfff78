import { aucDeLong, classificationMetrics, confusionAt, meanWithBootstrapCi, wilsonInterval } from './metrics.js';

describe('confusionAt', () => {
  it('calls positive at score ≥ threshold', () => {
    expect(confusionAt([0.9, 0.5, 0.2, 0.6, 0.1], [true, true, true, false, false], 0.5)).toEqual({ tp: 2, fn: 1, fp: 1, tn: 1 });
  });
});

describe('wilsonInterval (reference values: Wilson 1927 / standard tables)', () => {
  it.each([
    [5, 10, 0.2366, 0.7634],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [20, 21, 0.7733, 0.9915],
  ])('%i / %i → [%f, %f]', (k, n, low, high) => {
    const [l, h] = wilsonInterval(k, n);
    expect(l).toBeCloseTo(low, 4);
    expect(h).toBeCloseTo(high, 4);
  });
});

describe('classificationMetrics', () => {
  it('derives accuracy, sensitivity and specificity with intervals', () => {
    const m = classificationMetrics({ tp: 20, fn: 1, fp: 7, tn: 36 });
    expect(m.accuracy.value).toBeCloseTo(56 / 64);
    expect(m.sensitivity.value).toBeCloseTo(20 / 21);
    expect(m.specificity.value).toBeCloseTo(36 / 43);
    expect(m.specificity.ci95[0]).toBeCloseTo(0.7003, 4);
    expect(classificationMetrics({ tp: 0, fn: 0, fp: 1, tn: 1 }).sensitivity.value).toBeNaN();
  });
});

describe('aucDeLong', () => {
  it('matches a hand computation', () => {
    // Pairs: 0.8>0.7, 0.8>0.2, 0.6<0.7, 0.6>0.2 → AUC 3/4. V10 = [1, ½], V01 = [½, 1]: both sample variances
    // 1/8, so var = 1/8 / 2 + 1/8 / 2 = 1/8 and se = 0.35355.
    const auc = aucDeLong([0.8, 0.6], [0.7, 0.2]);
    expect(auc.value).toBe(0.75);
    expect(auc.se).toBeCloseTo(Math.sqrt(1 / 8), 10);
    expect(auc.ci95[0]).toBeCloseTo(0.75 - 1.959964 * Math.sqrt(1 / 8), 5);
    expect(auc.ci95[1]).toBe(1);
  });

  it('counts ties as one half and handles perfect separation', () => {
    expect(aucDeLong([0.5], [0.5]).value).toBe(0.5);
    expect(aucDeLong([0.9, 0.8], [0.1, 0.2])).toMatchObject({ value: 1, se: 0, ci95: [1, 1] });
    expect(aucDeLong([], [0.1]).value).toBeNaN();
  });
});

describe('meanWithBootstrapCi', () => {
  it('gives the mean with a reproducible interval around it', () => {
    const values = [0.2, 0.4, 0.6, 0.8, 1];
    const a = meanWithBootstrapCi(values);
    expect(a.value).toBeCloseTo(0.6);
    expect(a.ci95[0]).toBeLessThan(0.6);
    expect(a.ci95[1]).toBeGreaterThan(0.6);
    expect(a.ci95[0]).toBeGreaterThanOrEqual(0.2);
    expect(meanWithBootstrapCi(values)).toEqual(a);
    expect(meanWithBootstrapCi([0.5, 0.5])).toEqual({ value: 0.5, ci95: [0.5, 0.5] });
  });
});
