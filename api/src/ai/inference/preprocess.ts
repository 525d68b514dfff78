import type { GrayImage } from '../../imaging/gray-image.js';
import { resizeBilinear } from './resize-bilinear.js';

/** Side of the square model input (model card: input `image` [N,1,256,256]). */
export const MODEL_INPUT_SIZE = 256;

/**
 * One frame as the model's input plane: the whole frame squashed to size×size (no letterbox, no crop) with
 * Pillow-exact bilinear resampling, raw 0..255 values as float32 (normalisation is inside the ONNX graph).
 * A frame already size×size is copied unchanged.
 */
export function toModelInput(frame: GrayImage, size = MODEL_INPUT_SIZE): Float32Array {
  return Float32Array.from(resizeBilinear(frame, size, size).data);
}

/** Concatenates per-image planes into one [N,1,H,W] tensor buffer. */
export function batchTensorData(frames: Float32Array[]): Float32Array {
  const total = frames.reduce((sum, frame) => sum + frame.length, 0);
  const batch = new Float32Array(total);
  let offset = 0;
  for (const frame of frames) {
    batch.set(frame, offset);
    offset += frame.length;
  }
  return batch;
}
