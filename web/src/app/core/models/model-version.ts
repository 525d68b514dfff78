import type { AnatomicalRegion } from './study';

export type ModelStatus = 'ACTIVE' | 'AVAILABLE' | 'RETIRED';

export interface ModelVersion {
  id: string;
  region: AnatomicalRegion;
  version: string;
  status: ModelStatus;
  registeredAt: string;
  activatedAt: string | null;
  activatedBy: string | null;
  loadError: string | null;
  sha256: string;
  /** The model card as the model folder ships it (see models/<region>/<version>/model-card.json). */
  card: Record<string, unknown>;
  /** The release gate: a version that fails it is experimental and gives no benign/malignant call. */
  gate: { passed: boolean; minimum: number | null; reasons: string[]; sites: { site: string; aucLow: number | null; passed: boolean }[] };
  /** Per-site ROC curves and the reliability diagram (SVG), where evaluated. */
  figures: { kind: string; svg: string }[];
}

export interface LoadedModel {
  modelVersionId: string;
  provider: string;
  batches: number;
  items: number;
  largestBatch: number;
  waiting: number;
}

export interface InferenceStatus {
  mode: string;
  providers: string[];
  queueDepth: number;
  maxBatch: number;
  maxQueue: number;
  maxWaitMs: number;
  loaded: LoadedModel[];
}

export const MODEL_VERSION_FIELDS =
  'id region version status registeredAt activatedAt activatedBy loadError sha256 card gate { passed minimum reasons sites { site aucLow passed } } figures { kind svg }';
export const INFERENCE_STATUS_FIELDS = 'mode providers queueDepth maxBatch maxQueue maxWaitMs loaded { modelVersionId provider batches items largestBatch waiting }';
