import type { ModelCard } from './model-card.js';
import type { AnatomicalRegion } from './region.js';

/** A minimal valid model card (the contract of models/<region>/<version>/model-card.json). */
export function testCard(region: AnatomicalRegion = 'breast', threshold = 0.5): ModelCard {
  return {
    name: `test-${region}`,
    region,
    version: '0.0.1',
    intendedUse: 'tests',
    exclusions: [],
    trainingData: { dataset: 'TEST - synthetic' },
    inputs: [{ name: 'image', shape: ['N', 1, 256, 256], dtype: 'float32' }],
    outputs: [
      { name: 'malignancy', shape: ['N', 1], dtype: 'float32' },
      { name: 'lesion', shape: ['N', 1], dtype: 'float32' },
      { name: 'box', shape: ['N', 4], dtype: 'float32' },
      { name: 'heatmap', shape: ['N', 1, 64, 64], dtype: 'float32' },
    ],
    operatingThreshold: { value: threshold, appliesTo: 'malignancy' },
  };
}
