/** ROC curve and calibration bins of malignancy scores: the data behind the card's figures. */

export type RocPoint = [fpr: number, tpr: number];

/** ROC points from (0,0) to (1,1), one per distinct score (ties move both rates at once). */
export function rocPoints(scores: number[], positive: boolean[]): RocPoint[] {
  const nPos = positive.filter(Boolean).length;
  const nNeg = positive.length - nPos;
  if (nPos === 0 || nNeg === 0) return [];
  const order = scores.map((s, i) => [s, positive[i]] as const).sort((a, b) => b[0] - a[0]);
  const points: RocPoint[] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (order[i][1]) tp++;
    else fp++;
    if (i === order.length - 1 || order[i + 1][0] !== order[i][0]) points.push([fp / nNeg, tp / nPos]);
  }
  return points;
}

export interface ReliabilityBin {
  /** Bin [low, high) of predicted probability (the last bin includes 1). */
  low: number;
  high: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
}

/** Equal-width bins of predicted probability against the observed malignancy rate, and the expected calibration error. */
export function reliability(scores: number[], positive: boolean[], bins = 10): { bins: ReliabilityBin[]; ece: number } {
  const out: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const low = b / bins;
    const high = (b + 1) / bins;
    const members = scores.map((s, i) => i).filter((i) => Math.min(Math.floor(scores[i] * bins), bins - 1) === b);
    if (members.length === 0) continue;
    const meanPredicted = members.reduce((s, i) => s + scores[i], 0) / members.length;
    const observedRate = members.filter((i) => positive[i]).length / members.length;
    ece += (Math.abs(meanPredicted - observedRate) * members.length) / scores.length;
    out.push({ low, high, n: members.length, meanPredicted, observedRate });
  }
  return { bins: out, ece };
}
