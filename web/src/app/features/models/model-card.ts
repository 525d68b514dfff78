/** A metric with its 95 % confidence interval (metrics.validation) or a bare value (training-time figures). */
export interface Metric {
  name: 'accuracy' | 'sensitivity' | 'specificity' | 'auc';
  value: number;
  ci95: [number, number] | null;
}

/** The facts of a model card a doctor or administrator needs before trusting or activating a version. */
export interface CardFacts {
  intendedUse: string | null;
  exclusions: string[];
  dataset: string | null;
  citation: string | null;
  licence: string | null;
  trainImages: number | null;
  threshold: number | null;
  thresholdHow: string | null;
  /** 'validation': the product's evaluation with CIs; 'training': train.py's figures at training time. */
  metricsSource: 'validation' | 'training' | null;
  metricsNote: string | null;
  metricsN: number | null;
  metrics: Metric[];
  /** metrics.validationBySite: one row per site with its 95 % intervals. */
  sites: { site: string; n: number | null; metrics: Metric[] }[];
}

const METRIC_NAMES: Metric['name'][] = ['accuracy', 'sensitivity', 'specificity', 'auc'];

type Json = Record<string, unknown>;
const obj = (value: unknown): Json | null => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Reads a card defensively: cards are files shipped with the model, and older ones may lack fields. */
export function cardFacts(card: Json): CardFacts {
  const training = obj(card['trainingData']);
  const threshold = obj(card['operatingThreshold']);
  const metrics = obj(card['metrics']);
  const validation = obj(metrics?.['validation']);
  const python = obj(metrics?.['pythonValidation']);
  const source = validation ? 'validation' : python ? 'training' : null;
  const chosen = validation ?? python;
  return {
    intendedUse: str(card['intendedUse']),
    exclusions: Array.isArray(card['exclusions']) ? card['exclusions'].filter((e): e is string => typeof e === 'string') : [],
    dataset: str(training?.['dataset']),
    citation: str(training?.['citation']),
    licence: str(training?.['licence']),
    trainImages: trainImages(obj(obj(training?.['splitCounts'])?.['train'])),
    threshold: num(threshold?.['value']),
    thresholdHow: str(threshold?.['howChosen']),
    metricsSource: source,
    metricsNote: str(chosen?.['source']),
    metricsN: num(chosen?.['n']),
    metrics: chosen ? METRIC_NAMES.flatMap((name) => metric(name, chosen[name])) : [],
    sites: Object.entries(obj(metrics?.['validationBySite']) ?? {}).flatMap(([site, raw]) => {
      const figures = obj(raw);
      return figures ? [{ site, n: num(figures['n']), metrics: METRIC_NAMES.flatMap((name) => metric(name, figures[name])) }] : [];
    }),
  };
}

/** splitCounts.train: { total } for one dataset, or one { total } per dataset for a pooled model. */
function trainImages(train: Json | null): number | null {
  const total = num(train?.['total']);
  if (total !== null || !train) return total;
  const perSite = Object.values(train).map((site) => num(obj(site)?.['total']));
  return perSite.length > 0 && perSite.every((n) => n !== null) ? perSite.reduce((a, b) => a! + b!, 0) : null;
}

function metric(name: Metric['name'], raw: unknown): Metric[] {
  const bare = num(raw);
  if (bare !== null) return [{ name, value: bare, ci95: null }];
  const withCi = obj(raw);
  const value = num(withCi?.['value']);
  if (value === null) return [];
  const ci = withCi?.['ci95'];
  const ci95 = Array.isArray(ci) && ci.length === 2 && ci.every((c) => typeof c === 'number') ? (ci as [number, number]) : null;
  return [{ name, value, ci95 }];
}
