/**
 * The alert rule of model monitoring: a Bernoulli CUSUM (Page's cumulative sum of log-likelihood ratios, the
 * chart used to watch surgical and screening outcomes case by case) on the specialist's agreement with the AI,
 * lesion by lesion, per model version and site.
 *
 * Each assessed lesion is agreement (the specialist agreed with the AI's finding) or not (partly agreed,
 * disagreed, or added a lesion the AI missed). The chart tests "agreement is `expected`" (in control) against
 * "agreement has fallen to `alert`": each lesion adds log(alert/expected) when agreed (a small step down) and
 * log((1-alert)/(1-expected)) when not (a large step up); the sum never goes below 0 and the site is flagged
 * once it reaches the decision limit `limit` (h), with at least `minLesions` assessed so a handful of early
 * disagreements cannot flag a new site. `averageRunLength` gives how many lesions the rule takes on average at
 * a given true agreement: at `expected` that is the false-alarm interval, at `alert` the detection delay.
 */
export interface CusumRule {
  /** In-control agreement rate, 0-1 (e.g. 0.9). */
  expected: number;
  /** Agreement rate the rule must detect, 0-1, below `expected` (e.g. 0.7). */
  alert: number;
  /** Decision limit h. */
  limit: number;
  minLesions: number;
}

export interface CusumResult {
  /** The statistic after the last lesion. */
  statistic: number;
  /** How many lesions had been assessed when the site was first flagged; null when never. */
  flaggedAfter: number | null;
  /** The statistic after each lesion: the control chart. */
  path: number[];
}

/** The two steps of the sum: after an agreed lesion (negative) and after one not agreed (positive). */
export function cusumSteps(rule: CusumRule): { agreed: number; notAgreed: number } {
  return { agreed: Math.log(rule.alert / rule.expected), notAgreed: Math.log((1 - rule.alert) / (1 - rule.expected)) };
}

/** Runs the chart over lesions in the order they were assessed (true = agreed). */
export function runCusum(agreed: readonly boolean[], rule: CusumRule): CusumResult {
  const steps = cusumSteps(rule);
  let statistic = 0;
  let flaggedAfter: number | null = null;
  const path: number[] = [];
  agreed.forEach((a, i) => {
    statistic = Math.max(0, statistic + (a ? steps.agreed : steps.notAgreed));
    path.push(statistic);
    if (flaggedAfter === null && statistic >= rule.limit && i + 1 >= rule.minLesions) flaggedAfter = i + 1;
  });
  return { statistic, flaggedAfter, path };
}

/**
 * Average number of lesions until the chart first reaches its limit from 0, when the true agreement is `p`
 * (the minimum-lesions condition aside): the Markov-chain approximation of Brook and Evans (1972) on a grid of
 * `cells` steps between 0 and h, solved exactly.
 */
export function averageRunLength(rule: CusumRule, p: number, cells = 400): number {
  const steps = cusumSteps(rule);
  const width = rule.limit / cells;
  const down = Math.round(steps.agreed / width);
  const up = Math.round(steps.notAgreed / width);
  // (I - Q) L = 1 over the transient states 0..cells-1; state j >= cells is the alarm.
  const n = cells;
  const a = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n + 1);
    row[i] += 1;
    const agreeTo = Math.max(0, i + down);
    const disagreeTo = i + up;
    if (agreeTo < n) row[agreeTo] -= p;
    if (disagreeTo < n) row[disagreeTo] -= 1 - p;
    row[n] = 1;
    return row;
  });
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col || a[r][col] === 0) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a[0][n] / a[0][0];
}

/** Wilson score interval of a proportion (95 % by default); null without cases. */
export function wilson(successes: number, n: number, z = 1.959964): { value: number; lower: number; upper: number } | null {
  if (n === 0) return null;
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { value: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Area under the ROC curve of scores for malignant (`positives`) against benign (`negatives`) lesions, as the
 * Mann-Whitney probability that a malignant lesion scores higher (ties count half), with the 95 % interval of
 * Hanley and McNeil (1982); null unless both kinds are present.
 */
export function aucWithInterval(positives: readonly number[], negatives: readonly number[], z = 1.959964): { value: number; lower: number; upper: number; n: number } | null {
  const m = positives.length;
  const n = negatives.length;
  if (m === 0 || n === 0) return null;
  let wins = 0;
  for (const p of positives) for (const q of negatives) wins += p > q ? 1 : p === q ? 0.5 : 0;
  const a = wins / (m * n);
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt(Math.max(0, (a * (1 - a) + (m - 1) * (q1 - a * a) + (n - 1) * (q2 - a * a)) / (m * n)));
  return { value: a, lower: Math.max(0, a - z * se), upper: Math.min(1, a + z * se), n: m + n };
}
