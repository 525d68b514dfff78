import type { ModelCard } from './inference/model-card.js';
import { type GateResult, releaseGate } from './inference/release-gate.js';
import type { ModelVersion } from './model-version.entity.js';

/** The release gate as read from a version's registered card. */
export const gateOf = (version: ModelVersion): GateResult => releaseGate(version.card as unknown as ModelCard);
