import type { GrayImage } from '../../imaging/gray-image.js';

/** Burned-in text is searched for in this share of the frame's top, and in this share of its bottom. */
const TOP_SHARE = 0.3;
const BOTTOM_SHARE = 0.2;
/** A glyph's stroke: a jump of at least this much between neighbours, its bright side at least this bright. */
const STROKE_JUMP = 100;
const STROKE_BRIGHT = 170;
/** A row of text has this many strokes at least (and one per 100 pixels of width). */
const MIN_STROKES = 6;
/** A line of text is this many rows of strokes at least (a lone bright speck is not a line); one row without may break it. */
const MIN_LINE_ROWS = 3;
/** Strokes further apart than this share of the width belong to different pieces of text on the line. */
const WORD_GAP_SHARE = 0.05;

/** [x0, y0, x1, y1], inclusive pixel bounds. */
export type Box = [number, number, number, number];

/**
 * Where a scanner burned text (name, ID, date, settings) into the frame, as boxes: lines of text are runs of
 * rows with many sharp bright strokes (speckle and the edge of the scan sector make few a row, characters
 * several a glyph), and each line is cut into pieces where its strokes are far apart, so that labels at both
 * sides of the image do not take the tissue between them. Searched for in the top and bottom bands, where
 * scanners write; each box is padded so that descenders and halos go too.
 */
export function textBoxes(frame: GrayImage): Box[] {
  const { width, height } = frame;
  const minStrokes = Math.max(MIN_STROKES, Math.ceil(width / 100));
  // Half a glyph sideways (a stroke at the frame's edge has no neighbour to jump from), a couple of rows up and down.
  const padX = Math.max(4, Math.ceil(width / 100));
  const padY = Math.max(2, Math.ceil(height / 100));
  const gap = Math.max(16, Math.round(width * WORD_GAP_SHARE));
  const strokesOf = (y: number): number[] => {
    const xs: number[] = [];
    const row = y * width;
    for (let x = 1; x < width; x++) {
      const a = frame.data[row + x - 1]!;
      const b = frame.data[row + x]!;
      if (Math.abs(a - b) >= STROKE_JUMP && Math.max(a, b) >= STROKE_BRIGHT) xs.push(x);
    }
    return xs.length >= minStrokes ? xs : [];
  };
  const boxes: Box[] = [];
  const searchRows = (from: number, to: number) => {
    let line: { y0: number; y1: number; xs: number[] } | null = null;
    let misses = 0;
    const close = () => {
      // Text is blanked wherever it is, on black or on a grey bar: privacy before the few rows of a bright
      // sector apex that can look like text and go too.
      if (line && line.y1 - line.y0 + 1 >= MIN_LINE_ROWS) boxes.push(...pieces(line.xs, gap, minStrokes).map(([x0, x1]): Box => [x0, line!.y0, x1, line!.y1]));
      line = null;
    };
    for (let y = from; y < to; y++) {
      const xs = strokesOf(y);
      if (xs.length) {
        if (line) {
          line.y1 = y;
          line.xs.push(...xs);
        } else {
          line = { y0: y, y1: y, xs };
        }
        misses = 0;
      } else if (line && ++misses > 1) {
        close();
      }
    }
    close();
  };
  searchRows(0, Math.ceil(height * TOP_SHARE));
  searchRows(Math.floor(height * (1 - BOTTOM_SHARE)), height);
  return boxes.map(([x0, y0, x1, y1]) => [Math.max(0, x0 - padX), Math.max(0, y0 - padY), Math.min(width - 1, x1 + padX), Math.min(height - 1, y1 + padY)]);
}

/** The stretches [x0, x1] of a line whose strokes lie within `gap` of each other and number enough to be text. */
function pieces(xs: number[], gap: number, minStrokes: number): Array<[number, number]> {
  const sorted = [...xs].sort((a, b) => a - b);
  const found: Array<[number, number]> = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i === sorted.length || sorted[i]! - sorted[i - 1]! > gap) {
      // Strokes summed over the line's rows: a piece must have a row's worth at least.
      if (i - start >= minStrokes) found.push([sorted[start]!, sorted[i - 1]!]);
      start = i;
    }
  }
  return found;
}
