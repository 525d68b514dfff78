/**
 * `npm run models:eval -- <dataset-folder> [<dataset-folder> ...] [--model <region>/<version>] [--split val|train|all] [--write-card]`
 *
 * Evaluates a model on one or more dataset folders (one site each) through the product's own path and prints
 * a table per site (and, for several, one row per site with 95% intervals), then ONE JSON line with every
 * figure (the last line, for scripts; with several sites its benignVsMalignant is the pooled one). With
 * --write-card, and by default for the val splits of the model's own training datasets, it writes
 * metrics.validation (pooled), metrics.validationBySite (what the release gate reads) and the ROC and
 * reliability figures into the model folder.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ModelCard } from '../inference/model-card.js';
import { PreReadModel } from '../inference/pre-read-model.js';
import { type EvalArgs, parseArgs } from './cli-args.js';
import { type ImageResult, runOnRows, summarise } from './evaluate-dataset.js';
import { type DatasetRow, parseLabels } from './labels-csv.js';
import { locateModel } from './model-location.js';
import { formatReport, formatSiteTable } from './report.js';
import { roundNumbers } from './round-numbers.js';
import { toValidationMetrics, writeCardFigures, writeCardMetrics } from './write-card-metrics.js';

interface Site {
  dir: string;
  id: string;
  rows: DatasetRow[];
}

async function readSite(dirArg: string, split: EvalArgs['split']): Promise<Site> {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
  const path = join(dir, 'labels.csv');
  if (!existsSync(path)) throw new Error(`no labels.csv in ${dir} (expected labels.csv + images/)`);
  const allRows = parseLabels(await readFile(path, 'utf8'), path);
  const rows = split === 'all' ? allRows : allRows.filter((row) => row.split === split);
  if (rows.length === 0) throw new Error(`no rows with split "${split}" in ${path}`);
  return { dir, id: rows[0].dataset || basename(dir), rows };
}

function regionOf(sites: Site[]): string {
  const regions = [...new Set(sites.flatMap((site) => site.rows.map((row) => row.region)))];
  if (regions.length !== 1 || !regions[0]) {
    throw new Error(`${sites.map((s) => s.dir).join(', ')}: the rows have region(s) ${JSON.stringify(regions)}; pass --model <region>/<version>`);
  }
  return regions[0];
}

/** A dataset the card says it was trained on: listed in trainingData.datasets, or named in trainingData.dataset ("BUSI - ..."). */
function isOwnDataset(card: ModelCard, datasetId: string): boolean {
  const listed = Array.isArray(card.trainingData.datasets) && card.trainingData.datasets.some((d) => (d as { name?: string }).name === datasetId);
  return listed || (datasetId !== '' && new RegExp(`\\b${datasetId.replace(/[^a-z0-9]/gi, '')}\\b`, 'i').test(card.trainingData.dataset));
}

export async function evaluate(args: EvalArgs): Promise<Record<string, unknown>> {
  const sites: Site[] = [];
  for (const dir of args.datasetDirs) sites.push(await readSite(dir, args.split));
  const location = locateModel(args.modelsDir, args.model ?? regionOf(sites));
  const model = await PreReadModel.load(location.dir);
  try {
    const threshold = model.card.operatingThreshold.value;
    const perSite: Array<{ site: Site; results: ImageResult[] }> = [];
    for (const site of sites) {
      const mismatched = site.rows.filter((row) => row.region && row.region !== model.card.region).length;
      if (mismatched > 0) process.stderr.write(`warning: ${site.id}: ${mismatched} rows are not of the model's region "${model.card.region}"\n`);
      const started = Date.now();
      const results = await runOnRows(model, site.dir, site.rows);
      const title = `Model ${location.region}/${location.version} on ${site.id} (${args.split}), ${((Date.now() - started) / 1000).toFixed(1)} s`;
      process.stdout.write(`${formatReport(title, summarise(results, threshold))}\n\n`);
      perSite.push({ site, results });
    }
    const summaries = perSite.map(({ site, results }) => ({ id: site.id, results, summary: summarise(results, threshold) }));
    const pooled = summarise(perSite.flatMap(({ results }) => results), threshold);
    const datasetId = sites.map((s) => s.id).join('+');
    if (sites.length > 1) process.stdout.write(`${formatSiteTable(`Model ${location.region}/${location.version}, ${args.split} split, one row per site`, summaries, pooled)}\n`);

    const ownValSplits = args.split === 'val' && sites.every((site) => isOwnDataset(model.card, site.id));
    let cardPath: string | null = null;
    if (args.writeCard ?? ownValSplits) {
      const now = new Date();
      const bySite = Object.fromEntries(summaries.map(({ id, summary }) => [id, toValidationMetrics(summary, id, args.split, now)]));
      cardPath = await writeCardMetrics(location.dir, toValidationMetrics(pooled, datasetId, args.split, now), bySite);
      await writeCardFigures(location.dir, `${location.region}/${location.version}`, summaries);
    }
    process.stdout.write(`${cardPath ? `metrics.validation, metrics.validationBySite and figures written to ${cardPath}` : 'model card not changed'}\n`);
    const figures = roundNumbers(pooled, 4);
    const bySiteFigures = sites.length > 1 ? { sites: Object.fromEntries(summaries.map(({ id, summary }) => [id, roundNumbers(summary, 4)])) } : {};
    return { model: `${location.region}/${location.version}`, dataset: datasetId, split: args.split, ...figures, ...bySiteFigures, threshold, cardWritten: cardPath };
  } finally {
    await model.release();
  }
}

async function main(): Promise<void> {
  try {
    const result = await evaluate(parseArgs(process.argv.slice(2)));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`models:eval: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
