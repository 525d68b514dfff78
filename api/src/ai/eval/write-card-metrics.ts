import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidationMetrics } from '../inference/model-card.js';
import type { EvaluationSummary } from './evaluate-dataset.js';
import { setJsonMember } from './json-text-edit.js';
import { roundNumbers } from './round-numbers.js';

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

/** Writes metrics.validation into <modelDir>/model-card.json, leaving every other byte of the file as it was. */
export async function writeCardMetrics(modelDir: string, metrics: ValidationMetrics): Promise<string> {
  const path = join(modelDir, 'model-card.json');
  const text = await readFile(path, 'utf8');
  await writeFile(path, setJsonMember(text, ['metrics', 'validation'], metrics));
  return path;
}
