import type { EvaluationSummary } from './evaluate-dataset.js';
import type { Estimate } from './metrics.js';

const pct = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const withCi = (e: Estimate) => `${pct(e.value)}  (95% CI ${pct(e.ci95[0])}–${pct(e.ci95[1])})`;

/** Human-readable table of an evaluation (printed before the JSON line). */
export function formatReport(title: string, summary: EvaluationSummary): string {
  const bm = summary.benignVsMalignant;
  const c = bm.confusion;
  const lines = [
    title,
    `images: ${summary.nImages}   threshold (card): ${summary.threshold}`,
    '',
    `benign vs malignant (n = ${bm.n}: ${bm.nBenign} benign, ${bm.nMalignant} malignant)`,
    `  accuracy     ${withCi(bm.accuracy)}`,
    `  sensitivity  ${withCi(bm.sensitivity)}`,
    `  specificity  ${withCi(bm.specificity)}`,
    `  AUC          ${withCi(bm.auc)}  [${bm.auc.method}]`,
    `  confusion    TP ${c.tp}  FN ${c.fn}  FP ${c.fp}  TN ${c.tn}`,
  ];
  if (summary.lesionPresence) {
    const lp = summary.lesionPresence;
    lines.push(`lesion presence (n = ${lp.n}: ${lp.nNormal} normal, ${lp.nLesion} with lesion)`, `  AUC          ${withCi(lp.auc)}`);
  }
  if (summary.boxIoU) lines.push(`box IoU vs csv box (n = ${summary.boxIoU.n})`, `  mean IoU     ${withCi(summary.boxIoU)}  [bootstrap]`);
  lines.push('AI-estimated category by true label:');
  for (const [label, counts] of Object.entries(summary.categories)) {
    const cells = Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, count]) => `${value}: ${count}`);
    lines.push(`  ${label.padEnd(10)} ${cells.join('  ')}`);
  }
  return lines.join('\n');
}

const cell = (e: Estimate) => `${pct(e.value)} [${pct(e.ci95[0])}, ${pct(e.ci95[1])}]`;

/** One row per site (and a pooled row): n, AUC, sensitivity, specificity, box IoU, each with its 95% interval. */
export function formatSiteTable(title: string, sites: Array<{ id: string; summary: EvaluationSummary }>, pooled: EvaluationSummary): string {
  const header = ['site', 'n (b/m)', 'AUC [95% CI]', 'sensitivity [95% CI]', 'specificity [95% CI]', 'box IoU [95% CI]'];
  const row = (id: string, s: EvaluationSummary) => {
    const bm = s.benignVsMalignant;
    return [id, `${bm.n} (${bm.nBenign}/${bm.nMalignant})`, cell(bm.auc), cell(bm.sensitivity), cell(bm.specificity), s.boxIoU ? cell(s.boxIoU) : 'n/a'];
  };
  const rows = [header, ...sites.map(({ id, summary }) => row(id, summary)), row('pooled', pooled)];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c])).join('  ');
  return [title, `threshold (card): ${pooled.threshold}`, line(header), ...rows.slice(1).map(line)].join('\n');
}
