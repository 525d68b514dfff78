/** The ids in their new order after moving the one at `index` one place up (-1) or down (+1); null at either end. */
export function moved(ids: readonly string[], index: number, step: -1 | 1): string[] | null {
  const target = index + step;
  if (index < 0 || target < 0 || target >= ids.length) return null;
  const order = [...ids];
  [order[index], order[target]] = [order[target]!, order[index]!];
  return order;
}
