/** Rounds every non-integer number in a JSON-like value to `digits` decimals (readable cards and logs). */
export function roundNumbers<T>(value: T, digits: number): T {
  const factor = 10 ** digits;
  const round = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? v : Math.round(v * factor) / factor;
    if (Array.isArray(v)) return v.map(round);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, round(inner)]));
    return v;
  };
  return round(value) as T;
}
