/** A box [x0, y0, x1, y1] in image pixels (corners in any order) as CSS percentages of the displayed picture. */
export function boxOnImage(box: readonly number[] | null, image: HTMLImageElement | null): { left: number; top: number; width: number; height: number } | null {
  if (!box || box.length !== 4 || !image?.naturalWidth) return null;
  const [w, h] = [image.naturalWidth, image.naturalHeight];
  const [x0, x1] = [Math.min(box[0]!, box[2]!), Math.max(box[0]!, box[2]!)];
  const [y0, y1] = [Math.min(box[1]!, box[3]!), Math.max(box[1]!, box[3]!)];
  return { left: (x0 / w) * 100, top: (y0 / h) * 100, width: ((x1 - x0) / w) * 100, height: ((y1 - y0) / h) * 100 };
}
