import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidationMetrics } from '../inference/model-card.js';
import { reliability, rocPoints } from './curves.js';
import type { EvaluationSummary, ImageResult } from './evaluate-dataset.js';
import { reliabilitySvg, rocSvg } from './figures-svg.js';
import { setJsonMember } from './json-text-edit.js';
import { roundNumbers } from './round-numbers.js';

/** The card's figures, files beside model-card.json (the AI models page shows them). */
export const FIGURE_FILES = { roc: 'roc.svg', reliability: 'reliability.svg' } as const;

/** The card's metrics.validation: figures rounded to 4 decimals, the threshold exactly as in the card. */
export function toValidationMetrics(summary: EvaluationSummary, dataset: string, split: string, computedAt: Date): ValidationMetrics {
  const bm = summary.benignVsMalignant;
  const metrics: ValidationMetrics = roundNumbers({
    source:
      'npm run models:eval: the product path (decodeImage, toModelInput, onnxruntime-node, toFindings) on the dataset split; ' +
      'the operating threshold was chosen on this same split, so the figures are optimistic.',
    dataset,
    split,
    n: bm.n,
    nBenign: bm.nBenign,
    nMalignant: bm.nMalignant,
    nImages: summary.nImages,
    computedAt: computedAt.toISOString(),
    threshold: summary.threshold,
    confusion: bm.confusion,
    accuracy: { ...bm.accuracy, method: 'Wilson score interval' },
    sensitivity: { ...bm.sensitivity, method: 'Wilson score interval' },
    specificity: { ...bm.specificity, method: 'Wilson score interval' },
    auc: bm.auc,
    boxIoU: summary.boxIoU,
    ...(summary.lesionPresence ? { lesionPresenceAuc: { ...summary.lesionPresence.auc, n: summary.lesionPresence.n } } : {}),
  }, 4);
  return { ...metrics, threshold: summary.threshold };
}

/** Writes metrics.validation (and metrics.validationBySite when given) into <modelDir>/model-card.json, leaving every other byte as it was. */
export async function writeCardMetrics(modelDir: string, metrics: ValidationMetrics, bySite?: Record<string, ValidationMetrics>): Promise<string> {
  const path = join(modelDir, 'model-card.json');
  let text = setJsonMember(await readFile(path, 'utf8'), ['metrics', 'validation'], metrics);
  for (const [site, siteMetrics] of Object.entries(bySite ?? {})) text = setJsonMember(text, ['metrics', 'validationBySite', site], siteMetrics);
  await writeFile(path, text);
  return path;
}

const benignVsMalignant = (results: ImageResult[]) => {
  const graded = results.filter(({ row }) => row.label !== 'normal');
  return { scores: graded.map(({ findings }) => findings.malignancyProbability), positive: graded.map(({ row }) => row.label === 'malignant') };
};

/** Per-site ROC curves and the pooled reliability diagram as SVG files, their names and the ECE in the card. */
export async function writeCardFigures(modelDir: string, model: string, sites: Array<{ id: string; results: ImageResult[]; summary: EvaluationSummary }>): Promise<void> {
  const curves = sites.map(({ id, results, summary }) => {
    const { scores, positive } = benignVsMalignant(results);
    return { site: id, auc: summary.benignVsMalignant.auc.value, points: rocPoints(scores, positive) };
  });
  const pooled = benignVsMalignant(sites.flatMap(({ results }) => results));
  const calibration = reliability(pooled.scores, pooled.positive);
  await writeFile(join(modelDir, FIGURE_FILES.roc), rocSvg(`${model}: ROC per site`, curves));
  await writeFile(join(modelDir, FIGURE_FILES.reliability), reliabilitySvg(`${model}: reliability (pooled)`, calibration.bins, calibration.ece));
  const path = join(modelDir, 'model-card.json');
  const figures = { ...FIGURE_FILES, sites: sites.map(({ id }) => id), expectedCalibrationError: roundNumbers(calibration.ece, 4), reliabilityBins: roundNumbers(calibration.bins, 4) };
  await writeFile(path, setJsonMember(await readFile(path, 'utf8'), ['metrics', 'figures'], figures));
}
