import type { Box } from '../../imaging/calibration.js';

export function area(box: Box): number {
  return Math.max(0, box.width) * Math.max(0, box.height);
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Intersection over union of two boxes in the same coordinates (0 when both are empty). */
export function iou(a: Box, b: Box): number {
  const intersection = intersectionArea(a, b);
  const union = area(a) + area(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Box normalised to 0..1 (the model's frame) to whole pixels of a width×height frame, clipped to it. */
export function toPixelBox(normalised: Box, width: number, height: number): Box {
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, Math.round(value * max)));
  const x0 = clamp(normalised.x, width);
  const y0 = clamp(normalised.y, height);
  const x1 = clamp(normalised.x + normalised.width, width);
  const y1 = clamp(normalised.y + normalised.height, height);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
