import type { Box } from '../../imaging/calibration.js';
import type { Heatmap } from './heatmap-components.js';

/** The four model outputs for one image (all sigmoid probabilities, see the model card). */
export interface ImageOutputs {
  malignancy: number;
  lesion: number;
  /** Normalised to the model input: top-left corner, width, height (far edge may exceed 1). */
  box: Box;
  heatmap: Heatmap;
}

/** The tensors of one `session.run` over a batch, as name → { data, dims }. */
export type BatchTensors = Record<string, { data: unknown; dims: readonly number[] }>;

function float32(tensors: BatchTensors, name: string): Float32Array {
  const tensor = tensors[name];
  if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`The model gave no float32 output "${name}"`);
  return tensor.data;
}

/** Splits batched outputs into per-image views (no copies). */
export function splitBatchOutputs(tensors: BatchTensors, count: number): ImageOutputs[] {
  const malignancy = float32(tensors, 'malignancy');
  const lesion = float32(tensors, 'lesion');
  const box = float32(tensors, 'box');
  const heatmap = float32(tensors, 'heatmap');
  const [, , height, width] = tensors.heatmap.dims;
  const cells = width * height;
  if (malignancy.length !== count || lesion.length !== count || box.length !== count * 4 || heatmap.length !== count * cells) {
    throw new Error(`The model's outputs do not match a batch of ${count} images`);
  }
  return Array.from({ length: count }, (_, i) => ({
    malignancy: malignancy[i],
    lesion: lesion[i],
    box: { x: box[i * 4], y: box[i * 4 + 1], width: box[i * 4 + 2], height: box[i * 4 + 3] },
    heatmap: { width, height, data: heatmap.subarray(i * cells, (i + 1) * cells) },
  }));
}
