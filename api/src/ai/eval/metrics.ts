/** Evaluation statistics with 95% confidence intervals. */

/** Two-sided 95% normal quantile. */
export const Z95 = 1.959963984540054;

export interface Estimate {
  value: number;
  ci95: [number, number];
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Positive call when score ≥ threshold (the product's rule). */
export function confusionAt(scores: number[], positive: boolean[], threshold: number): Confusion {
  const counts: Confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  scores.forEach((score, i) => {
    const called = score >= threshold;
    if (positive[i]) counts[called ? 'tp' : 'fn']++;
    else counts[called ? 'fp' : 'tn']++;
  });
  return counts;
}

/** Wilson score interval for a proportion (sensible at small n and near 0 or 1, unlike the Wald interval). */
export function wilsonInterval(successes: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A proportion with its Wilson interval; NaN value when n = 0. */
export function proportion(successes: number, n: number): Estimate {
  return { value: n === 0 ? NaN : successes / n, ci95: wilsonInterval(successes, n) };
}

export function classificationMetrics(c: Confusion): { accuracy: Estimate; sensitivity: Estimate; specificity: Estimate } {
  return {
    accuracy: proportion(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn),
    sensitivity: proportion(c.tp, c.tp + c.fn),
    specificity: proportion(c.tn, c.tn + c.fp),
  };
}

/** Mann-Whitney kernel: 1 if the positive scores higher, ½ for a tie. */
const psi = (positive: number, negative: number) => (positive > negative ? 1 : positive === negative ? 0.5 : 0);

function sampleVariance(values: number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/**
 * ROC AUC with DeLong's variance (DeLong, DeLong & Clarke-Pearson 1988) and a normal 95% interval clipped
 * to [0, 1]. O(m·n) structural components: fine for evaluation-sized sets.
 */
export function aucDeLong(positives: number[], negatives: number[]): Estimate & { se: number } {
  const m = positives.length;
  const n = negatives.length;
  if (m === 0 || n === 0) return { value: NaN, ci95: [NaN, NaN], se: NaN };
  const v10 = positives.map((x) => negatives.reduce((s, y) => s + psi(x, y), 0) / n);
  const v01 = negatives.map((y) => positives.reduce((s, x) => s + psi(x, y), 0) / m);
  const auc = v10.reduce((s, v) => s + v, 0) / m;
  const se = Math.sqrt(sampleVariance(v10) / m + sampleVariance(v01) / n);
  return { value: auc, ci95: [Math.max(0, auc - Z95 * se), Math.min(1, auc + Z95 * se)], se };
}

/** Small seeded PRNG (mulberry32): reproducible bootstrap intervals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear-interpolated quantile of sorted values (numpy's default). */
function quantile(sorted: number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const BOOTSTRAP_SEED = 20240517;

/** Mean with a seeded percentile-bootstrap 95% interval. */
export function meanWithBootstrapCi(values: number[], resamples = 2000, seed = BOOTSTRAP_SEED): Estimate {
  const n = values.length;
  if (n === 0) return { value: NaN, ci95: [NaN, NaN] };
  const random = seededRandom(seed);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(random() * n)];
    means[r] = sum / n;
  }
  means.sort((a, b) => a - b);
  return { value: values.reduce((s, v) => s + v, 0) / n, ci95: [quantile(means, 0.025), quantile(means, 0.975)] };
}
