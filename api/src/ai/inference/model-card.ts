import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type AnatomicalRegion, isAnatomicalRegion } from './region.js';
import { type ReleaseGateSpec, releaseGateProblems } from './release-gate.js';

/** A tensor of the model's contract; 'N' is the dynamic batch axis. */
export interface TensorSpec {
  name: string;
  shape: Array<number | 'N'>;
  dtype: 'float32';
  preprocessing?: string;
  meaning?: string;
}

export interface Estimate {
  value: number;
  /** 95% confidence interval [low, high]. */
  ci95: [number, number];
}

/** Written by the TypeScript evaluation (`npm run models:eval`). */
export interface ValidationMetrics {
  dataset: string;
  split: string;
  n: number;
  computedAt: string;
  threshold: number;
  nBenign: number;
  nMalignant: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  accuracy: Estimate & { method: string };
  sensitivity: Estimate & { method: string };
  specificity: Estimate & { method: string };
  auc: Estimate & { method: string };
  boxIoU: (Estimate & { n: number; method: string }) | null;
  lesionPresenceAuc?: Estimate & { method: string; n: number };
  [extra: string]: unknown;
}

/** model-card.json as written by models/training/train.py; fields the product reads are required. */
export interface ModelCard {
  name: string;
  region: AnatomicalRegion;
  version: string;
  created?: string;
  intendedUse: string;
  exclusions: string[];
  trainingData: {
    dataset: string;
    citation?: string;
    licence?: string;
    labels?: string;
    splitCounts?: Record<string, Record<string, number>>;
    caveats?: string[];
    [extra: string]: unknown;
  };
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  operatingThreshold: { value: number; appliesTo: 'malignancy'; howChosen?: string };
  /** The declared minimum a version must meet to be served as validated (see release-gate.ts). */
  releaseGate?: ReleaseGateSpec;
  architecture?: Record<string, unknown>;
  metrics?: {
    pythonValidation?: Record<string, unknown>;
    validation?: ValidationMetrics;
    /** One entry per site (dataset id), written by `npm run models:eval`: what the release gate reads. */
    validationBySite?: Record<string, ValidationMetrics>;
    [extra: string]: unknown;
  };
  notes?: string[];
}

export class ModelCardError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid model card ${source}: ${problems.join('; ')}`);
    this.name = 'ModelCardError';
  }
}

/** Expected shape: a fixed size, the batch axis 'N', or 'size' for any positive size. */
type ShapePattern = Array<number | 'N' | 'size'>;

/** The tensors the product reads. */
const REQUIRED_OUTPUTS: Record<string, ShapePattern> = {
  malignancy: ['N', 1],
  lesion: ['N', 1],
  box: ['N', 4],
  heatmap: ['N', 1, 'size', 'size'],
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

function shapeMatches(actual: unknown, expected: ShapePattern): boolean {
  return (
    Array.isArray(actual) &&
    actual.length === expected.length &&
    actual.every((dim, i) => (expected[i] === 'size' ? Number.isInteger(dim) && (dim as number) > 0 : dim === expected[i]))
  );
}

function checkInputs(inputs: unknown, problems: string[]): void {
  const image = Array.isArray(inputs) ? inputs.find((input) => isRecord(input) && input.name === 'image') : undefined;
  if (!isRecord(image)) {
    problems.push('inputs must list the tensor "image"');
    return;
  }
  const shape = image.shape;
  if (!shapeMatches(shape, ['N', 1, 'size', 'size']) || (shape as unknown[])[2] !== (shape as unknown[])[3]) problems.push(`input "image" must have shape ["N",1,S,S], got ${JSON.stringify(shape)}`);
  if (image.dtype !== 'float32') problems.push(`input "image" must be float32, got ${JSON.stringify(image.dtype)}`);
}

function checkOutputs(outputs: unknown, problems: string[]): void {
  const list = Array.isArray(outputs) ? outputs.filter(isRecord) : [];
  for (const [name, shape] of Object.entries(REQUIRED_OUTPUTS)) {
    const output = list.find((o) => o.name === name);
    if (!output) problems.push(`outputs must list the tensor "${name}"`);
    else if (!shapeMatches(output.shape, shape)) {
      problems.push(`output "${name}" must have shape ${JSON.stringify(shape)}, got ${JSON.stringify(output.shape)}`);
    }
  }
}

/** Checks the fields the product relies on; collects every problem so that one error lists them all. */
export function parseModelCard(json: unknown, source = 'model-card.json'): ModelCard {
  if (!isRecord(json)) throw new ModelCardError(source, ['the card must be a JSON object']);
  const problems: string[] = [];
  for (const field of ['name', 'region', 'version', 'intendedUse'] as const) {
    if (!isNonEmptyString(json[field])) problems.push(`missing field "${field}"`);
  }
  if (isNonEmptyString(json.region) && !isAnatomicalRegion(json.region)) problems.push(`unknown region "${json.region}"`);
  if (!Array.isArray(json.exclusions)) problems.push('missing field "exclusions" (a list)');
  if (!isRecord(json.trainingData) || !isNonEmptyString(json.trainingData.dataset)) problems.push('missing field "trainingData.dataset"');
  checkInputs(json.inputs, problems);
  checkOutputs(json.outputs, problems);
  const threshold = isRecord(json.operatingThreshold) ? json.operatingThreshold : undefined;
  if (!threshold || typeof threshold.value !== 'number' || !(threshold.value > 0 && threshold.value < 1)) {
    problems.push('operatingThreshold.value must be a number between 0 and 1');
  } else if (threshold.appliesTo !== 'malignancy') {
    problems.push('operatingThreshold.appliesTo must be "malignancy"');
  }
  problems.push(...releaseGateProblems(json.releaseGate));
  if (problems.length > 0) throw new ModelCardError(source, problems);
  return json as unknown as ModelCard;
}

/** Reads and validates `<dir>/model-card.json`. */
export async function readModelCard(dir: string): Promise<ModelCard> {
  const path = join(dir, 'model-card.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ModelCardError(path, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelCardError(path, [`not valid JSON (${(error as Error).message})`]);
  }
  return parseModelCard(json, path);
}

/** Side of the square input image, e.g. 256. */
export function inputSizeOf(card: ModelCard): number {
  return card.inputs.find((input) => input.name === 'image')!.shape[2] as number;
}
