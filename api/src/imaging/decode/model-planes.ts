import { INPUT_CHECK_SIZE, MODEL_INPUT_SIZE, toModelInput } from '../../ai/inference/preprocess.js';
import type { GrayImage } from '../gray-image.js';

/** The squares kept for each frame: the pre-read models' input and the input check's. */
const KEPT_PLANE_SIDES = [MODEL_INPUT_SIZE, INPUT_CHECK_SIZE];

/**
 * A frame's model inputs (toModelInput at each side), computed where the frame is decoded, in a decode worker,
 * so that a pre-read hands them to the model without decoding or resizing on the API's event loop. Kept as one
 * blob: the number of planes (1 byte), each plane's side (uint16, big-endian), then the planes, side² bytes each.
 */
export function packPlanes(frame: GrayImage, sides: readonly number[] = KEPT_PLANE_SIDES): Uint8Array {
  const planes = sides.map((side) => toModelInput(frame, side));
  const header = 1 + 2 * sides.length;
  const packed = new Uint8Array(header + planes.reduce((n, p) => n + p.length, 0));
  const view = new DataView(packed.buffer);
  packed[0] = sides.length;
  sides.forEach((side, i) => view.setUint16(1 + 2 * i, side));
  let offset = header;
  for (const plane of planes) {
    packed.set(plane, offset);
    offset += plane.length;
  }
  return packed;
}

/** The planes of a packed blob by side; null when the bytes are not a whole packed blob. */
export function unpackPlanes(packed: Uint8Array): Map<number, Uint8Array> | null {
  const count = packed[0] ?? 0;
  const header = 1 + 2 * count;
  if (count === 0 || packed.length < header) return null;
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const planes = new Map<number, Uint8Array>();
  let offset = header;
  for (let i = 0; i < count; i++) {
    const side = view.getUint16(1 + 2 * i);
    if (offset + side * side > packed.length) return null;
    planes.set(side, packed.subarray(offset, offset + side * side));
    offset += side * side;
  }
  return offset === packed.length ? planes : null;
}
