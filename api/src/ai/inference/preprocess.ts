import type { GrayImage } from '../../imaging/gray-image.js';
import { resizeBilinear } from './resize-bilinear.js';

/** Side of the square model input (model card: input `image` [N,1,256,256]). */
export const MODEL_INPUT_SIZE = 256;

/** Side of the input check's square input (models/input-check card: [N,1,64,64]). */
export const INPUT_CHECK_SIZE = 64;

/**
 * One frame as the model's input plane: the whole frame squashed to size×size (no letterbox, no crop) with
 * Pillow-exact bilinear resampling, raw 0..255 values (normalisation is inside the ONNX graph; batchTensorData
 * turns planes into float32). A frame already size×size is copied unchanged.
 */
export function toModelInput(frame: GrayImage, size = MODEL_INPUT_SIZE): Uint8Array {
  const { data } = resizeBilinear(frame, size, size);
  // A plane of its own: the frame's buffer may be shared or transferred elsewhere.
  return data === frame.data ? data.slice() : data;
}

/** Concatenates per-image planes into one float32 [N,1,H,W] tensor buffer (the graph's input type). */
export function batchTensorData(planes: Uint8Array[]): Float32Array {
  const total = planes.reduce((sum, plane) => sum + plane.length, 0);
  const batch = new Float32Array(total);
  let offset = 0;
  for (const plane of planes) {
    batch.set(plane, offset);
    offset += plane.length;
  }
  return batch;
}
