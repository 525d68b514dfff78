import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '../../imaging/decode/decode-image.js';
import { iou } from '../inference/box-geometry.js';
import type { Findings } from '../inference/postprocess.js';
import { preRead } from '../inference/pre-read.js';
import type { PreReadModel } from '../inference/pre-read-model.js';
import type { DatasetRow } from './labels-csv.js';
import { aucDeLong, classificationMetrics, type Confusion, confusionAt, type Estimate, meanWithBootstrapCi } from './metrics.js';

export interface ImageResult {
  row: DatasetRow;
  findings: Findings;
}

/** Images decoded per preRead call (preRead itself runs them in batches of 16): bounds memory on big splits. */
const CHUNK = 64;

/** Runs every row's image through the product path: decodeImage → preRead (toModelInput, batches, toFindings). */
export async function runOnRows(model: PreReadModel, datasetDir: string, rows: DatasetRow[]): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const decoded = await Promise.all(chunk.map(async (row) => decodeImage(await readFile(join(datasetDir, 'images', row.file)))));
    const findings = await preRead(
      model,
      decoded.map((image) => ({ frame: image.frames[0], calibration: image.calibration })),
    );
    findings.forEach((f, i) => results.push({ row: chunk[i], findings: f }));
  }
  return results;
}

export interface EvaluationSummary {
  threshold: number;
  nImages: number;
  benignVsMalignant: {
    n: number;
    nBenign: number;
    nMalignant: number;
    confusion: Confusion;
    accuracy: Estimate;
    sensitivity: Estimate;
    specificity: Estimate;
    auc: Estimate & { method: string };
  };
  /** Only where the split has `normal` images and the region's lesion output is informative. */
  lesionPresence: { n: number; nNormal: number; nLesion: number; auc: Estimate & { method: string } } | null;
  /** Primary lesion box vs the csv box; an image where the product found no lesion scores 0. */
  boxIoU: (Estimate & { n: number; method: string }) | null;
  /** Counts of AI-estimated category per true label ('none' = no lesion found). */
  categories: Record<string, Record<string, number>>;
}

export const AUC_METHOD = 'DeLong variance, normal 95% interval clipped to [0,1]';
export const IOU_METHOD = 'mean IoU of the primary lesion box (0 when none found), seeded percentile bootstrap of 2000 resamples';

function aucWithMethod(positives: number[], negatives: number[]): Estimate & { method: string } {
  const { value, ci95 } = aucDeLong(positives, negatives);
  return { value, ci95, method: AUC_METHOD };
}

export function summarise(results: ImageResult[], threshold: number): EvaluationSummary {
  const graded = results.filter(({ row }) => row.label !== 'normal');
  const malignant = graded.map(({ row }) => row.label === 'malignant');
  const scores = graded.map(({ findings }) => findings.malignancyProbability);
  const confusion = confusionAt(scores, malignant, threshold);
  const normals = results.filter(({ row }) => row.label === 'normal');
  const informative = results.every(({ findings }) => findings.lesionProbability !== null);
  const lesionProbabilities = (list: ImageResult[]) => list.map(({ findings }) => findings.lesionProbability!);
  const presence =
    normals.length > 0 && graded.length > 0 && informative ? aucWithMethod(lesionProbabilities(graded), lesionProbabilities(normals)) : null;
  const ious = results
    .filter(({ row }) => row.bbox !== null && row.label !== 'normal')
    .map(({ row, findings }) => (findings.lesions[0] ? iou(findings.lesions[0].box, row.bbox!) : 0));
  const categories: EvaluationSummary['categories'] = {};
  for (const { row, findings } of results) {
    const counts = (categories[row.label] ??= {});
    const value = findings.category?.value ?? 'none';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return {
    threshold,
    nImages: results.length,
    benignVsMalignant: {
      n: graded.length,
      nBenign: malignant.filter((m) => !m).length,
      nMalignant: malignant.filter((m) => m).length,
      confusion,
      ...classificationMetrics(confusion),
      auc: aucWithMethod(
        scores.filter((_, i) => malignant[i]),
        scores.filter((_, i) => !malignant[i]),
      ),
    },
    lesionPresence: presence ? { n: results.length, nNormal: normals.length, nLesion: graded.length, auc: presence } : null,
    boxIoU: ious.length > 0 ? { ...meanWithBootstrapCi(ious), n: ious.length, method: IOU_METHOD } : null,
    categories,
  };
}
