import type { Box } from '../../imaging/calibration.js';

/** The model's `heatmap` output for one image: per-cell lesion probability, row-major. */
export interface Heatmap {
  width: number;
  height: number;
  data: Float32Array;
}

export interface HeatmapComponent {
  /** Bounding box in cells. */
  cells: Box;
  area: number;
  maxValue: number;
}

/** 8-connected regions of cells above `threshold` with at least `minArea` cells (flood fill, no recursion). */
export function findHeatmapComponents(heatmap: Heatmap, threshold = 0.5, minArea = 4): HeatmapComponent[] {
  const { width, height, data } = heatmap;
  const visited = new Uint8Array(width * height);
  const queue = new Int32Array(width * height);
  const components: HeatmapComponent[] = [];
  for (let seed = 0; seed < data.length; seed++) {
    if (visited[seed] || !(data[seed] > threshold)) continue;
    visited[seed] = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    let [minX, minY, maxX, maxY, maxValue] = [width, height, -1, -1, 0];
    while (head < tail) {
      const cell = queue[head++];
      const cx = cell % width;
      const cy = (cell - cx) / width;
      [minX, maxX, minY, maxY] = [Math.min(minX, cx), Math.max(maxX, cx), Math.min(minY, cy), Math.max(maxY, cy)];
      maxValue = Math.max(maxValue, data[cell]);
      for (let ny = Math.max(0, cy - 1); ny <= Math.min(height - 1, cy + 1); ny++) {
        for (let nx = Math.max(0, cx - 1); nx <= Math.min(width - 1, cx + 1); nx++) {
          const next = ny * width + nx;
          if (!visited[next] && data[next] > threshold) {
            visited[next] = 1;
            queue[tail++] = next;
          }
        }
      }
    }
    if (tail >= minArea) components.push({ cells: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 }, area: tail, maxValue });
  }
  return components;
}
