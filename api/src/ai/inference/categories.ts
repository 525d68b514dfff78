import type { AnatomicalRegion } from './region.js';

/**
 * AI-ESTIMATED category: an adjunct for the reader, derived only from the model's malignancy probability of
 * the image. The probabilities are NOT calibrated to clinical risk (trained on small public data sets), so
 * the category must never be presented as the radiologist's BI-RADS / TI-RADS assessment.
 *
 * Rule (one parameter, anchored on the card's operating threshold t):
 * 1. The threshold is where the model's call switches to MALIGNANT, i.e. where a reader would act. It is
 *    pinned to the scale's action boundary: BI-RADS 3|4 (2 % likelihood of malignancy) and TI-RADS TR3|TR4.
 * 2. Every probability p is moved by the same shift in log-odds, risk = σ(logit p − logit t + logit anchor),
 *    and the category is the band of the scale that `risk` falls in. So p < t gives BI-RADS 3 / TR2-3 and
 *    p ≥ t gives 4A-5 / TR4-5, consistent with the BENIGN / MALIGNANT call.
 * 3. BI-RADS bands are the BI-RADS likelihoods of malignancy: 3 ≤ 2 %, 4A ≤ 10 %, 4B ≤ 50 %, 4C ≤ 95 %, 5 above.
 *    BI-RADS 2 (benign) only for very confident benign output: p < min(0.005, t / 10).
 * 4. TI-RADS bands meet at the geometric means of the ACR risks of neighbouring levels (TR2 1.5 %, TR3 4.8 %,
 *    TR4 9.1 %, TR5 35 %). TR1 is never given (it needs features the model does not see). The ACR size rule for
 *    FNA / follow-up is added to the label when the nodule's size in mm is known.
 */
export interface Category {
  system: 'BI-RADS' | 'TI-RADS';
  value: string;
  label: string;
}

interface Band {
  value: string;
  meaning: string;
  /** Upper bound (exclusive) of the band's likelihood of malignancy. */
  upTo: number;
}

interface Scale {
  system: Category['system'];
  /** Likelihood of malignancy that the operating threshold is pinned to. */
  anchor: number;
  bands: Band[];
}

const geometricMean = (a: number, b: number) => Math.sqrt(a * b);
const ACR_RISK = { TR2: 0.015, TR3: 0.048, TR4: 0.091, TR5: 0.35 };

const BI_RADS: Scale = {
  system: 'BI-RADS',
  anchor: 0.02,
  bands: [
    { value: '3', meaning: 'probably benign', upTo: 0.02 },
    { value: '4A', meaning: 'low suspicion for malignancy', upTo: 0.1 },
    { value: '4B', meaning: 'moderate suspicion for malignancy', upTo: 0.5 },
    { value: '4C', meaning: 'high suspicion for malignancy', upTo: 0.95 },
    { value: '5', meaning: 'highly suggestive of malignancy', upTo: Infinity },
  ],
};

const TR3_TR4 = geometricMean(ACR_RISK.TR3, ACR_RISK.TR4);
const TI_RADS: Scale = {
  system: 'TI-RADS',
  anchor: TR3_TR4,
  bands: [
    { value: 'TR2', meaning: 'not suspicious', upTo: geometricMean(ACR_RISK.TR2, ACR_RISK.TR3) },
    { value: 'TR3', meaning: 'mildly suspicious', upTo: TR3_TR4 },
    { value: 'TR4', meaning: 'moderately suspicious', upTo: geometricMean(ACR_RISK.TR4, ACR_RISK.TR5) },
    { value: 'TR5', meaning: 'highly suspicious', upTo: Infinity },
  ],
};

/** ACR TI-RADS 2017: nodule size (mm, maximal diameter) from which FNA, or else follow-up, is advised. */
const TI_RADS_SIZE_RULE: Record<string, { fna: number; followUp: number }> = {
  TR3: { fna: 25, followUp: 15 },
  TR4: { fna: 15, followUp: 10 },
  TR5: { fna: 10, followUp: 5 },
};

const EPSILON = 1e-7;
const logit = (p: number) => {
  const q = Math.min(1 - EPSILON, Math.max(EPSILON, p));
  return Math.log(q / (1 - q));
};

function band(scale: Scale, probability: number, threshold: number): Band {
  const riskLogit = logit(probability) - logit(threshold) + logit(scale.anchor);
  // Decide the side of the anchor from p vs t directly, so that rounding can never contradict the call.
  const candidates = scale.bands.filter((b) => (probability >= threshold ? b.upTo > scale.anchor : b.upTo <= scale.anchor));
  return candidates.find((b) => riskLogit < logit(b.upTo)) ?? candidates[candidates.length - 1];
}

function sizeAdvice(value: string, maxDiameterMm: number | null): string {
  const rule = TI_RADS_SIZE_RULE[value];
  if (!rule) return 'no FNA';
  const thresholds = `FNA if ≥ ${rule.fna} mm, follow-up if ≥ ${rule.followUp} mm`;
  if (maxDiameterMm === null) return `${thresholds}; size unknown (no calibration)`;
  const advice = maxDiameterMm >= rule.fna ? 'FNA' : maxDiameterMm >= rule.followUp ? 'follow-up' : 'no FNA or follow-up by size';
  return `${thresholds}; estimated ${maxDiameterMm.toFixed(1)} mm → ${advice}`;
}

/**
 * The AI-estimated category of an image, or null for a region without a category scale.
 * `maxDiameterMm`: the primary lesion's largest extent in mm, when calibration is known (TI-RADS size rule).
 */
export function estimateCategory(region: AnatomicalRegion, probability: number, threshold: number, maxDiameterMm: number | null): Category | null {
  if (region === 'breast') {
    const chosen = probability < Math.min(0.005, threshold / 10) ? { value: '2', meaning: 'benign' } : band(BI_RADS, probability, threshold);
    return { system: 'BI-RADS', value: chosen.value, label: `BI-RADS ${chosen.value} (${chosen.meaning}), AI estimate` };
  }
  if (region === 'thyroid') {
    const chosen = band(TI_RADS, probability, threshold);
    return { system: 'TI-RADS', value: chosen.value, label: `${chosen.value} (${chosen.meaning}), AI estimate: ${sizeAdvice(chosen.value, maxDiameterMm)}` };
  }
  return null;
}
