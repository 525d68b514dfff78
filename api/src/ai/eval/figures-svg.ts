import type { ReliabilityBin, RocPoint } from './curves.js';

/** Small dependency-free SVG plots for the model card folder (shown on the AI models page). */

const SIZE = 320;
const PAD = 40;
const PLOT = SIZE - 2 * PAD;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const x = (v: number) => (PAD + v * PLOT).toFixed(1);
const y = (v: number) => (SIZE - PAD - v * PLOT).toFixed(1);
const escape = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function frame(title: string, xLabel: string, yLabel: string, body: string[]): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].flatMap((t) => [
    `<text x="${x(t)}" y="${SIZE - PAD + 14}" text-anchor="middle">${t}</text>`,
    `<text x="${PAD - 6}" y="${y(t)}" text-anchor="end" dominant-baseline="middle">${t}</text>`,
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}" font-family="sans-serif" font-size="10">`,
    `<rect width="${SIZE}" height="${SIZE}" fill="#fff"/>`,
    `<text x="${SIZE / 2}" y="16" text-anchor="middle" font-size="12">${escape(title)}</text>`,
    `<rect x="${PAD}" y="${PAD}" width="${PLOT}" height="${PLOT}" fill="none" stroke="#888"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 3"/>`,
    ...ticks,
    `<text x="${SIZE / 2}" y="${SIZE - 8}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text x="12" y="${SIZE / 2}" text-anchor="middle" transform="rotate(-90 12 ${SIZE / 2})">${escape(yLabel)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** One ROC curve per site, the legend giving each site's AUC. */
export function rocSvg(title: string, curves: Array<{ site: string; auc: number; points: RocPoint[] }>): string {
  const body = curves.flatMap(({ site, auc, points }, i) => [
    `<polyline fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5" points="${points.map(([f, t]) => `${x(f)},${y(t)}`).join(' ')}"/>`,
    `<text x="${x(0.45)}" y="${y(0.2 - i * 0.07)}" fill="${COLOURS[i % COLOURS.length]}">${escape(site)}  AUC ${auc.toFixed(3)}</text>`,
  ]);
  return frame(title, 'false-positive rate (1 - specificity)', 'sensitivity', body);
}

/** Reliability diagram: observed malignancy rate per bin of predicted probability, dot area ~ bin size. */
export function reliabilitySvg(title: string, bins: ReliabilityBin[], ece: number): string {
  const total = bins.reduce((s, b) => s + b.n, 0) || 1;
  const body = [
    `<polyline fill="none" stroke="${COLOURS[0]}" stroke-width="1.5" points="${bins.map((b) => `${x(b.meanPredicted)},${y(b.observedRate)}`).join(' ')}"/>`,
    ...bins.map((b) => `<circle cx="${x(b.meanPredicted)}" cy="${y(b.observedRate)}" r="${(2 + 10 * Math.sqrt(b.n / total)).toFixed(1)}" fill="${COLOURS[0]}" fill-opacity="0.35"/>`),
    `<text x="${x(0.05)}" y="${y(0.92)}">ECE ${ece.toFixed(3)} (10 bins, n = ${total})</text>`,
  ];
  return frame(title, 'predicted probability of malignancy', 'observed malignant fraction', body);
}
