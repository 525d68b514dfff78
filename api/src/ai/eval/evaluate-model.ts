/**
 * `npm run models:eval -- <dataset-folder> [--model <region>/<version>] [--split val|train|all] [--write-card]`
 *
 * Evaluates a model on a dataset folder (labels.csv + images/) through the product's own path and prints a
 * table, then ONE JSON line with every figure (the last line, for scripts). Writes metrics.validation into
 * the model card with --write-card, and by default for the val split of the model's own training dataset.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PreReadModel } from '../inference/pre-read-model.js';
import { type EvalArgs, parseArgs } from './cli-args.js';
import { runOnRows, summarise } from './evaluate-dataset.js';
import { type DatasetRow, parseLabels } from './labels-csv.js';
import { locateModel } from './model-location.js';
import { formatReport } from './report.js';
import { roundNumbers } from './round-numbers.js';
import { toValidationMetrics, writeCardMetrics } from './write-card-metrics.js';

async function readDataset(dir: string): Promise<DatasetRow[]> {
  if (!existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
  const path = join(dir, 'labels.csv');
  if (!existsSync(path)) throw new Error(`no labels.csv in ${dir} (expected labels.csv + images/)`);
  return parseLabels(await readFile(path, 'utf8'), path);
}

function regionOf(rows: DatasetRow[], source: string): string {
  const regions = [...new Set(rows.map((row) => row.region))];
  if (regions.length !== 1 || !regions[0]) {
    throw new Error(`${source}: the rows have region(s) ${JSON.stringify(regions)}; pass --model <region>/<version>`);
  }
  return regions[0];
}

/** The card's trainingData.dataset names the dataset ("BUSI - Breast ...") whose csv id is "busi". */
function isOwnDataset(cardDataset: string, datasetId: string): boolean {
  return datasetId !== '' && new RegExp(`\\b${datasetId.replace(/[^a-z0-9]/gi, '')}\\b`, 'i').test(cardDataset);
}

export async function evaluate(args: EvalArgs): Promise<Record<string, unknown>> {
  const datasetDir = resolve(args.datasetDir);
  const allRows = await readDataset(datasetDir);
  const rows = args.split === 'all' ? allRows : allRows.filter((row) => row.split === args.split);
  if (rows.length === 0) throw new Error(`no rows with split "${args.split}" in ${join(datasetDir, 'labels.csv')}`);
  const datasetId = rows[0].dataset || basename(datasetDir);
  const location = locateModel(args.modelsDir, args.model ?? regionOf(rows, datasetDir));
  const model = await PreReadModel.load(location.dir);
  try {
    const mismatched = rows.filter((row) => row.region && row.region !== model.card.region).length;
    if (mismatched > 0) process.stderr.write(`warning: ${mismatched} rows are not of the model's region "${model.card.region}"\n`);
    const started = Date.now();
    const results = await runOnRows(model, datasetDir, rows);
    const summary = summarise(results, model.card.operatingThreshold.value);
    const ownValSplit = args.split === 'val' && isOwnDataset(model.card.trainingData.dataset, datasetId);
    let cardPath: string | null = null;
    if (args.writeCard ?? ownValSplit) {
      cardPath = await writeCardMetrics(location.dir, toValidationMetrics(summary, datasetId, args.split, new Date()));
    }
    const title = `Model ${location.region}/${location.version} on ${datasetId} (${args.split}), ${((Date.now() - started) / 1000).toFixed(1)} s`;
    process.stdout.write(`${formatReport(title, summary)}\n${cardPath ? `metrics.validation written to ${cardPath}` : 'model card not changed'}\n`);
    const figures = roundNumbers(summary, 4);
    return { model: `${location.region}/${location.version}`, dataset: datasetId, split: args.split, ...figures, threshold: summary.threshold, cardWritten: cardPath };
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
