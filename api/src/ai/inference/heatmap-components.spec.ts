import { findHeatmapComponents, type Heatmap } from './heatmap-components.js';

/** Heatmap from rows of characters: '#' = 0.9, '+' = 0.6, '.' = 0.1. */
function heatmap(rows: string[]): Heatmap {
  const values: Record<string, number> = { '#': 0.9, '+': 0.6, '.': 0.1 };
  return { width: rows[0].length, height: rows.length, data: Float32Array.from(rows.join(''), (c) => values[c]) };
}

describe('findHeatmapComponents', () => {
  it('finds 8-connected blobs above 0.5 with their box, area and peak', () => {
    const map = heatmap([
      '##......',
      '#+......',
      '..+.....', // diagonal neighbour of the first blob
      '........',
      '.....++.',
      '.....++.',
      '.#......', // one cell: below the minimum area
      '........',
    ]);
    const found = findHeatmapComponents(map);
    expect(found).toHaveLength(2);
    expect(found[0].cells).toEqual({ x: 0, y: 0, width: 3, height: 3 });
    expect(found[0].area).toBe(5);
    expect(found[0].maxValue).toBeCloseTo(0.9);
    expect(found[1]).toMatchObject({ cells: { x: 5, y: 4, width: 2, height: 2 }, area: 4 });
    expect(found[1].maxValue).toBeCloseTo(0.6);
  });

  it('applies the threshold strictly and the minimum area', () => {
    const map = heatmap(['++..', '++..']);
    expect(findHeatmapComponents(map, 0.7)).toEqual([]);
    expect(findHeatmapComponents(map, 0.5, 5)).toEqual([]);
    expect(findHeatmapComponents(map, 0.5, 4)).toHaveLength(1);
  });
});
