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

export const MODEL_VERSION_FIELDS = 'id region version status registeredAt activatedAt activatedBy loadError sha256 card';
export const INFERENCE_STATUS_FIELDS = 'mode providers queueDepth maxBatch maxQueue maxWaitMs loaded { modelVersionId provider batches items largestBatch waiting }';
