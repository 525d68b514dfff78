import type { ModelCard } from './model-card.js';

/**
 * The card's declared minimum for release, e.g. the lower 95% bound of the AUC on the val split of every
 * site it was trained on. Only a version that meets it is a validated model; any other gives no call.
 */
export interface ReleaseGateSpec {
  metric: 'auc.ci95.low';
  minimum: number;
  sites: string[];
  split: string;
  rule?: string;
}

export interface GateSite {
  site: string;
  /** Lower bound of the AUC's 95% interval on the site's split; null when the card has no figures for it. */
  aucLow: number | null;
  passed: boolean;
}

export interface GateResult {
  passed: boolean;
  minimum: number | null;
  sites: GateSite[];
  /** Why the version fails, one line per problem; empty when it passes. */
  reasons: string[];
}

/** Problems of a declared gate (for parseModelCard); none when it is absent or well-formed. */
export function releaseGateProblems(gate: unknown): string[] {
  if (gate === undefined) return [];
  const g = gate as Partial<ReleaseGateSpec> | null;
  if (typeof g !== 'object' || g === null || Array.isArray(g)) return ['releaseGate must be an object'];
  const problems: string[] = [];
  if (g.metric !== 'auc.ci95.low') problems.push('releaseGate.metric must be "auc.ci95.low"');
  if (typeof g.minimum !== 'number' || !(g.minimum > 0 && g.minimum < 1)) problems.push('releaseGate.minimum must be a number between 0 and 1');
  if (!Array.isArray(g.sites) || g.sites.length === 0 || !g.sites.every((s) => typeof s === 'string' && s !== '')) problems.push('releaseGate.sites must list at least one dataset');
  if (typeof g.split !== 'string' || g.split === '') problems.push('releaseGate.split must name a split');
  return problems;
}

/** Whether the card's own validation figures (metrics.validationBySite, from models:eval) meet its declared minimum. */
export function releaseGate(card: ModelCard): GateResult {
  const spec = (card as { releaseGate?: ReleaseGateSpec }).releaseGate;
  if (!spec) return { passed: false, minimum: null, sites: [], reasons: ['the model card declares no release gate (no validated minimum)'] };
  const bySite = (card.metrics?.validationBySite ?? {}) as Record<string, { split?: string; auc?: { ci95?: [number, number] } }>;
  const reasons: string[] = [];
  const sites = spec.sites.map((site): GateSite => {
    const figures = bySite[site];
    const low = figures?.split === spec.split ? figures.auc?.ci95?.[0] : undefined;
    if (typeof low !== 'number' || !Number.isFinite(low)) {
      reasons.push(`${site}: no validation figures on the ${spec.split} split (run npm run models:eval on it)`);
      return { site, aucLow: null, passed: false };
    }
    const passed = low >= spec.minimum;
    if (!passed) reasons.push(`${site}: AUC lower 95% bound ${low.toFixed(3)} is below the minimum ${spec.minimum}`);
    return { site, aucLow: low, passed };
  });
  return { passed: reasons.length === 0, minimum: spec.minimum, sites, reasons };
}
